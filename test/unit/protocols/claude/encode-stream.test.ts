// In charge of testing the Claude stream encoder: the exact event sequence, block discipline, errors, and encode→decode round trip.
import { describe, expect, test } from "bun:test";
import { ProxyError } from "../../../../src/unified/errors.ts";
import type { UnifiedEvent } from "../../../../src/unified/events.ts";
import { coalesce, decodeStream, encodeStream, parseFrames } from "./helpers.ts";

const FULL: UnifiedEvent[] = [
  { type: "message-start", id: "chatcmpl-1", model: "gpt-4o", usage: { inputTokens: 1250, cacheReadTokens: 1000, cacheWriteTokens: 200 } },
  { type: "reasoning-delta", text: "Two " },
  { type: "reasoning-delta", text: "cities." },
  { type: "reasoning-signature", signature: "Sig==", protocol: "claude" },
  { type: "text-delta", text: "" },
  { type: "text-delta", text: "Checking." },
  { type: "tool-call-start", index: 0, id: "call_a", name: "get_weather" },
  { type: "tool-call-delta", index: 0, argumentsDelta: '{"city":' },
  { type: "tool-call-delta", index: 0, argumentsDelta: '"Paris"}' },
  { type: "tool-call-end", index: 0 },
  { type: "tool-call-start", index: 1, id: "call_b", name: "get_weather" },
  { type: "tool-call-delta", index: 1, argumentsDelta: '{"city":"Rome"}' },
  { type: "tool-call-end", index: 1 },
  { type: "usage", usage: { outputTokens: 77 } },
  { type: "finish", finishReason: { unified: "stop", raw: "stop" } },
];

