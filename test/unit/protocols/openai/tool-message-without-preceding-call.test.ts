// Regression: tool messages reached OpenAI after a user message, or answering no call, and calls went unanswered (OpenAI answers 400).
import { describe, expect, test } from "bun:test";
import { openaiCodec } from "../../../../src/protocols/openai/index.ts";
import { emptyRequest, type UnifiedRequest } from "../../../../src/unified/request.ts";
import { testContext } from "./helpers.ts";

function encode(messages: UnifiedRequest["messages"]) {
  return openaiCodec.encodeRequest({ ...emptyRequest("gpt-4.1"), messages }, testContext()).value.messages as unknown[];
}

describe("openai encode: every tool message answers the assistant message right before it", () => {
  test("an interrupted call gets an error tool message; a late result for it becomes user text", () => {
    const messages = encode([
      { role: "user", content: [{ type: "text", text: "Go" }] },
      { role: "assistant", content: [{ type: "tool-call", id: "call_a", name: "f", arguments: {} }] },
      { role: "user", content: [{ type: "text", text: "never mind" }] },
      { role: "user", content: [{ type: "tool-result", callId: "call_a", name: "f", content: [{ type: "text", text: "late" }] }] },
    ]);
    expect(messages).toEqual([
      { role: "user", content: "Go" },
      { role: "assistant", content: null, tool_calls: [{ id: "call_a", type: "function", function: { name: "f", arguments: "{}" } }] },
      { role: "tool", tool_call_id: "call_a", content: "No result: the client sent none for this tool call." },
      { role: "user", content: "never mind" },
      { role: "user", content: "Tool result for f (call_a):\nlate" },
    ]);
  });

  test("consecutive assistant messages with calls become one, so their tool messages follow it", () => {
    const messages = encode([
      { role: "user", content: [{ type: "text", text: "Go" }] },
      { role: "assistant", content: [{ type: "text", text: "One." }, { type: "tool-call", id: "call_a", name: "f", arguments: {} }] },
      { role: "assistant", content: [{ type: "tool-call", id: "call_b", name: "g", arguments: {} }] },
      { role: "user", content: [{ type: "tool-result", callId: "call_a", content: [{ type: "text", text: "A" }] }, { type: "tool-result", callId: "call_b", content: [{ type: "text", text: "B" }] }] },
    ]);
    expect(messages.map((message) => (message as { role: string }).role)).toEqual(["user", "assistant", "tool", "tool"]);
    expect(messages[1]).toEqual({ role: "assistant", content: "One.", tool_calls: [{ id: "call_a", type: "function", function: { name: "f", arguments: "{}" } }, { id: "call_b", type: "function", function: { name: "g", arguments: "{}" } }] });
  });
});
