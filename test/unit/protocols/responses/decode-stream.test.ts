// In charge of checking upstream Responses event streams decode into unified events, however the bytes are cut.
import { describe, expect, test } from "bun:test";
import type { UnifiedEvent } from "../../../../src/unified/events.ts";
import { decodeSse, everyN, fixtureText } from "./helpers.ts";

function text(events: UnifiedEvent[], type: "text-delta" | "reasoning-delta"): string {
  return events.map((event) => (event.type === type ? event.text : "")).join("");
}

function args(events: UnifiedEvent[]): Record<number, string> {
  const out: Record<number, string> = {};
  for (const event of events) if (event.type === "tool-call-delta") out[event.index] = (out[event.index] ?? "") + event.argumentsDelta;
  return out;
}

describe("responses stream decoder", () => {
  test("text: message-start with id and model, deltas, one finish with the final usage — for any chunking", () => {
    const raw = fixtureText("streams/text.sse");
    const whole = decodeSse(raw);
    expect(whole[0]).toEqual({ type: "message-start", id: "resp_67c9fdcecf488190bdd9a0409de3a1ec07b8b0ad4e5eb654", model: "gpt-4.1-2025-04-14" });
    expect(text(whole, "text-delta")).toBe("Hi there! How can I assist you today?");
    expect(whole.at(-1)).toEqual({ type: "finish", finishReason: { unified: "stop", raw: "completed" }, usage: { inputTokens: 37, outputTokens: 11, cacheReadTokens: 0, reasoningTokens: 0 } });
    expect(whole.filter((event) => event.type === "finish")).toHaveLength(1);
    for (const size of [1, 7, 64]) expect(decodeSse(raw, everyN(raw, size))).toEqual(whole);
  });

  test("reasoning summary parts, the encrypted signature, interleaved calls numbered in order of start", () => {
    const raw = fixtureText("streams/reasoning-tools-interleaved.sse");
    const events = decodeSse(raw, everyN(raw, 13));
    expect(text(events, "reasoning-delta")).toBe("**Plan**\n\nTwo lookups.");
    expect(events.find((event) => event.type === "reasoning-signature")).toEqual({
      type: "reasoning-signature",
      signature: JSON.stringify({ id: "rs_68af4030baa48193b0b43b4c2a176a1a", encrypted_content: "gAAAAABstream_encrypted==" }),
      protocol: "openai-responses",
    });
    expect(events.filter((event) => event.type === "tool-call-start")).toEqual([
      { type: "tool-call-start", index: 0, id: "call_A1", name: "get_weather" },
      { type: "tool-call-start", index: 1, id: "call_B2", name: "mcp__fs__read_text_file" },
    ]);
    expect(args(events)).toEqual({ 0: '{"city":"Paris"}', 1: '{"path":"notes.md"}' });
    expect(events.filter((event) => event.type === "tool-call-end").map((event) => (event.type === "tool-call-end" ? event.index : -1))).toEqual([0, 1]);
    expect(events.at(-1)).toMatchObject({ type: "finish", finishReason: { unified: "tool-calls" }, usage: { inputTokens: 1200, outputTokens: 310, cacheReadTokens: 1024, reasoningTokens: 256 } });
  });

  test("response.incomplete is a length finish", () => {
    expect(decodeSse(fixtureText("streams/incomplete.sse")).at(-1)).toMatchObject({ type: "finish", finishReason: { unified: "length", raw: "max_output_tokens" }, usage: { outputTokens: 16 } });
  });

  test("response.failed and the error event become one error event; nothing after it", () => {
    const failed = decodeSse(fixtureText("streams/failed.sse"));
    expect(failed.at(-1)?.type).toBe("error");
    expect(failed.at(-1)?.type === "error" ? failed.at(-1) : null).toMatchObject({ error: { message: "The server had an error while processing your request." } });
    const errored = decodeSse(fixtureText("streams/error-event.sse") + fixtureText("streams/text.sse"));
    expect(errored.map((event) => event.type)).toEqual(["message-start", "error"]);
    expect(errored[1]?.type === "error" ? [errored[1].error.kind, errored[1].error.message] : null).toEqual(["rate_limit", "Rate limit reached for requests"]);
  });

  test("a stream cut before response.completed, and data that is not JSON, are upstream errors", () => {
    const cut = decodeSse(fixtureText("streams/truncated.sse"));
    expect(cut.at(-1)).toMatchObject({ type: "error", error: { kind: "upstream", message: "upstream stream ended before completion" } });
    const garbage = decodeSse("event: response.created\ndata: {not json\n\n");
    expect(garbage).toMatchObject([{ type: "error", error: { kind: "upstream" } }]);
  });

  test("servers that send arguments only in .done, and custom tool input, still produce whole calls", () => {
    const frames = [
      { type: "response.created", response: { id: "resp_1", model: "m" } },
      { type: "response.output_item.added", output_index: 0, item: { id: "fc_1", type: "function_call", call_id: "call_1", name: "f", arguments: "" } },
      { type: "response.function_call_arguments.done", item_id: "fc_1", output_index: 0, arguments: '{"a":1}' },
      { type: "response.output_item.done", output_index: 0, item: { id: "fc_1", type: "function_call", call_id: "call_1", name: "f", arguments: '{"a":1}' } },
      { type: "response.output_item.added", output_index: 1, item: { id: "ctc_1", type: "custom_tool_call", call_id: "call_2", name: "apply_patch", input: "" } },
      { type: "response.custom_tool_call_input.delta", item_id: "ctc_1", output_index: 1, delta: "*** Begin" },
      { type: "response.custom_tool_call_input.delta", item_id: "ctc_1", output_index: 1, delta: " Patch" },
      { type: "response.output_item.done", output_index: 1, item: { id: "ctc_1", type: "custom_tool_call", call_id: "call_2", name: "apply_patch", input: "*** Begin Patch" } },
      { type: "response.completed", response: { id: "resp_1", status: "completed", output: [], usage: null } },
    ];
    const raw = frames.map((frame) => `event: ${frame.type}\ndata: ${JSON.stringify(frame)}\n\n`).join("");
    const events = decodeSse(raw);
    expect(args(events)).toEqual({ 0: '{"a":1}', 1: '{"input":"*** Begin Patch"}' });
    expect(events.at(-1)).toMatchObject({ type: "finish", finishReason: { unified: "tool-calls" } });
  });
});
