// In charge of testing Gemini stream decoding (fixtures split anywhere) and encoding (SSE and JSON array), and their round trip.
import { describe, expect, test } from "bun:test";
import { geminiCodec } from "../../../../src/protocols/gemini/index.ts";
import { ProxyError } from "../../../../src/unified/errors.ts";
import type { UnifiedEvent } from "../../../../src/unified/events.ts";
import { decodeStream, encodeStream, fixtureText, sseChunks, testContext } from "./helpers.ts";

const SPLITS = [[1], [3, 7], [17], [64, 5]];

function errorOf(events: UnifiedEvent[]): ProxyError {
  const last = events[events.length - 1];
  if (last?.type !== "error") throw new Error(`expected an error event, got ${last?.type}`);
  return last.error;
}

describe("gemini stream decoder", () => {
  test("text stream: the same events whatever the chunking; usage from the last chunk", () => {
    const text = fixtureText("streams/text.sse");
    const events = decodeStream(text);
    expect(events).toEqual([
      { type: "message-start", id: "streamResp01", model: "gemini-2.0-flash" },
      { type: "text-delta", text: "AI" },
      { type: "text-delta", text: " learns patterns from data" },
      { type: "text-delta", text: " to make predictions." },
      { type: "finish", finishReason: { unified: "stop", raw: "STOP" }, usage: { inputTokens: 9, outputTokens: 11 } },
    ]);
    for (const sizes of SPLITS) expect(decodeStream(text, sizes)).toEqual(events);
  });

  test("thoughts, a signed text part, two whole calls in one chunk", () => {
    const text = fixtureText("streams/thinking-tool-calls.sse");
    const events = decodeStream(text);
    expect(events).toEqual([
      { type: "message-start", id: "streamTools01", model: "gemini-2.5-pro" },
      { type: "reasoning-delta", text: "**Planning**\nTwo lookups are needed." },
      { type: "reasoning-signature", signature: "CsYBsigTEXT", protocol: "gemini" },
      { type: "text-delta", text: "Let me check both." },
      { type: "tool-call-start", index: 0, id: "call_t1", name: "get_weather", signature: "CsYBsigCALL", signatureProtocol: "gemini" },
      { type: "tool-call-delta", index: 0, argumentsDelta: '{"city":"Paris"}' },
      { type: "tool-call-end", index: 0 },
      { type: "tool-call-start", index: 1, id: "call_t2", name: "get_weather" },
      { type: "tool-call-delta", index: 1, argumentsDelta: '{"city":"London","unit":"celsius"}' },
      { type: "tool-call-end", index: 1 },
      { type: "finish", finishReason: { unified: "tool-calls", raw: "STOP" }, usage: { inputTokens: 40, outputTokens: 37, reasoningTokens: 12, cacheReadTokens: 32 } },
    ]);
    for (const sizes of SPLITS) expect(decodeStream(text, sizes)).toEqual(events);
  });

  test("an in-band error chunk becomes an error event and nothing follows", () => {
    const events = decodeStream(fixtureText("streams/error.sse") + 'data: {"candidates":[]}\r\n\r\n');
    expect(events.map((event) => event.type)).toEqual(["message-start", "text-delta", "error"]);
    const error = errorOf(events);
    expect([error.kind, error.status, error.message, error.upstream?.status]).toEqual(["overloaded", 503, "The model is overloaded. Please try again later.", 503]);
  });

  test("a stream that stops without a finishReason is an upstream error", () => {
    const events = decodeStream(fixtureText("streams/truncated.sse"));
    expect(events.map((event) => event.type)).toEqual(["message-start", "text-delta", "error"]);
    expect(errorOf(events).message).toBe("upstream stream ended before completion");
    expect(errorOf(decodeStream("")).kind).toBe("upstream");
  });

  test("a blocked prompt finishes as content-filter", () => {
    expect(decodeStream(fixtureText("streams/blocked.sse"))).toEqual([
      { type: "message-start", id: "streamBlock01", model: "gemini-2.5-flash" },
      { type: "finish", finishReason: { unified: "content-filter", raw: "PROHIBITED_CONTENT" }, usage: { inputTokens: 7, outputTokens: 0 } },
    ]);
  });

  test("data that is not JSON is an upstream error", () => {
    const events = decodeStream("data: {not json\n\n");
    expect(events.length).toBe(1);
    expect(errorOf(events).kind).toBe("upstream");
    expect(errorOf(events).message).toContain("not JSON");
  });
});