describe("claude stream encoder", () => {
  test("writes Claude's exact event sequence", () => {
    const frames = encodeStream(FULL);
    expect(frames[0]).toStartWith("event: message_start\ndata: ");
    expect(frames.every((frame) => frame.endsWith("\n\n"))).toBe(true);
    expect(parseFrames(frames)).toEqual([
      ["message_start", { type: "message_start", message: { id: "msg_t1", type: "message", role: "assistant", model: "my-alias", content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 50, output_tokens: 0, cache_creation_input_tokens: 200, cache_read_input_tokens: 1000 } } }],
      ["ping", { type: "ping" }],
      ["content_block_start", { type: "content_block_start", index: 0, content_block: { type: "thinking", thinking: "", signature: "" } }],
      ["content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "thinking_delta", thinking: "Two " } }],
      ["content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "thinking_delta", thinking: "cities." } }],
      ["content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "signature_delta", signature: "Sig==" } }],
      ["content_block_stop", { type: "content_block_stop", index: 0 }],
      ["content_block_start", { type: "content_block_start", index: 1, content_block: { type: "text", text: "" } }],
      ["content_block_delta", { type: "content_block_delta", index: 1, delta: { type: "text_delta", text: "Checking." } }],
      ["content_block_stop", { type: "content_block_stop", index: 1 }],
      ["content_block_start", { type: "content_block_start", index: 2, content_block: { type: "tool_use", id: "call_a", name: "get_weather", input: {} } }],
      ["content_block_delta", { type: "content_block_delta", index: 2, delta: { type: "input_json_delta", partial_json: '{"city":' } }],
      ["content_block_delta", { type: "content_block_delta", index: 2, delta: { type: "input_json_delta", partial_json: '"Paris"}' } }],
      ["content_block_stop", { type: "content_block_stop", index: 2 }],
      ["content_block_start", { type: "content_block_start", index: 3, content_block: { type: "tool_use", id: "call_b", name: "get_weather", input: {} } }],
      ["content_block_delta", { type: "content_block_delta", index: 3, delta: { type: "input_json_delta", partial_json: '{"city":"Rome"}' } }],
      ["content_block_stop", { type: "content_block_stop", index: 3 }],
      // stop_reason is tool_use although the upstream said "stop": the response called tools.
      ["message_delta", { type: "message_delta", delta: { stop_reason: "tool_use", stop_sequence: null }, usage: { output_tokens: 77, input_tokens: 50, cache_creation_input_tokens: 200, cache_read_input_tokens: 1000 } }],
      ["message_stop", { type: "message_stop" }],
    ]);
  });

  test("never opens an empty text block; events before message-start still get the preamble", () => {
    const events = parseFrames(encodeStream([{ type: "text-delta", text: "" }, { type: "finish", finishReason: { unified: "stop" }, usage: { inputTokens: 3, outputTokens: 1 } }]));
    expect(events.map(([name]) => name)).toEqual(["message_start", "ping", "message_delta", "message_stop"]);
    expect(events[2]?.[1]).toMatchObject({ delta: { stop_reason: "end_turn" }, usage: { input_tokens: 3, output_tokens: 1 } });
  });

  test("a foreign reasoning signature is not shown; the thinking block closes with an empty signature", () => {
    const events = parseFrames(encodeStream([
      { type: "reasoning-delta", text: "hmm" },
      { type: "reasoning-signature", signature: "gemini-sig", protocol: "gemini" },
      { type: "text-delta", text: "ok" },
      { type: "finish", finishReason: { unified: "stop" } },
    ]));
    expect(JSON.stringify(events)).not.toContain("gemini-sig");
    expect(events.map(([name]) => name)).toEqual(["message_start", "ping", "content_block_start", "content_block_delta", "content_block_stop", "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop"]);
  });

  test("redacted thinking is one whole block", () => {
    const events = parseFrames(encodeStream([{ type: "reasoning-redacted", data: "R==" }, { type: "finish", finishReason: { unified: "stop" } }]));
    expect(events.slice(2, 4)).toEqual([
      ["content_block_start", { type: "content_block_start", index: 0, content_block: { type: "redacted_thinking", data: "R==" } }],
      ["content_block_stop", { type: "content_block_stop", index: 0 }],
    ]);
  });

  test("interleaved tool calls are written one block at a time", () => {
    const events = parseFrames(encodeStream([
      { type: "tool-call-start", index: 0, id: "a", name: "f" },
      { type: "tool-call-start", index: 1, id: "b", name: "g" },
      { type: "tool-call-delta", index: 1, argumentsDelta: '{"y":2}' },
      { type: "tool-call-delta", index: 0, argumentsDelta: '{"x":1}' },
      { type: "tool-call-end", index: 0 },
      { type: "tool-call-end", index: 1 },
      { type: "finish", finishReason: { unified: "tool-calls" } },
    ]));
    expect(events.slice(2, -2).map(([name, data]) => [name, data.index, data.delta ?? data.content_block ?? null])).toEqual([
      ["content_block_start", 0, { type: "tool_use", id: "a", name: "f", input: {} }],
      ["content_block_delta", 0, { type: "input_json_delta", partial_json: '{"x":1}' }],
      ["content_block_stop", 0, null],
      ["content_block_start", 1, { type: "tool_use", id: "b", name: "g", input: {} }],
      ["content_block_delta", 1, { type: "input_json_delta", partial_json: '{"y":2}' }],
      ["content_block_stop", 1, null],
    ]);
  });

  test("an error event ends the stream with event: error and no message_stop", () => {
    const frames = encodeStream([
      { type: "message-start" },
      { type: "text-delta", text: "Part" },
      { type: "error", error: new ProxyError("overloaded", "Overloaded") },
      { type: "text-delta", text: "ignored" },
    ]);
    expect(frames[frames.length - 1]).toBe('event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n');
    expect(frames.join("")).not.toContain("message_stop");
    expect(frames.join("")).not.toContain("ignored");
  });

  test("end() without finish is an error event", () => {
    const events = parseFrames(encodeStream([{ type: "text-delta", text: "a" }]));
    expect(events[events.length - 1]).toEqual(["error", { type: "error", error: { type: "api_error", message: "stream ended unexpectedly" } }]);
  });

  test("encoder output decodes back to the same events", () => {
    const decoded = coalesce(decodeStream(encodeStream(FULL).join(""), [7, 1, 30]));
    const usage = { inputTokens: 1250, outputTokens: 77, cacheReadTokens: 1000, cacheWriteTokens: 200 };
    expect(decoded).toEqual([
      { type: "message-start", id: "msg_t1", model: "my-alias", usage: { inputTokens: 1250, outputTokens: 0, cacheReadTokens: 1000, cacheWriteTokens: 200 } },
      { type: "reasoning-delta", text: "Two cities." },
      { type: "reasoning-signature", signature: "Sig==", protocol: "claude" },
      { type: "text-delta", text: "Checking." },
      { type: "tool-call-start", index: 0, id: "call_a", name: "get_weather" },
      { type: "tool-call-delta", index: 0, argumentsDelta: '{"city":"Paris"}' },
      { type: "tool-call-end", index: 0 },
      { type: "tool-call-start", index: 1, id: "call_b", name: "get_weather" },
      { type: "tool-call-delta", index: 1, argumentsDelta: '{"city":"Rome"}' },
      { type: "tool-call-end", index: 1 },
      { type: "usage", usage },
      { type: "finish", finishReason: { unified: "tool-calls", raw: "tool_use" }, usage },
    ]);
  });
});

describe("claude stream encoder: three overlapping tool calls", () => {
  test("each waiting call keeps its arguments and order", () => {
    const events = parseFrames(encodeStream([
      { type: "tool-call-start", index: 0, id: "a", name: "f" },
      { type: "tool-call-start", index: 1, id: "b", name: "g" },
      { type: "tool-call-start", index: 2, id: "c", name: "h" },
      { type: "tool-call-delta", index: 2, argumentsDelta: '{"z":3}' },
      { type: "tool-call-end", index: 0 },
      { type: "tool-call-delta", index: 1, argumentsDelta: '{"y":2}' },
      { type: "tool-call-end", index: 1 },
      { type: "tool-call-end", index: 2 },
      { type: "finish", finishReason: { unified: "tool-calls" } },
    ]));
    const blocks = events.filter(([name]) => name === "content_block_start").map(([, data]) => (data.content_block as { id: string }).id);
    const deltas = events.filter(([name]) => name === "content_block_delta").map(([, data]) => [data.index, (data.delta as { partial_json: string }).partial_json]);
    expect(blocks).toEqual(["a", "b", "c"]);
    expect(deltas).toEqual([[1, '{"y":2}'], [2, '{"z":3}']]);
    expect(events.filter(([name]) => name === "content_block_stop").length).toBe(3);
  });
});
