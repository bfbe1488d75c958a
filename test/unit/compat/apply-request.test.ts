// In charge of the compat upstream request: no native tool fields, instructions in the system prompt only with tools, history as text.
import { describe, expect, test } from "bun:test";
import { applyCompatRequest } from "../../../src/compat/apply-request.ts";
import { renderToolInstructions } from "../../../src/compat/render-tools.ts";
import type { UnifiedMessage } from "../../../src/unified/content.ts";
import { emptyRequest, type UnifiedRequest } from "../../../src/unified/request.ts";
import { loadTools } from "./corpus.ts";

const tools = loadTools().slice(0, 3);
const history: UnifiedMessage[] = [
  { role: "user", content: [{ type: "text", text: "Read /a" }] },
  { role: "assistant", content: [{ type: "text", text: "Sure." }, { type: "tool-call", id: "call_1", name: "Read", arguments: { file_path: "/a" } }] },
  { role: "user", content: [{ type: "tool-result", callId: "call_1", name: "Read", content: [{ type: "text", text: "hello" }] }] },
];

function request(overrides: Partial<UnifiedRequest>): UnifiedRequest {
  return { ...emptyRequest("m"), messages: history, ...overrides };
}

function partTypes(value: UnifiedRequest): string[] {
  return value.messages.flatMap((message) => message.content.map((part) => part.type));
}

describe("applyCompatRequest", () => {
  test("tools, toolChoice and parallelToolCalls are removed; no tool structure remains", () => {
    const out = applyCompatRequest(request({ tools, toolChoice: { type: "auto" }, parallelToolCalls: true, system: [{ type: "text", text: "You are helpful." }] }));
    expect(out.tools).toEqual([]);
    expect("toolChoice" in out).toBe(false);
    expect("parallelToolCalls" in out).toBe(false);
    expect(partTypes(out)).toEqual(["text", "text", "text"]);
    expect(JSON.stringify(out.messages)).toContain('<cs:tool_result id=\\"call_1\\">hello</cs:tool_result>');
  });

  test("with tools the instructions are appended to the system prompt as a new text part", () => {
    const out = applyCompatRequest(request({ tools, system: [{ type: "text", text: "You are helpful." }] }));
    expect(out.system).toEqual([
      { type: "text", text: "You are helpful." },
      { type: "text", text: `\n\n${renderToolInstructions(tools)}` },
    ]);
  });

  test("without a system prompt the instructions become it", () => {
    expect(applyCompatRequest(request({ tools })).system).toEqual([{ type: "text", text: renderToolInstructions(tools) }]);
  });

  test("a cache mark on the last system part moves to the instructions", () => {
    const out = applyCompatRequest(request({ tools, system: [{ type: "text", text: "A" }, { type: "text", text: "B", cacheControl: { type: "ephemeral" } }] }));
    expect(out.system[1]).toEqual({ type: "text", text: "B" });
    expect(out.system[2]?.cacheControl).toEqual({ type: "ephemeral" });
  });

  test("no tools: no instructions, but the history is still rendered as text", () => {
    const system = [{ type: "text" as const, text: "S" }];
    const out = applyCompatRequest(request({ system }));
    expect(out.system).toEqual(system);
    expect(partTypes(out)).toEqual(["text", "text", "text"]);
  });

  test("tool choice becomes a sentence; 'none' means no instructions", () => {
    expect(applyCompatRequest(request({ tools, toolChoice: { type: "required" } })).system[0]?.text).toEndWith("You must call at least one tool in this answer.");
    expect(applyCompatRequest(request({ tools, toolChoice: { type: "tool", name: "Edit" } })).system[0]?.text).toEndWith("You must call the tool Edit in this answer.");
    expect(applyCompatRequest(request({ tools, parallelToolCalls: false })).system[0]?.text).toEndWith("Call at most one tool per answer.");
    expect(applyCompatRequest(request({ tools, toolChoice: { type: "none" } })).system).toEqual([]);
  });

  test("everything else is kept and the input is not changed", () => {
    const input = request({ tools, maxTokens: 100, temperature: 0.2, stream: true, extensions: { claude: { systemAsString: true } } });
    const copy = structuredClone(input);
    const out = applyCompatRequest(input);
    expect(input).toEqual(copy);
    expect(out.maxTokens).toBe(100);
    expect(out.temperature).toBe(0.2);
    expect(out.stream).toBe(true);
    expect(out.extensions).toEqual({ claude: { systemAsString: true } });
  });
});
