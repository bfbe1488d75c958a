// In charge of testing the chunk-stream decoder: fixtures split anywhere, tool-call assembly traps, stream endings.
import { describe, expect, test } from "bun:test";
import { createStreamDecoder } from "../../../../src/protocols/openai/decode-stream.ts";
import type { UnifiedEvent } from "../../../../src/unified/events.ts";
import { ProxyError } from "../../../../src/unified/errors.ts";
import { decodeSse, everyN, fixtureText, testContext } from "./helpers.ts";

/** Concatenated arguments per tool-call index. */
function argumentsByIndex(events: UnifiedEvent[]): Record<number, string> {
  const out: Record<number, string> = {};
  for (const event of events) if (event.type === "tool-call-delta") out[event.index] = (out[event.index] ?? "") + event.argumentsDelta;
  return out;
}

function textOf(events: UnifiedEvent[], type: "text-delta" | "reasoning-delta"): string {
  let out = "";
  for (const event of events) if (event.type === type) out += event.text;
  return out;
}

function chunk(delta: Record<string, unknown>, finish: string | null = null): { data: string } {
  return { data: JSON.stringify({ id: "chatcmpl-1", object: "chat.completion.chunk", created: 1, model: "m", choices: [{ index: 0, delta, finish_reason: finish }] }) };
}

describe("openai stream decoder: fixtures", () => {
  test("text stream with usage chunk", () => {
    const events = decodeSse(fixtureText("streams/text.sse"));
    expect(events).toEqual([
      { type: "message-start", id: "chatcmpl-C1text", model: "gpt-4o-2024-08-06" },
      { type: "text-delta", text: "Hello" },
      { type: "text-delta", text: "! How can I help" },
      { type: "text-delta", text: " today?" },
      { type: "usage", usage: { inputTokens: 1117, outputTokens: 9, cacheReadTokens: 1024, reasoningTokens: 0 } },
      { type: "finish", finishReason: { unified: "stop", raw: "stop" }, usage: { inputTokens: 1117, outputTokens: 9, cacheReadTokens: 1024, reasoningTokens: 0 } },
    ]);
  });

  test("any chunking of the bytes gives the same events", () => {
    const text = fixtureText("streams/parallel-tools-interleaved.sse");
    const whole = decodeSse(text);
    for (const size of [1, 2, 3, 7, 64, 333]) expect(decodeSse(text, everyN(text, size))).toEqual(whole);
  });

  test("parallel tool calls with interleaved argument deltas are not merged", () => {
    const events = decodeSse(fixtureText("streams/parallel-tools-interleaved.sse"));
    expect(events.filter((event) => event.type === "tool-call-start")).toEqual([
      { type: "tool-call-start", index: 0, id: "call_paris", name: "get_weather" },
      { type: "tool-call-start", index: 1, id: "call_tokyo", name: "get_weather" },
    ]);
    expect(argumentsByIndex(events)).toEqual({ 0: '{"city":"Paris"}', 1: '{"city":"Tokyo","days":2}' });
    expect(events.filter((event) => event.type === "tool-call-end")).toEqual([
      { type: "tool-call-end", index: 0 },
      { type: "tool-call-end", index: 1 },
    ]);
    const finish = events[events.length - 1];
    expect(finish).toEqual({ type: "finish", finishReason: { unified: "tool-calls", raw: "tool_calls" }, usage: { inputTokens: 82, outputTokens: 50, cacheReadTokens: 0, reasoningTokens: 0 } });
  });

  test("DeepSeek reasoning_content deltas, usage on the finish chunk", () => {
    const events = decodeSse(fixtureText("streams/deepseek-reasoning.sse"));
    expect(textOf(events, "reasoning-delta")).toBe("Compare 0.11 and 0.8.");
    expect(textOf(events, "text-delta")).toBe("9.11 is smaller.");
    expect(events[events.length - 1]).toEqual({ type: "finish", finishReason: { unified: "stop", raw: "stop" }, usage: { inputTokens: 18, outputTokens: 40, cacheReadTokens: 0, reasoningTokens: 30 } });
  });

  test("a stream without finish_reason still finishes at [DONE]", () => {
    const events = decodeSse(fixtureText("streams/no-finish-reason.sse"));
    expect(events).toEqual([
      { type: "message-start", id: "chatcmpl-local1", model: "local-model" },
      { type: "text-delta", text: "Hi" },
      { type: "text-delta", text: " there" },
      { type: "finish", finishReason: { unified: "stop" } },
    ]);
  });

  test("an id repeated on every delta continues the call; a new id on the same index starts a new one", () => {
    const events = decodeSse(fixtureText("streams/repeated-id-whole-call.sse"));
    expect(events.filter((event) => event.type !== "message-start")).toEqual([
      { type: "tool-call-start", index: 0, id: "call_a1", name: "read" },
      { type: "tool-call-delta", index: 0, argumentsDelta: '{"path":' },
      { type: "tool-call-delta", index: 0, argumentsDelta: '"a.txt"}' },
      { type: "tool-call-end", index: 0 },
      { type: "tool-call-start", index: 1, id: "call_b2", name: "read" },
      { type: "tool-call-delta", index: 1, argumentsDelta: '{"path":"b.txt"}' },
      { type: "tool-call-end", index: 1 },
      { type: "finish", finishReason: { unified: "tool-calls", raw: "tool_calls" } },
    ]);
  });

  test("an in-band error (OpenRouter) becomes an error event and nothing after it", () => {
    const events = decodeSse(fixtureText("streams/in-band-error.sse"));
    expect(events.slice(0, 2)).toEqual([
      { type: "message-start", id: "gen-1750-err", model: "qwen/qwen3-coder" },
      { type: "text-delta", text: "Partial" },
    ]);
    expect(events).toHaveLength(3);
    const last = events[2];
    if (last?.type !== "error") throw new Error("expected an error event");
    expect(last.error.message).toBe("Provider returned error");
    expect(last.error.kind).toBe("upstream");
  });

  test("finish_reason seen but no [DONE]: finish at end()", () => {
    const events = decodeSse(fixtureText("streams/finish-without-done.sse"));
    expect(events[events.length - 1]).toEqual({ type: "finish", finishReason: { unified: "length", raw: "length" }, usage: { inputTokens: 5, outputTokens: 2 } });
  });
});

