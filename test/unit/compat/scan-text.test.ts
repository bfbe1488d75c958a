// In charge of the streaming behaviour of the compat text transducer: minimal hold-back, flushing, reuse.
import { describe, expect, test } from "bun:test";
import { createCompatTextParser, parseCompatText } from "../../../src/compat/parse-stream.ts";
import type { UnifiedTool } from "../../../src/unified/request.ts";

const tools: UnifiedTool[] = [
  { name: "Read", parameters: { type: "object", properties: { file_path: { type: "string" }, limit: { type: "integer" } }, required: ["file_path"] } },
];
const READ_BLOCK = '<cs:tool_use>\n<name>Read</name>\n<args>\n<arg name="file_path" type="string">/a</arg>\n</args>\n</cs:tool_use>';

describe("prose is not held back", () => {
  test("plain text comes out immediately", () => {
    const parser = createCompatTextParser(tools);
    expect(parser.push("Hello world")).toEqual([{ type: "text", text: "Hello world" }]);
    expect(parser.end()).toEqual([]);
  });

  test("only a possible tag start is held: 'a <' gives 'a ' and keeps '<'", () => {
    const parser = createCompatTextParser(tools);
    expect(parser.push("a <")).toEqual([{ type: "text", text: "a " }]);
    expect(parser.push("b")).toEqual([{ type: "text", text: "<b" }]);
  });

  test("tag prefixes of openers are held until decided", () => {
    const cases: Array<[string, string, string]> = [
      // [pushed, emitted now, held]
      ["x <cs:", "x ", "<cs:"],
      ["x <tool_", "x ", "<tool_"],
      ["x <cs:tool_use", "x ", "<cs:tool_use"],
      ["x </cs:tool_u", "x ", "</cs:tool_u"],
      ["x <d", "x <d", ""],
      ["x <tool>", "x <tool>", ""],
      ["x <cs:tool_user", "x <cs:tool_user", ""],
      ["a < b", "a < b", ""],
      ["Array<string>", "Array<string>", ""],
      ["see `", "see ", "`"],
      ["```xml\n", "", "```xml\n"],
      ["```xml\nconst", "```xml\nconst", ""],
    ];
    for (const [pushed, now, held] of cases) {
      const parser = createCompatTextParser(tools);
      const first = parser.push(pushed);
      expect({ pushed, now: first.map((item) => (item.type === "text" ? item.text : "")).join("") }).toEqual({ pushed, now });
      expect({ pushed, held: parser.end().map((item) => (item.type === "text" ? item.text : "")).join("") }).toEqual({ pushed, held });
    }
  });

  test("text before a block is emitted before the block completes", () => {
    const parser = createCompatTextParser(tools);
    expect(parser.push("Reading it.\n<cs:tool_use>\n<name>Re")).toEqual([{ type: "text", text: "Reading it.\n" }]);
    expect(parser.push("ad</name>\n<args>")).toEqual([]);
    expect(parser.push('<arg name="file_path">/a</arg></args></cs:tool_use> Done')).toEqual([
      { type: "call", name: "Read", arguments: { file_path: "/a" } },
      { type: "text", text: "Done" },
    ]);
  });
});

describe("flushing and reuse", () => {
  test("end() repairs an open block and resets the parser for the next answer", () => {
    const parser = createCompatTextParser(tools);
    expect(parser.push('<cs:tool_use><name>Read</name><args><arg name="file_path">/x')).toEqual([]);
    expect(parser.end()).toEqual([{ type: "call", name: "Read", arguments: { file_path: "/x" } }]);
    expect(parser.push("next <")).toEqual([{ type: "text", text: "next " }]);
    expect(parser.end()).toEqual([{ type: "text", text: "<" }]);
  });

  test("a held fence is given back as text at the end", () => {
    expect(parseCompatText("Code:\n```", tools)).toEqual([{ type: "text", text: "Code:\n```" }]);
  });
});

describe("scratchpads", () => {
  test("<cs:todo> is removed even when streamed one character at a time", () => {
    const parser = createCompatTextParser(tools);
    const out = [..."Plan.\n<cs:todo>\n- read /a\n</cs:todo>\nOK"].flatMap((char) => parser.push(char));
    out.push(...parser.end());
    expect(out.map((item) => (item.type === "text" ? item.text : "")).join("")).toBe("Plan.\nOK");
  });

  test("an unclosed scratchpad at the end is dropped", () => {
    expect(parseCompatText("Hi <cs:todo>thinking about", tools)).toEqual([{ type: "text", text: "Hi " }]);
  });
});

describe("blocks", () => {
  test("several blocks, the whitespace between them dropped", () => {
    expect(parseCompatText(`${READ_BLOCK}\n\n${READ_BLOCK}\n`, tools)).toEqual([
      { type: "call", name: "Read", arguments: { file_path: "/a" } },
      { type: "call", name: "Read", arguments: { file_path: "/a" } },
    ]);
  });

  test("no tools: blocks stay text, scratchpads are still removed", () => {
    expect(parseCompatText(`A ${READ_BLOCK}<cs:todo>x</cs:todo>`, [])).toEqual([{ type: "text", text: `A ${READ_BLOCK}` }]);
  });

  test("a fenced block that cannot be parsed keeps its fence", () => {
    const text = "```xml\n<cs:tool_use><name>Nope</name></cs:tool_use>\n```\nafter";
    expect(parseCompatText(text, tools)).toEqual([{ type: "text", text }]);
  });

  test("a closing code fence of prose just before a block is kept", () => {
    const text = `\`\`\`js\nlet a = 1;\n\`\`\`\n${READ_BLOCK}`;
    expect(parseCompatText(text, tools)).toEqual([
      { type: "text", text: "```js\nlet a = 1;\n```\n" },
      { type: "call", name: "Read", arguments: { file_path: "/a" } },
    ]);
  });

  test("a repaired block's trailing prose is kept", () => {
    expect(parseCompatText('<cs:tool_use><name>Read</name><args><arg name="file_path">/a</arg></args>\nWaiting for it.', tools)).toEqual([
      { type: "call", name: "Read", arguments: { file_path: "/a" } },
      { type: "text", text: "Waiting for it." },
    ]);
  });

  test("a truncated close tag at the end does not leak as text", () => {
    expect(parseCompatText('<cs:tool_use><name>Read</name><args><arg name="file_path">/a</arg></args>\n</cs:tool_u', tools)).toEqual([
      { type: "call", name: "Read", arguments: { file_path: "/a" } },
    ]);
  });

  test("several Hermes calls in one JSON array", () => {
    expect(parseCompatText('<tool_call>[{"name":"Read","arguments":{"file_path":"/a"}},{"name":"Read","parameters":{"file_path":"/b","limit":"3"}}]</tool_call>', tools)).toEqual([
      { type: "call", name: "Read", arguments: { file_path: "/a" } },
      { type: "call", name: "Read", arguments: { file_path: "/b", limit: 3 } },
    ]);
  });

  test("a truncated Hermes call is repaired at the end", () => {
    expect(parseCompatText('<tool_call>{"name": "Read", "arguments": {"file_path": "/very/long', tools)).toEqual([
      { type: "call", name: "Read", arguments: { file_path: "/very/long" } },
    ]);
  });
});