const CALL_EVENTS: UnifiedEvent[] = [
  { type: "message-start", id: "msg_1", model: "upstream-model", usage: { inputTokens: 20 } },
  { type: "reasoning-delta", text: "Hmm" },
  { type: "reasoning-signature", signature: "gsig", protocol: "gemini" },
  { type: "text-delta", text: "Checking" },
  { type: "tool-call-start", index: 0, id: "call_a", name: "get_weather", signature: "csig", signatureProtocol: "gemini" },
  { type: "tool-call-delta", index: 0, argumentsDelta: '{"city":' },
  { type: "tool-call-delta", index: 0, argumentsDelta: '"Paris"}' },
  { type: "tool-call-end", index: 0 },
  { type: "usage", usage: { outputTokens: 9 } },
  { type: "finish", finishReason: { unified: "stop", raw: "end_turn" }, usage: { inputTokens: 20, outputTokens: 15, reasoningTokens: 5 } },
];

function chunk(parts: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { candidates: [{ content: { role: "model", parts }, index: 0, ...extra }], modelVersion: "alias", responseId: "msg_1" };
}

describe("gemini stream encoder", () => {
  test("SSE: one chunk per delta, calls whole at their end, a final chunk with STOP and usage", () => {
    const frames = encodeStream(CALL_EVENTS, testContext("alias", true));
    for (const frame of frames) expect(frame).toMatch(/^data: \{.*\}\n\n$/);
    expect(frames.map((frame) => JSON.parse(frame.slice(6)) as unknown)).toEqual([
      chunk([{ text: "Hmm", thought: true }]),
      chunk([{ text: "Checking", thoughtSignature: "gsig" }]),
      chunk([{ functionCall: { id: "call_a", name: "get_weather", args: { city: "Paris" } }, thoughtSignature: "csig" }]),
      { ...chunk([], { finishReason: "STOP" }), usageMetadata: { promptTokenCount: 20, candidatesTokenCount: 10, totalTokenCount: 35, thoughtsTokenCount: 5 } },
    ]);
  });

  test("JSON array mode: '[' chunk ',\\r\\n' chunk … ']' parses as one array", () => {
    const frames = encodeStream(CALL_EVENTS, testContext("alias", false));
    expect(frames[0]?.startsWith("[{")).toBe(true);
    expect(frames[1]?.startsWith(",\r\n{")).toBe(true);
    expect(frames[frames.length - 1]).toBe("]");
    const array = JSON.parse(frames.join("")) as unknown[];
    expect(array.length).toBe(4);
    expect(array[2]).toEqual(chunk([{ functionCall: { id: "call_a", name: "get_weather", args: { city: "Paris" } }, thoughtSignature: "csig" }]));
  });

  test("errors: SSE data error and no terminator; array mode appends the error element without ']'", () => {
    const events: UnifiedEvent[] = [{ type: "message-start" }, { type: "text-delta", text: "Hi" }, { type: "error", error: new ProxyError("overloaded", "Overloaded", { status: 503 }) }, { type: "text-delta", text: "ignored" }];
    const sse = encodeStream(events, testContext("alias", true));
    expect(sse.length).toBe(2);
    expect(sse[1]).toBe('data: {"error":{"code":503,"message":"Overloaded","status":"UNAVAILABLE"}}\n\n');
    const array = encodeStream(events, testContext("alias", false));
    expect(array[1]).toBe(',\r\n{"error":{"code":503,"message":"Overloaded","status":"UNAVAILABLE"}}');
    expect(array.join("").endsWith("]")).toBe(false);
  });

  test("end() without finish writes an error; an open call is flushed at finish", () => {
    const unfinished = encodeStream([{ type: "message-start" }, { type: "text-delta", text: "Hi" }]);
    expect(sseChunks(unfinished.join(""))[1]).toEqual({ error: { code: 502, message: "stream ended unexpectedly", status: "INTERNAL" } });
    const flushed = sseChunks(
      encodeStream([
        { type: "tool-call-start", index: 0, id: "c1", name: "f" },
        { type: "tool-call-delta", index: 0, argumentsDelta: '{"a":1}' },
        { type: "finish", finishReason: { unified: "tool-calls" } },
      ]).join(""),
    );
    expect(flushed[0]).toMatchObject({ candidates: [{ content: { parts: [{ functionCall: { id: "c1", name: "f", args: { a: 1 } } }] } }] });
    expect(flushed[1]).toMatchObject({ candidates: [{ finishReason: "STOP" }] });
  });

  test("foreign signatures are dropped; a Gemini signature goes on the next part, or alone when none can carry it", () => {
    const foreign = sseChunks(encodeStream([{ type: "reasoning-delta", text: "r" }, { type: "reasoning-signature", signature: "claude", protocol: "claude" }, { type: "finish", finishReason: { unified: "stop" } }]).join(""));
    expect(foreign.length).toBe(2);
    const onText = sseChunks(encodeStream([{ type: "reasoning-signature", signature: "s1", protocol: "gemini" }, { type: "text-delta", text: "Yes" }, { type: "finish", finishReason: { unified: "stop" } }]).join(""));
    expect(onText[0]).toMatchObject({ candidates: [{ content: { parts: [{ text: "Yes", thoughtSignature: "s1" }] } }] });
    const atEnd = sseChunks(encodeStream([{ type: "text-delta", text: "Yes" }, { type: "reasoning-signature", signature: "s2", protocol: "gemini" }, { type: "finish", finishReason: { unified: "length" } }]).join(""));
    expect(atEnd[1]).toMatchObject({ candidates: [{ content: { parts: [{ text: "", thoughtSignature: "s2" }] }, finishReason: "MAX_TOKENS" }] });
    const thoughtThenThought = sseChunks(
      encodeStream([
        { type: "reasoning-delta", text: "a" },
        { type: "reasoning-signature", signature: "s3", protocol: "gemini" },
        { type: "reasoning-delta", text: "b" },
        { type: "tool-call-start", index: 0, id: "c", name: "f" },
        { type: "tool-call-end", index: 0 },
        { type: "finish", finishReason: { unified: "tool-calls" } },
      ]).join(""),
    );
    const beforeCall = sseChunks(
      encodeStream([
        { type: "reasoning-delta", text: "a" },
        { type: "reasoning-signature", signature: "s4", protocol: "gemini" },
        { type: "tool-call-start", index: 0, id: "c", name: "f" },
        { type: "tool-call-end", index: 0 },
        { type: "finish", finishReason: { unified: "tool-calls" } },
      ]).join(""),
    );
    expect(beforeCall[1]).toMatchObject({ candidates: [{ content: { parts: [{ functionCall: { id: "c", name: "f", args: {} }, thoughtSignature: "s4" }] } }] });
    expect(thoughtThenThought.map((item) => (item.candidates as Array<{ content: { parts: unknown[] } }>)[0]?.content.parts)).toEqual([
      [{ text: "a", thought: true }],
      [{ text: "", thought: true, thoughtSignature: "s3" }, { text: "b", thought: true }],
      [{ functionCall: { id: "c", name: "f", args: {} } }],
      [],
    ]);
  });
});