describe("openai stream decoder: edge cases", () => {
  test("stream cut before completion → error event", () => {
    const decoder = createStreamDecoder(testContext());
    const out = [...decoder.push(chunk({ content: "Hel" })), ...decoder.end()];
    expect(out[1]).toEqual({ type: "text-delta", text: "Hel" });
    const last = out[2];
    if (last?.type !== "error") throw new Error("expected an error event");
    expect(last.error).toBeInstanceOf(ProxyError);
    expect(last.error.message).toBe("upstream stream ended before completion");
  });

  test("a frame that is not JSON → error event; later frames are ignored", () => {
    const decoder = createStreamDecoder(testContext());
    const out = decoder.push({ data: "<html>502 Bad Gateway</html>" });
    expect(out).toHaveLength(1);
    expect(out[0]?.type).toBe("error");
    expect(decoder.push(chunk({ content: "x" }))).toEqual([]);
    expect(decoder.end()).toEqual([]);
  });

  test("a whole call in one delta, a call without upstream id, and arguments sent as an object", () => {
    const decoder = createStreamDecoder(testContext());
    const out = [
      ...decoder.push(chunk({ tool_calls: [{ index: 0, id: "call_x", type: "function", function: { name: "a", arguments: '{"k":1}' } }] })),
      ...decoder.push(chunk({ tool_calls: [{ index: 1, function: { name: "b", arguments: { q: "v" } } }] })),
      ...decoder.push(chunk({}, "tool_calls")),
      ...decoder.push({ data: "[DONE]" }),
    ];
    expect(out.filter((event) => event.type.startsWith("tool-call"))).toEqual([
      { type: "tool-call-start", index: 0, id: "call_x", name: "a" },
      { type: "tool-call-delta", index: 0, argumentsDelta: '{"k":1}' },
      { type: "tool-call-start", index: 1, id: "call_test1", name: "b" },
      { type: "tool-call-delta", index: 1, argumentsDelta: '{"q":"v"}' },
      { type: "tool-call-end", index: 0 },
      { type: "tool-call-end", index: 1 },
    ]);
  });

  test("arguments before the name are held until the name arrives; deltas without index go to the last call", () => {
    const decoder = createStreamDecoder(testContext());
    const out = [
      ...decoder.push(chunk({ tool_calls: [{ index: 0, id: "c1", function: { arguments: '{"a"' } }] })),
      ...decoder.push(chunk({ tool_calls: [{ index: 0, function: { name: "f", arguments: ":1" } }] })),
      ...decoder.push(chunk({ tool_calls: [{ function: { arguments: "}" } }] })),
      ...decoder.push({ data: "[DONE]" }),
    ];
    expect(out.filter((event) => event.type.startsWith("tool-call"))).toEqual([
      { type: "tool-call-start", index: 0, id: "c1", name: "f" },
      { type: "tool-call-delta", index: 0, argumentsDelta: '{"a"' },
      { type: "tool-call-delta", index: 0, argumentsDelta: ":1" },
      { type: "tool-call-delta", index: 0, argumentsDelta: "}" },
      { type: "tool-call-end", index: 0 },
    ]);
    expect(out[out.length - 1]).toEqual({ type: "finish", finishReason: { unified: "tool-calls" } });
  });

  test("OpenRouter `reasoning` deltas, refusal deltas and choices of other indices", () => {
    const decoder = createStreamDecoder(testContext());
    const out = [
      ...decoder.push(chunk({ reasoning: "hmm" })),
      ...decoder.push(chunk({ refusal: "no" })),
      ...decoder.push({ data: JSON.stringify({ id: "x", choices: [{ index: 1, delta: { content: "second choice" } }] }) }),
    ];
    expect(out).toEqual([
      { type: "message-start", id: "chatcmpl-1", model: "m" },
      { type: "reasoning-delta", text: "hmm" },
      { type: "text-delta", text: "no" },
    ]);
  });

  test("delta content as an array of typed parts", () => {
    const decoder = createStreamDecoder(testContext());
    expect(decoder.push(chunk({ content: [{ type: "text", text: "hi" }] }))).toContainEqual({ type: "text-delta", text: "hi" });
  });

  test("legacy function_call deltas", () => {
    const decoder = createStreamDecoder(testContext());
    const out = [
      ...decoder.push(chunk({ function_call: { name: "f", arguments: "" } })),
      ...decoder.push(chunk({ function_call: { arguments: '{"x":1}' } })),
      ...decoder.push(chunk({}, "function_call")),
      ...decoder.push({ data: "[DONE]" }),
    ];
    expect(out.filter((event) => event.type.startsWith("tool-call"))).toEqual([
      { type: "tool-call-start", index: 0, id: "call_test1", name: "f" },
      { type: "tool-call-delta", index: 0, argumentsDelta: '{"x":1}' },
      { type: "tool-call-end", index: 0 },
    ]);
    expect(out[out.length - 1]).toEqual({ type: "finish", finishReason: { unified: "tool-calls", raw: "function_call" } });
  });

  test("an `event: error` frame and an OpenAI error payload map their kind", () => {
    const decoder = createStreamDecoder(testContext());
    const out = decoder.push({ data: JSON.stringify({ error: { message: "Rate limit reached", type: "requests", code: "rate_limit_exceeded" } }) });
    const event = out[0];
    if (event?.type !== "error") throw new Error("expected an error event");
    expect(event.error.kind).toBe("rate_limit");
    const named = createStreamDecoder(testContext()).push({ event: "error", data: JSON.stringify({ message: "boom" }) });
    if (named[0]?.type !== "error") throw new Error("expected an error event");
    expect(named[0].error.message).toBe("boom");
  });
});
