// In charge of checking namespace and custom tools flatten to valid, stable, collision-free names and map back.
import { describe, expect, test } from "bun:test";
import { flatName, reverseLookup, toolNameMap } from "../../../../src/protocols/responses/tool-names.ts";

describe("responses tool names", () => {
  test("namespace functions flatten to <namespace>__<name> within the strictest name rule", () => {
    expect(flatName("mcp__fs", "read_text_file")).toBe("mcp__fs__read_text_file");
    expect(flatName("my.server", "get data")).toBe("my_server__get_data");
    const long = flatName("n".repeat(40), "t".repeat(40));
    expect(long.length).toBe(64);
    expect(long).toMatch(/^[a-zA-Z0-9_-]+$/);
    expect(flatName("n".repeat(40), "t".repeat(41))).not.toBe(long);
  });

  test("the map holds only renamed tools; a clash with a plain function gets a suffix; lookups go both ways", () => {
    const map = toolNameMap([
      { type: "function", name: "crm__find" },
      { type: "namespace", name: "crm", tools: [{ type: "function", name: "find" }, { type: "custom", name: "note", format: { type: "text" } }] },
      { type: "custom", name: "apply_patch" },
      { type: "web_search" },
    ]);
    expect([...map]).toEqual([
      ["crm__find_2", { name: "find", namespace: "crm" }],
      ["crm__note", { name: "note", namespace: "crm", custom: true, format: { type: "text" } }],
      ["apply_patch", { name: "apply_patch", custom: true }],
    ]);
    expect(reverseLookup(map, "find", "crm")).toBe("crm__find_2");
    expect(reverseLookup(map, "crm__find", undefined)).toBe("crm__find");
    expect(reverseLookup(map, "other", "ns")).toBe("ns__other");
    expect(toolNameMap(undefined).size).toBe(0);
  });
});
