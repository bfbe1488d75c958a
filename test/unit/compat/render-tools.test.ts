// In charge of the tool list and guide rendered into the prompt, and of keeping their size in check.
import { describe, expect, test } from "bun:test";
import { parseCompatText } from "../../../src/compat/parse-stream.ts";
import { renderToolInstructions, renderToolList, TOOL_GUIDE } from "../../../src/compat/render-tools.ts";
import type { UnifiedTool } from "../../../src/unified/request.ts";
import { loadTools } from "./corpus.ts";

const weather: UnifiedTool = {
  name: "get_weather",
  description: "Get the weather for a city.",
  parameters: {
    type: "object",
    properties: { city: { type: "string", description: "City name." }, days: { type: "integer", description: "Days to forecast.", default: 1 } },
    required: ["city"],
  },
};

describe("renderToolList", () => {
  test("the spec's example, line for line", () => {
    expect(renderToolList([weather])).toBe(
      [
        "<cs:tools>",
        "<cs:tool_define>",
        "<name>get_weather</name>",
        "<desc>Get the weather for a city.</desc>",
        "<args>",
        '<arg name="city" type="string" required="true">City name.</arg>',
        '<arg name="days" type="integer">Days to forecast. Default: 1.</arg>',
        "</args>",
        "</cs:tool_define>",
        "</cs:tools>",
      ].join("\n"),
    );
  });

  test("enums, nullable types, nested schemas (noise removed) and tools without arguments", () => {
    const text = renderToolList([
      {
        name: "plan",
        parameters: {
          $schema: "http://json-schema.org/draft-07/schema#",
          type: "object",
          additionalProperties: false,
          properties: {
            mode: { type: "string", enum: ["fast", "slow"], description: "Speed" },
            note: { type: ["string", "null"] },
            steps: { type: "array", items: { type: "object", properties: { id: { type: "integer", maximum: 9007199254740991 } }, additionalProperties: false } },
            'say"hi': { type: "string" },
          },
        },
      },
      { name: "ping", description: "Check the server.", parameters: { type: "object", properties: {} } },
    ]);
    expect(text).toContain('<arg name="mode" type="string">Speed. One of: "fast", "slow".</arg>');
    expect(text).toContain('<arg name="note" type="string|null"></arg>');
    expect(text).toContain('<arg name="steps" type="array">Schema: {"items":{"type":"object","properties":{"id":{"type":"integer"}}}}</arg>');
    expect(text).toContain('<arg name="say&quot;hi" type="string">');
    expect(text).toContain("<cs:tool_define>\n<name>ping</name>\n<desc>Check the server.</desc>\n</cs:tool_define>");
    expect(text).not.toContain("$schema");
    expect(text).not.toContain("additionalProperties");
  });
});

describe("renderToolInstructions", () => {
  test("no tools, no instructions", () => {
    expect(renderToolInstructions([])).toBe("");
  });

  test("the list, then the guide", () => {
    const text = renderToolInstructions([weather]);
    expect(text.startsWith("<cs:tools>\n")).toBe(true);
    expect(text.endsWith(TOOL_GUIDE)).toBe(true);
  });

  test("the guide states every rule of the contract", () => {
    for (const rule of ["<cs:tool_use>", "no Markdown fence", "several blocks", "type", "&amp; &lt; &gt;", "real line breaks", "one JSON document", "stop"]) {
      expect(TOOL_GUIDE).toContain(rule);
    }
  });

  test("the guide's own examples parse into the calls they show", () => {
    const exampleTools: UnifiedTool[] = [
      weather,
      { name: "save_note", parameters: { type: "object", properties: { text: { type: "string" }, tags: { type: "array", items: { type: "string" } } } } },
    ];
    const example = TOOL_GUIDE.slice(TOOL_GUIDE.indexOf("Example"));
    expect(parseCompatText(example, exampleTools)).toEqual([
      { type: "text", text: "Example (made-up tools):\n" },
      { type: "call", name: "get_weather", arguments: { city: "Paris", days: 3 } },
      { type: "call", name: "save_note", arguments: { text: 'if a < b:\n    print("ok")', tags: ["code", "demo"] } },
    ]);
  });
});

/**
 * Budget: the guide is a fixed cost on every request, so it must stay at
 * most 350 tokens (chars/4) — about a tenth of what Claude Code's own tool
 * definitions cost. The tool list replaces the native tool definitions, so it
 * must not cost more than they would as OpenAI JSON tools.
 */
describe("instruction size for a 10-tool coding-agent set", () => {
  const tools = loadTools().filter((tool) => tool.name !== "get_weather");
  const tokens = (text: string) => Math.ceil(text.length / 4);
  const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

  test("guide ≤ 350 tokens, list ≤ the native JSON tool definitions", () => {
    expect(tools.map((tool) => tool.name)).toEqual(["Read", "Write", "Edit", "Bash", "Glob", "Grep", "WebFetch", "TodoWrite", "Task", "NotebookEdit"]);
    const instructions = renderToolInstructions(tools);
    const list = renderToolList(tools);
    const native = JSON.stringify(tools.map((tool) => ({ type: "function", function: { name: tool.name, description: tool.description, parameters: tool.parameters } })));
    console.log(
      `compat instructions, 10 tools: total ${tokens(instructions)} tokens (${words(instructions)} words); ` +
        `guide ${tokens(TOOL_GUIDE)} tokens (${words(TOOL_GUIDE)} words); list ${tokens(list)} tokens; same tools as native OpenAI JSON ${tokens(native)} tokens`,
    );
    expect(tokens(TOOL_GUIDE)).toBeLessThanOrEqual(350);
    expect(list.length).toBeLessThanOrEqual(native.length);
  });
});
