// In charge of the in-place fast paths of parse-xml.ts (values and names read without slicing first) matching the exact slow paths.
import { describe, expect, test } from "bun:test";
import { parseCompatText } from "../../../src/compat/parse-stream.ts";
import type { UnifiedTool } from "../../../src/unified/request.ts";

const tools: UnifiedTool[] = [
  { name: "Write", description: "", parameters: { type: "object", properties: { file_path: { type: "string" }, content: { type: "string" } } } },
];
const call = (name: string, value: string) => `<cs:tool_use>\n<name>${name}</name>\n<args>\n<arg name="content" type="string">${value}</arg>\n</args>\n</cs:tool_use>`;

describe("parse-xml in-place reading", () => {
  test("a tool name padded with Unicode spaces is trimmed like String.trim", () => {
    expect(parseCompatText(call("\u00a0Write\u2003", "x"), tools)).toEqual([{ type: "call", name: "Write", arguments: { content: "x" } }]);
  });
  test("value layout newlines (LF, CRLF, trailing spaces) are dropped; inline values kept exactly", () => {
    expect(parseCompatText(call("Write", "\r\na\r\n  "), tools)).toEqual([{ type: "call", name: "Write", arguments: { content: "a" } }]);
    expect(parseCompatText(call("Write", "\n"), tools)).toEqual([{ type: "call", name: "Write", arguments: { content: "" } }]);
    expect(parseCompatText(call("Write", " a \n"), tools)).toEqual([{ type: "call", name: "Write", arguments: { content: " a \n" } }]);
  });
  test("entities and CDATA still decode when present", () => {
    expect(parseCompatText(call("Write", "a &lt;b&gt; <![CDATA[&amp;]]>"), tools)).toEqual([{ type: "call", name: "Write", arguments: { content: "a <b> &amp;" } }]);
  });
});
