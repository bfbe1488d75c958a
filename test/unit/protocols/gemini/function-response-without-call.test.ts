// Regression: a functionResponse answering no functionCall of the turn before (or a call left unanswered) reached Gemini (a 400).
import { describe, expect, test } from "bun:test";
import { geminiCodec } from "../../../../src/protocols/gemini/index.ts";
import { emptyRequest } from "../../../../src/unified/request.ts";
import { testContext } from "./helpers.ts";

describe("gemini encode: each function-call turn is answered, call for call, by the next turn", () => {
  test("an unanswered call gets an error functionResponse; a result for no call becomes text", () => {
    const body = geminiCodec.encodeRequest(
      {
        ...emptyRequest("gemini-2.5-pro"),
        messages: [
          { role: "user", content: [{ type: "text", text: "Go" }] },
          { role: "assistant", content: [{ type: "tool-call", id: "c1", name: "f", arguments: {} }, { type: "tool-call", id: "c2", name: "g", arguments: {} }] },
          { role: "user", content: [{ type: "tool-result", callId: "c2", content: [{ type: "text", text: "G" }] }, { type: "text", text: "and" }] },
          { role: "user", content: [{ type: "tool-result", callId: "c9", name: "h", content: [{ type: "text", text: "stray" }] }] },
        ],
      },
      testContext(),
    ).value;
    expect(body.contents).toEqual([
      { role: "user", parts: [{ text: "Go" }] },
      { role: "model", parts: [{ functionCall: { name: "f", args: {} }, thoughtSignature: "skip_thought_signature_validator" }, { functionCall: { name: "g", args: {} } }] },
      { role: "user", parts: [{ functionResponse: { name: "g", response: { output: "G" } } }, { functionResponse: { name: "f", response: { error: "No result: the client sent none for this tool call." } } }, { text: "and" }, { text: "Tool result for h (c9):\nstray" }] },
    ]);
  });
});
