// In charge of testing the client chunk-stream encoder: exact frames, endings, and the encoder → decoder round trip.
import { describe, expect, test } from "bun:test";
import { createStreamEncoder } from "../../../../src/protocols/openai/encode-stream.ts";
import { openaiCodec } from "../../../../src/protocols/openai/index.ts";
import { ProxyError } from "../../../../src/unified/errors.ts";
import type { UnifiedEvent } from "../../../../src/unified/events.ts";
import { clientContext, dataPayloads, decodeSse, everyN } from "./helpers.ts";

function encodeAll(events: UnifiedEvent[], includeUsage = false): string[] {
  const encoder = createStreamEncoder(clientContext({ includeUsage }));
  const out: string[] = [];
  for (const event of events) out.push(...encoder.push(event));
  out.push(...encoder.end());
  return out;
}

const head = { id: "chatcmpl-test1", object: "chat.completion.chunk", created: 1741569952, model: "my-alias" };
const choice = (delta: Record<string, unknown>, finish: string | null = null) => ({ index: 0, delta, logprobs: null, finish_reason: finish });

const toolEvents: UnifiedEvent[] = [
  { type: "message-start", id: "msg_01", model: "claude-x" },
  { type: "reasoning-delta", text: "Let me look." },
  { type: "reasoning-signature", signature: "sig", protocol: "claude" },
  { type: "text-delta", text: "Reading both." },
  { type: "tool-call-start", index: 0, id: "toolu_a", name: "Read" },
  { type: "tool-call-delta", index: 0, argumentsDelta: '{"path":' },
  { type: "tool-call-start", index: 1, id: "toolu_b", name: "Read" },
  { type: "tool-call-delta", index: 1, argumentsDelta: '{"path":"b"}' },
  { type: "tool-call-delta", index: 0, argumentsDelta: '"a"}' },
  { type: "tool-call-end", index: 0 },
  { type: "tool-call-end", index: 1 },
  { type: "usage", usage: { inputTokens: 100, cacheReadTokens: 60 } },
  { type: "finish", finishReason: { unified: "stop", raw: "end_turn" }, usage: { outputTokens: 40 } },
];

