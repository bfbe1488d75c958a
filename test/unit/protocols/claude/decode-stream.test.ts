// In charge of testing the Claude stream decoder on golden SSE fixtures split at arbitrary points.
import { describe, expect, test } from "bun:test";
import { claudeCodec } from "../../../../src/protocols/claude/index.ts";
import type { UnifiedEvent } from "../../../../src/unified/events.ts";
import { coalesce, decodeStream, fixtureText, testContext } from "./helpers.ts";

const SPLITS = [[1], [3, 7], [17, 2, 64], [100000]];

describe("claude stream decoder", () => {
  test.each(SPLITS)("text stream split in pieces of %p", (...sizes) => {
    expect(coalesce(decodeStream(fixtureText("streams/text.sse"), sizes))).toEqual([
      { type: "message-start", id: "msg_01XFDUDYJgAACzvnptvVoYEL", model: "claude-sonnet-4-5-20250929", usage: { inputTokens: 25, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0 } },
      { type: "text-delta", text: "Hello! 👋 Ünïcode" },
      { type: "usage", usage: { inputTokens: 25, outputTokens: 15, cacheReadTokens: 0, cacheWriteTokens: 0 } },
      { type: "finish", finishReason: { unified: "stop", raw: "end_turn" }, usage: { inputTokens: 25, outputTokens: 15, cacheReadTokens: 0, cacheWriteTokens: 0 } },
    ]);
  });

  test.each(SPLITS)("thinking + signature + two tool calls, split in pieces of %p", (...sizes) => {
    const usageStart = { inputTokens: 1250, outputTokens: 1, cacheReadTokens: 1000, cacheWriteTokens: 200 };
    const usageEnd = { inputTokens: 1250, outputTokens: 89, cacheReadTokens: 1000, cacheWriteTokens: 200 };
    expect(coalesce(decodeStream(fixtureText("streams/thinking-tool-use.sse"), sizes))).toEqual([
      { type: "message-start", id: "msg_01Aq9w938a90dw8q", model: "claude-opus-4-5", usage: usageStart },
      { type: "reasoning-delta", text: "Two cities, two calls." },
      { type: "reasoning-signature", signature: "EqQBCkYIARgCIkBp3Lk+/0Yy==", protocol: "claude" },
      { type: "text-delta", text: "Checking both." },
      { type: "tool-call-start", index: 0, id: "toolu_01Paris", name: "get_weather" },
      { type: "tool-call-delta", index: 0, argumentsDelta: '{"city": "Paris"}' },
      { type: "tool-call-end", index: 0 },
      { type: "tool-call-start", index: 1, id: "toolu_01Rome", name: "get_weather" },
      { type: "tool-call-delta", index: 1, argumentsDelta: '{"city": "Rome", "days": 2}' },
      { type: "tool-call-end", index: 1 },
      { type: "usage", usage: usageEnd },
      { type: "finish", finishReason: { unified: "tool-calls", raw: "tool_use" }, usage: usageEnd },
    ]);
  });

  test("redacted thinking kept, server tool blocks skipped, our tool index starts at 0", () => {
    const events = coalesce(decodeStream(fixtureText("streams/server-tools-redacted.sse"), [13]));
    expect(events.map((event) => event.type)).toEqual(["message-start", "reasoning-redacted", "text-delta", "tool-call-start", "tool-call-delta", "tool-call-end", "usage", "finish"]);
    expect(events[1]).toEqual({ type: "reasoning-redacted", data: "EmwKAhgBEgyRedacted==" });
    expect(events[3]).toEqual({ type: "tool-call-start", index: 0, id: "toolu_01Save", name: "save_note" });
    expect(events[7]).toEqual({ type: "finish", finishReason: { unified: "tool-calls", raw: "tool_use" }, usage: { inputTokens: 400, outputTokens: 510 } });
  });

  test("event: error becomes an error event with the kind of error.type", () => {
    const events = decodeStream(fixtureText("streams/error.sse"), [5]);
    expect(events.slice(0, 2).map((event) => event.type)).toEqual(["message-start", "text-delta"]);
    const last = events[events.length - 1] as Extract<UnifiedEvent, { type: "error" }>;
    expect(events.length).toBe(3);
    expect(last.type).toBe("error");
    expect([last.error.kind, last.error.status, last.error.message]).toEqual(["overloaded", 529, "Overloaded"]);
  });

  test("a stream that stops without message_stop is an upstream error", () => {
    const text = fixtureText("streams/text.sse");
    const events = decodeStream(text.slice(0, text.indexOf("event: message_delta")));
    const last = events[events.length - 1];
    expect(last?.type).toBe("error");
    if (last?.type === "error") expect([last.error.kind, last.error.message]).toEqual(["upstream", "upstream stream ended before completion"]);
  });

  test("a frame that is not JSON is an upstream error, and nothing follows it", () => {
    const events = decodeStream('event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1"}}\n\nevent: content_block_delta\ndata: {not json\n\nevent: message_stop\ndata: {"type":"message_stop"}\n\n');
    expect(events.map((event) => event.type)).toEqual(["message-start", "error"]);
  });

  test("tool input given whole in content_block_start (compatible endpoints) is emitted once", () => {
    const step = claudeCodec.createStreamDecoder(testContext());
    const frames = [
      { type: "message_start", message: { id: "msg_x", model: "glm", usage: { input_tokens: 3, output_tokens: 0 } } },
      { type: "content_block_start", index: 0, content_block: { type: "tool_use", id: "call_1", name: "f", input: { a: 1 } } },
      { type: "content_block_stop", index: 0 },
      { type: "message_delta", delta: { stop_reason: "tool_use" }, usage: { output_tokens: 4 } },
      { type: "message_stop" },
    ];
    const events = frames.flatMap((frame) => step.push({ event: frame.type, data: JSON.stringify(frame) }));
    expect(events.filter((event) => event.type.startsWith("tool"))).toEqual([
      { type: "tool-call-start", index: 0, id: "call_1", name: "f" },
      { type: "tool-call-delta", index: 0, argumentsDelta: '{"a":1}' },
      { type: "tool-call-end", index: 0 },
    ]);
    expect(step.end()).toEqual([]);
  });
});
