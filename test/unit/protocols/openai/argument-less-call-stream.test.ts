// Regression: a streamed call of an argument-less tool (Claude sends one empty input_json_delta) reached OpenAI clients with arguments "".
import { describe, expect, test } from "bun:test";
import { openaiCodec } from "../../../../src/protocols/openai/index.ts";
import type { UnifiedEvent } from "../../../../src/unified/events.ts";
import { clientContext, dataPayloads } from "./helpers.ts";

function argumentsByIndex(events: UnifiedEvent[]): Record<number, string> {
  const encoder = openaiCodec.createStreamEncoder(clientContext());
  const frames = [...events.flatMap((event) => encoder.push(event)), ...encoder.end()];
  const out: Record<number, string> = {};
  for (const payload of dataPayloads(frames)) {
    const calls = (payload as { choices?: Array<{ delta?: { tool_calls?: Array<{ index: number; function?: { arguments?: string } }> } }> }).choices?.[0]?.delta?.tool_calls ?? [];
    for (const call of calls) out[call.index] = (out[call.index] ?? "") + (call.function?.arguments ?? "");
  }
  return out;
}

describe("openai stream encoder: a call whose arguments never arrive", () => {
  test("gets {} when it ends (and only then), next to a call that had arguments", () => {
    expect(
      argumentsByIndex([
        { type: "message-start" },
        { type: "tool-call-start", index: 0, id: "toolu_1", name: "now" },
        { type: "tool-call-delta", index: 0, argumentsDelta: "" },
        { type: "tool-call-end", index: 0 },
        { type: "tool-call-start", index: 1, id: "toolu_2", name: "weather" },
        { type: "tool-call-delta", index: 1, argumentsDelta: '{"city":"Oslo"}' },
        { type: "tool-call-end", index: 1 },
        { type: "finish", finishReason: { unified: "tool-calls" } },
      ]),
    ).toEqual({ 0: "{}", 1: '{"city":"Oslo"}' });
  });

  test("a call still open at finish gets {} before the finish chunk", () => {
    expect(argumentsByIndex([{ type: "tool-call-start", index: 0, id: "c", name: "now" }, { type: "finish", finishReason: { unified: "tool-calls" } }])).toEqual({ 0: "{}" });
  });
});
