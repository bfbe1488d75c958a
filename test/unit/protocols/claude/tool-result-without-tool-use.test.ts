// Regression: a tool_result answering no tool_use of the turn before, or a tool_use left unanswered, reached Claude (a 400).
import { describe, expect, test } from "bun:test";
import type { UnifiedMessage } from "../../../../src/unified/content.ts";
import { encode } from "./helpers.ts";
import { emptyRequest } from "../../../../src/unified/request.ts";

describe("claude encode: tool_use and tool_result pair up", () => {
  test("an unanswered tool_use gets an error tool_result; a stray result becomes text; an empty real result has no content", () => {
    const messages: UnifiedMessage[] = [
      { role: "user", content: [{ type: "text", text: "Go" }] },
      { role: "assistant", content: [{ type: "tool-call", id: "toolu_a", name: "f", arguments: {} }, { type: "tool-call", id: "toolu_b", name: "g", arguments: {} }] },
      { role: "user", content: [{ type: "tool-result", callId: "toolu_b", content: [{ type: "text", text: "" }] }, { type: "tool-result", callId: "toolu_zz", name: "h", content: [{ type: "text", text: "stray" }] }] },
    ];
    const { value } = encode({ ...emptyRequest("claude-x"), messages });
    expect(value.messages).toEqual([
      { role: "user", content: [{ type: "text", text: "Go" }] },
      { role: "assistant", content: [{ type: "tool_use", id: "toolu_a", name: "f", input: {} }, { type: "tool_use", id: "toolu_b", name: "g", input: {} }] },
      {
        role: "user",
        content: [
          { type: "tool_result", tool_use_id: "toolu_b" },
          { type: "tool_result", tool_use_id: "toolu_a", content: "No result: the client sent none for this tool call.", is_error: true },
          { type: "text", text: "Tool result for h (toolu_zz):\nstray" },
        ],
      },
    ]);
  });
});