describe("gemini stream round trip", () => {
  test("encoder output fed to the decoder gives back the same events", () => {
    const text = encodeStream(CALL_EVENTS, testContext("alias", true)).join("");
    const decoded = decodeStream(text, [5, 11]);
    expect(decoded).toEqual([
      { type: "message-start", id: "msg_1", model: "alias" },
      { type: "reasoning-delta", text: "Hmm" },
      { type: "reasoning-signature", signature: "gsig", protocol: "gemini" },
      { type: "text-delta", text: "Checking" },
      { type: "tool-call-start", index: 0, id: "call_a", name: "get_weather", signature: "csig", signatureProtocol: "gemini" },
      { type: "tool-call-delta", index: 0, argumentsDelta: '{"city":"Paris"}' },
      { type: "tool-call-end", index: 0 },
      { type: "finish", finishReason: { unified: "tool-calls", raw: "STOP" }, usage: { inputTokens: 20, outputTokens: 15, reasoningTokens: 5 } },
    ]);
  });

  test("a decoded upstream fixture re-encodes to the same parts", () => {
    const events = decodeStream(fixtureText("streams/thinking-tool-calls.sse"));
    const chunks = sseChunks(encodeStream(events, testContext("gemini-2.5-pro", true)).join(""));
    const parts = chunks.flatMap((item) => ((item.candidates as Array<{ content: { parts: unknown[] } }>)[0]?.content.parts ?? []));
    expect(parts).toEqual([
      { text: "**Planning**\nTwo lookups are needed.", thought: true },
      { text: "Let me check both.", thoughtSignature: "CsYBsigTEXT" },
      { functionCall: { id: "call_t1", name: "get_weather", args: { city: "Paris" } }, thoughtSignature: "CsYBsigCALL" },
      { functionCall: { id: "call_t2", name: "get_weather", args: { city: "London", unit: "celsius" } } },
    ]);
    expect(geminiCodec.createStreamEncoder(testContext()).end().length).toBe(1);
  });
});
