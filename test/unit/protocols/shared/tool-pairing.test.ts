// In charge of testing the call ↔ result pairing every strict upstream (OpenAI, Claude, Gemini) needs before encoding.
import { describe, expect, test } from "bun:test";
import { MISSING_RESULT_TEXT, pairToolResults } from "../../../../src/protocols/shared/tool-pairing.ts";
import type { UnifiedMessage } from "../../../../src/unified/content.ts";
import type { Warning } from "../../../../src/unified/warnings.ts";

const call = (id: string, name = "get_weather") => ({ type: "tool-call" as const, id, name, arguments: { city: id } });
const result = (callId: string, text: string, name?: string) => ({ type: "tool-result" as const, callId, ...(name ? { name } : {}), content: [{ type: "text" as const, text }] });
const user = (text: string): UnifiedMessage => ({ role: "user", content: [{ type: "text", text }] });

function pair(messages: UnifiedMessage[]): { messages: UnifiedMessage[]; features: string[] } {
  const warnings: Warning[] = [];
  return { messages: pairToolResults(messages, warnings), features: warnings.map((warning) => warning.feature) };
}

describe("pairToolResults", () => {
  test("a history that pairs up comes back as the same array, without warnings", () => {
    const history: UnifiedMessage[] = [user("go"), { role: "assistant", content: [call("a"), call("b")] }, { role: "system", content: [{ type: "text", text: "note" }] }, { role: "user", content: [result("b", "B"), result("a", "A")] }];
    const paired = pair(history);
    expect(paired.messages).toBe(history);
    expect(paired.features).toEqual([]);
  });

  test("consecutive assistant messages are one turn: the next user turn answers the calls of both", () => {
    const history: UnifiedMessage[] = [user("go"), { role: "assistant", content: [call("a")] }, { role: "assistant", content: [call("b")] }, { role: "user", content: [result("a", "A"), result("b", "B")] }];
    expect(pair(history).messages).toBe(history);
  });

  test("a result that answers no call of the turn before becomes user text (name, id, error flag and images kept)", () => {
    const stray = { type: "tool-result" as const, callId: "zz", name: "get_time", isError: true, content: [{ type: "text" as const, text: "boom" }, { type: "image" as const, source: { kind: "base64" as const, mediaType: "image/png", data: "iVBO" } }] };
    const { messages, features } = pair([user("go"), { role: "user", content: [stray, { type: "text", text: "then" }] }]);
    expect(messages[1]).toEqual({ role: "user", content: [{ type: "text", text: "Tool result for get_time (zz), an error:\nboom" }, { type: "image", source: { kind: "base64", mediaType: "image/png", data: "iVBO" } }, { type: "text", text: "then" }] });
    expect(features).toEqual(["tool_result.unmatched"]);
  });

  test("calls left unanswered by the next user turn get an error result saying none was sent, placed first", () => {
    const { messages, features } = pair([user("go"), { role: "assistant", content: [call("a"), call("b")] }, { role: "user", content: [result("b", "B"), { type: "text", text: "never mind" }] }]);
    expect(messages[2]).toEqual({
      role: "user",
      content: [result("b", "B"), { type: "tool-result", callId: "a", name: "get_weather", content: [{ type: "text", text: MISSING_RESULT_TEXT }], isError: true }, { type: "text", text: "never mind" }],
    });
    expect(features).toEqual(["tool_call.unanswered"]);
  });

  test("a duplicate result for one call is a stray; a result for an older turn's call is a stray", () => {
    const { messages } = pair([user("go"), { role: "assistant", content: [call("a")] }, { role: "user", content: [result("a", "first"), result("a", "again")] }, { role: "assistant", content: [{ type: "text", text: "ok" }] }, { role: "user", content: [result("a", "late")] }]);
    expect(messages[2]?.content.map((part) => part.type)).toEqual(["tool-result", "text"]);
    expect(messages[4]).toEqual({ role: "user", content: [{ type: "text", text: "Tool result for call (a):\nlate" }] });
  });

  test("calls followed by a system message and another assistant turn get their error results before that turn", () => {
    const { messages } = pair([user("go"), { role: "assistant", content: [call("a")] }, { role: "system", content: [{ type: "text", text: "s" }] }, { role: "assistant", content: [{ type: "text", text: "again" }] }]);
    expect(messages.map((message) => message.role)).toEqual(["user", "assistant", "system", "user", "assistant"]);
    expect(messages[3]?.content[0]).toMatchObject({ type: "tool-result", callId: "a", isError: true });
  });

  test("a history ending on calls (nothing after them yet) is left alone", () => {
    const history: UnifiedMessage[] = [user("go"), { role: "assistant", content: [call("a")] }];
    expect(pair(history).messages).toBe(history);
  });
});
