// Regression: a Claude-compatible upstream that finished with stop_reason null reached clients as "other" (Gemini clients: OTHER).
import { describe, expect, test } from "bun:test";
import { claudeCodec } from "../../../../src/protocols/claude/index.ts";
import { decodeStream, testContext } from "./helpers.ts";

const sse = (type: string, payload: Record<string, unknown>) => `event: ${type}\ndata: ${JSON.stringify({ type, ...payload })}\n\n`;
const start = sse("message_start", { message: { id: "msg_1", type: "message", role: "assistant", model: "m", content: [], stop_reason: null, usage: { input_tokens: 3, output_tokens: 1 } } });
const end = sse("message_delta", { delta: { stop_reason: null }, usage: { output_tokens: 2 } }) + sse("message_stop", {});

describe("claude stop_reason null or missing at the end of a message", () => {
  test("a streamed text answer finishes as stop", () => {
    const text = start + sse("content_block_start", { index: 0, content_block: { type: "text", text: "" } }) + sse("content_block_delta", { index: 0, delta: { type: "text_delta", text: "Hi" } }) + sse("content_block_stop", { index: 0 }) + end;
    const finish = decodeStream(text).find((event) => event.type === "finish");
    expect(finish).toMatchObject({ type: "finish", finishReason: { unified: "stop" } });
  });

  test("a streamed tool_use answer finishes as tool-calls", () => {
    const text = start + sse("content_block_start", { index: 0, content_block: { type: "tool_use", id: "toolu_1", name: "f", input: {} } }) + sse("content_block_delta", { index: 0, delta: { type: "input_json_delta", partial_json: "{}" } }) + sse("content_block_stop", { index: 0 }) + end;
    const finish = decodeStream(text).find((event) => event.type === "finish");
    expect(finish).toMatchObject({ type: "finish", finishReason: { unified: "tool-calls" } });
  });

  test("a complete answer without stop_reason is a stop (tool-calls with tool_use); a known value keeps its meaning", () => {
    const body = (content: unknown[], stop?: unknown) => ({ id: "msg_1", type: "message", role: "assistant", model: "m", content, ...(stop !== undefined ? { stop_reason: stop } : {}), usage: { input_tokens: 1, output_tokens: 1 } });
    expect(claudeCodec.decodeResponse(body([{ type: "text", text: "x" }], null), testContext()).finishReason).toEqual({ unified: "stop" });
    expect(claudeCodec.decodeResponse(body([{ type: "tool_use", id: "t", name: "f", input: {} }]), testContext()).finishReason).toEqual({ unified: "tool-calls" });
    expect(claudeCodec.decodeResponse(body([{ type: "text", text: "x" }], "pause_turn"), testContext()).finishReason).toEqual({ unified: "other", raw: "pause_turn" });
  });
});
