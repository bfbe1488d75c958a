// In charge of rendering past tool calls and results as text, and of reading our own rendering back.
import { describe, expect, test } from "bun:test";
import { parseCompatText } from "../../../src/compat/parse-stream.ts";
import { renderHistory, renderToolCall } from "../../../src/compat/render-history.ts";
import type { UnifiedMessage } from "../../../src/unified/content.ts";
import { loadTools, seededRandom } from "./corpus.ts";

const PNG = { type: "image", source: { kind: "base64", mediaType: "image/png", data: "iVBORw0KGgo=" } } as const;

describe("renderToolCall", () => {
  test("the <cs:tool_use> block with the id line, types and escaped values", () => {
    expect(renderToolCall({ id: "call_1", name: "Bash", arguments: { command: "ls 2>&1 | grep '<x>'", timeout: 5, all: true, list: [1, "a<b"], extra: null } })).toBe(
      [
        "<cs:tool_use>",
        "<id>call_1</id>",
        "<name>Bash</name>",
        "<args>",
        '<arg name="command" type="string">ls 2&gt;&amp;1 | grep \'&lt;x&gt;\'</arg>',
        '<arg name="timeout" type="integer">5</arg>',
        '<arg name="all" type="boolean">true</arg>',
        '<arg name="list" type="array">[1,"a&lt;b"]</arg>',
        '<arg name="extra" type="null">null</arg>',
        "</args>",
        "</cs:tool_use>",
      ].join("\n"),
    );
  });

  test("our own rendering parses back to the same arguments (the id line is ignored)", () => {
    const tools = loadTools();
    const calls = [
      { id: "call_a", name: "Write", arguments: { file_path: "/x.html", content: '<div class="a">\n  a &amp; b < c\n</div>\n' } },
      { id: "call_b", name: "TodoWrite", arguments: { todos: [{ content: "x < y & z", status: "pending", activeForm: "Doing </arg>" }] } },
      { id: "call_c", name: "Read", arguments: { file_path: "/a b/c.ts", offset: 3, limit: 10 } },
      { id: "call_d", name: "Edit", arguments: { file_path: "/e", old_string: "\n  indented\n", new_string: "", replace_all: true } },
    ];
    for (const call of calls) {
      expect(parseCompatText(renderToolCall(call), tools)).toEqual([{ type: "call", name: call.name, arguments: call.arguments }]);
    }
  });
});

test("property: any string survives render → parse (seeded random strings)", () => {
  const tools = loadTools();
  const pieces = ["a", "Z", " ", "  ", "\n", "\r\n", "\t", "<", ">", "&", '"', "'", "&amp;", "&lt;", "</arg>", "</args>", "<arg name=\"x\">", "</cs:tool_use>", "<![CDATA[", "]]>", "é", "`", "```", "{", "}"];
  const random = seededRandom(20240601);
  const failures: string[] = [];
  for (let round = 0; round < 500; round++) {
    let content = "";
    const length = Math.floor(random() * 12);
    for (let index = 0; index < length; index++) content += pieces[Math.floor(random() * pieces.length)];
    const parsed = parseCompatText(renderToolCall({ id: "c", name: "Write", arguments: { file_path: "/f", content } }), tools);
    if (!Bun.deepEquals(parsed, [{ type: "call", name: "Write", arguments: { file_path: "/f", content } }])) failures.push(content);
  }
  expect(failures).toEqual([]);
});

describe("renderHistory", () => {
  test("assistant calls become text after the assistant's text; reasoning is kept", () => {
    const messages: UnifiedMessage[] = [
      { role: "user", content: [{ type: "text", text: "List files" }] },
      {
        role: "assistant",
        content: [
          { type: "reasoning", text: "need ls", signature: "sig", signatureProtocol: "claude" },
          { type: "text", text: "Listing." },
          { type: "tool-call", id: "call_1", name: "Bash", arguments: { command: "ls" } },
          { type: "tool-call", id: "call_2", name: "Bash", arguments: { command: "pwd" } },
        ],
      },
    ];
    const out = renderHistory(messages);
    expect(out[0]).toEqual(messages[0]);
    expect(out[1]).toEqual({
      role: "assistant",
      content: [
        { type: "reasoning", text: "need ls", signature: "sig", signatureProtocol: "claude" },
        { type: "text", text: `Listing.\n${renderToolCall({ id: "call_1", name: "Bash", arguments: { command: "ls" } })}\n${renderToolCall({ id: "call_2", name: "Bash", arguments: { command: "pwd" } })}` },
      ],
    });
  });

  test("results join in one user message where the tool messages stood; errors, images and cache marks kept", () => {
    const messages: UnifiedMessage[] = [
      { role: "assistant", content: [{ type: "tool-call", id: "a", name: "Read", arguments: { file_path: "/a" } }] },
      { role: "user", content: [{ type: "tool-result", callId: "a", content: [{ type: "text", text: "1\tline" }] }] },
      { role: "user", content: [{ type: "tool-result", callId: "b", isError: true, content: [{ type: "text", text: "boom" }] }] },
      {
        role: "user",
        content: [
          { type: "tool-result", callId: "c", content: [{ type: "text", text: "shot:" }, PNG], cacheControl: { type: "ephemeral" } },
          { type: "text", text: "Now fix it." },
        ],
      },
    ];
    const out = renderHistory(messages);
    expect(out.length).toBe(3);
    expect(out[1]).toEqual({
      role: "user",
      content: [{ type: "text", text: '<cs:tool_result id="a">1\tline</cs:tool_result>\n<cs:tool_result id="b">Error: boom</cs:tool_result>' }],
    });
    expect(out[2]).toEqual({
      role: "user",
      content: [
        { type: "text", text: '<cs:tool_result id="c">shot:' },
        PNG,
        { type: "text", text: "</cs:tool_result>", cacheControl: { type: "ephemeral" } },
        { type: "text", text: "Now fix it." },
      ],
    });
  });

  test("no tool structure remains and the input is not changed", () => {
    const messages: UnifiedMessage[] = [
      { role: "system", content: [{ type: "text", text: "Be brief." }] },
      { role: "assistant", content: [{ type: "tool-call", id: "x", name: "Glob", arguments: { pattern: "*" } }] },
      { role: "user", content: [{ type: "tool-result", callId: "x", name: "Glob", content: [{ type: "text", text: "a.ts" }] }] },
    ];
    const copy = structuredClone(messages);
    const out = renderHistory(messages);
    expect(messages).toEqual(copy);
    const types = out.flatMap((message) => message.content.map((part) => part.type));
    expect(types).toEqual(["text", "text", "text"]);
  });
});

