import { describe, expect, test } from "bun:test";
import type { GroupConfig } from "../../../src/config/schema.ts";
import { draftFromGroup, emptyDraft, groupFromDraft, splitList, type GroupDraft } from "../../../src/ui/group-form.ts";

const providers = ["openai", "ollama"];
const draft = (overrides: Partial<GroupDraft> = {}): GroupDraft => ({ ...emptyDraft(), name: "team", aliases: [{ alias: "m", targets: "openai/gpt" }], ...overrides });

test("splitList splits on commas and newlines and drops blanks", () => {
  expect(splitList(" a, b\n\nc ,")).toEqual(["a", "b", "c"]);
});

describe("groupFromDraft", () => {
  test("builds the API body from typed text", () => {
    const { group, problems } = groupFromDraft(draft({ tool_filter: "WebFetch, WebSearch", temperature_ratio: "0.5", prompt_injection: "enhance", prompt_text: "Be brief.", aliases: [{ alias: " claude-* ", targets: "openai/gpt-5\nollama/qwen3, openai/gpt-4o" }] }), { providers });
    expect(problems).toEqual([]);
    expect(group).toEqual({ name: "team", prompt_injection: "enhance", prompt_text: "Be brief.", prompt_position: "system", tool_filter: ["WebFetch", "WebSearch"], temperature_ratio: 0.5, aliases: [{ alias: "claude-*", targets: ["openai/gpt-5", "ollama/qwen3", "openai/gpt-4o"] }] });
  });

  test("each problem names its field", () => {
    const { group, problems } = groupFromDraft(
      draft({ name: "switch", temperature_ratio: "-1", prompt_injection: "replace", prompt_text: " ", aliases: [{ alias: "", targets: "" }, { alias: "x", targets: "gpt-5\nnosuch/m" }, { alias: "x", targets: "openai/a" }] }),
      { providers },
    );
    expect(group).toBeUndefined();
    expect(problems.map((problem) => problem.field)).toEqual(["name", "temperature_ratio", "prompt_text", "aliases.0.alias", "aliases.0.targets", "aliases.1.targets", "aliases.1.targets", "aliases.2.alias"]);
    expect(problems[0]!.message).toContain("route prefix");
    expect(problems[6]!.message).toContain("unknown provider 'nosuch'");
  });

  test("bad names and a missing name", () => {
    expect(groupFromDraft(draft({ name: "" })).problems[0]!.message).toBe("A name is required.");
    expect(groupFromDraft(draft({ name: "a b" })).problems[0]!.field).toBe("name");
  });

  test("without a provider list, any provider/model passes (the server checks)", () => {
    expect(groupFromDraft(draft({ aliases: [{ alias: "m", targets: "anything/model" }] })).problems).toEqual([]);
  });

  test("settings the editor does not show are carried over from the original", () => {
    const original: GroupConfig = { name: "team", prompt_injection: "off", prompt_text: "", prompt_position: "system", tool_filter: [], temperature_ratio: 1, max_tokens_cap: 4096, extra_body: { provider: { sort: "price" } }, aliases: [{ alias: "m", targets: ["openai/gpt"], max_tokens_cap: 100 }, { alias: "gone", targets: ["openai/x"] }] };
    const edited = draftFromGroup(original);
    edited.temperature_ratio = "0.7";
    edited.aliases = [{ alias: "m", targets: "ollama/qwen" }, { alias: "new", targets: "openai/y" }];
    const { group } = groupFromDraft(edited, { original, providers });
    expect(group).toEqual({ ...original, temperature_ratio: 0.7, aliases: [{ alias: "m", targets: ["ollama/qwen"], max_tokens_cap: 100 }, { alias: "new", targets: ["openai/y"] }] });
  });
});

test("draftFromGroup shows lists as editable text", () => {
  const group: GroupConfig = { name: "g", prompt_injection: "off", prompt_text: "", prompt_position: "user", tool_filter: ["A", "B"], temperature_ratio: 1.5, aliases: [{ alias: "m", targets: ["p/a", "p/b"] }] };
  expect(draftFromGroup(group)).toEqual({ name: "g", prompt_injection: "off", prompt_text: "", prompt_position: "user", tool_filter: "A, B", temperature_ratio: "1.5", aliases: [{ alias: "m", targets: "p/a\np/b" }] });
});