describe("openai stream encoder", () => {
  test("text stream without include_usage: role chunk, deltas, finish chunk, [DONE]", () => {
    const frames = encodeAll([
      { type: "message-start" },
      { type: "text-delta", text: "Hel" },
      { type: "text-delta", text: "lo" },
      { type: "finish", finishReason: { unified: "stop" } },
    ]);
    expect(frames[frames.length - 1]).toBe("data: [DONE]\n\n");
    for (const frame of frames) expect(frame.endsWith("\n\n")).toBe(true);
    expect(dataPayloads(frames)).toEqual([
      { ...head, choices: [choice({ role: "assistant", content: "", refusal: null })] },
      { ...head, choices: [choice({ content: "Hel" })] },
      { ...head, choices: [choice({ content: "lo" })] },
      { ...head, choices: [choice({}, "stop")] },
    ]);
  });

  test("tool calls, reasoning and include_usage: exact sequence, usage: null on every chunk but the last", () => {
    const frames = encodeAll(toolEvents, true);
    expect(dataPayloads(frames)).toEqual([
      { ...head, choices: [choice({ role: "assistant", content: "", refusal: null })], usage: null },
      { ...head, choices: [choice({ reasoning_content: "Let me look." })], usage: null },
      { ...head, choices: [choice({ content: "Reading both." })], usage: null },
      { ...head, choices: [choice({ tool_calls: [{ index: 0, id: "toolu_a", type: "function", function: { name: "Read", arguments: "" } }] })], usage: null },
      { ...head, choices: [choice({ tool_calls: [{ index: 0, function: { arguments: '{"path":' } }] })], usage: null },
      { ...head, choices: [choice({ tool_calls: [{ index: 1, id: "toolu_b", type: "function", function: { name: "Read", arguments: "" } }] })], usage: null },
      { ...head, choices: [choice({ tool_calls: [{ index: 1, function: { arguments: '{"path":"b"}' } }] })], usage: null },
      { ...head, choices: [choice({ tool_calls: [{ index: 0, function: { arguments: '"a"}' } }] })], usage: null },
      // end_turn with tool calls still reports tool_calls.
      { ...head, choices: [choice({}, "tool_calls")], usage: null },
      {
        ...head,
        choices: [],
        usage: { prompt_tokens: 100, completion_tokens: 40, total_tokens: 140, prompt_tokens_details: { cached_tokens: 60 }, completion_tokens_details: { reasoning_tokens: 0 } },
      },
    ]);
    expect(frames[frames.length - 1]).toBe("data: [DONE]\n\n");
  });

  test("an error event writes the error frame and no [DONE]; later events are ignored", () => {
    const encoder = createStreamEncoder(clientContext());
    const frames = [
      ...encoder.push({ type: "message-start" }),
      ...encoder.push({ type: "text-delta", text: "part" }),
      ...encoder.push({ type: "error", error: new ProxyError("upstream", "upstream stream ended before completion") }),
      ...encoder.push({ type: "text-delta", text: "late" }),
      ...encoder.end(),
    ];
    expect(frames).toHaveLength(3);
    expect(frames[2]).toBe('data: {"error":{"message":"upstream stream ended before completion","type":"api_error","param":null,"code":null}}\n\n');
    expect(frames.join("")).not.toContain("[DONE]");
  });

  test("end() without finish behaves as an error", () => {
    const frames = encodeAll([{ type: "message-start" }, { type: "text-delta", text: "x" }]);
    expect(dataPayloads(frames).pop()).toEqual({ error: { message: "stream ended unexpectedly", type: "api_error", param: null, code: null } });
    expect(frames.join("")).not.toContain("[DONE]");
  });

  test("a finish without any prior event still opens the stream; include_usage without usage sends zeros", () => {
    const payloads = dataPayloads(encodeAll([{ type: "finish", finishReason: { unified: "length" } }], true));
    expect(payloads).toHaveLength(3);
    expect(payloads[1]).toEqual({ ...head, choices: [choice({}, "length")], usage: null });
    expect(payloads[2]).toMatchObject({ choices: [], usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 } });
  });

  test("the codec's encodeStreamError is the same frame", () => {
    expect(openaiCodec.encodeStreamError(new ProxyError("rate_limit", "slow down"))).toBe('data: {"error":{"message":"slow down","type":"rate_limit_error","param":null,"code":null}}\n\n');
  });
});

describe("openai stream encoder → decoder round trip", () => {
  test("text, reasoning, tool calls with arguments, finish and usage survive", () => {
    const wire = encodeAll(toolEvents, true).join("");
    for (const cuts of [[], everyN(wire, 5), everyN(wire, 97)]) {
      const events = decodeSse(wire, cuts);
      expect(events).toEqual([
        { type: "message-start", id: "chatcmpl-test1", model: "my-alias" },
        { type: "reasoning-delta", text: "Let me look." },
        { type: "text-delta", text: "Reading both." },
        { type: "tool-call-start", index: 0, id: "toolu_a", name: "Read" },
        { type: "tool-call-delta", index: 0, argumentsDelta: '{"path":' },
        { type: "tool-call-start", index: 1, id: "toolu_b", name: "Read" },
        { type: "tool-call-delta", index: 1, argumentsDelta: '{"path":"b"}' },
        { type: "tool-call-delta", index: 0, argumentsDelta: '"a"}' },
        { type: "tool-call-end", index: 0 },
        { type: "tool-call-end", index: 1 },
        { type: "usage", usage: { inputTokens: 100, outputTokens: 40, cacheReadTokens: 60, reasoningTokens: 0 } },
        { type: "finish", finishReason: { unified: "tool-calls", raw: "tool_calls" }, usage: { inputTokens: 100, outputTokens: 40, cacheReadTokens: 60, reasoningTokens: 0 } },
      ]);
    }
  });

  test("an encoded error frame decodes to an error event", () => {
    const wire = encodeAll([{ type: "text-delta", text: "a" }, { type: "error", error: new ProxyError("overloaded", "busy") }]).join("");
    const events = decodeSse(wire);
    const last = events[events.length - 1];
    if (last?.type !== "error") throw new Error("expected an error event");
    expect(last.error.message).toBe("busy");
  });
});
