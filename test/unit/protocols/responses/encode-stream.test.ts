// In charge of checking the Responses stream encoder writes the exact event sequence the SDK and Codex read.
import { describe, expect, test } from "bun:test";
import OpenAI from "openai";
import { createStreamEncoder } from "../../../../src/protocols/responses/encode-stream.ts";
import { toolNameMap } from "../../../../src/protocols/responses/tool-names.ts";
import { ProxyError } from "../../../../src/unified/errors.ts";
import type { UnifiedEvent } from "../../../../src/unified/events.ts";
import { clientContext, decodeSse, parseEvents } from "./helpers.ts";

const SIGNATURE = JSON.stringify({ id: "rs_upstream1", encrypted_content: "gAAAAABenc==" });

const EVENTS: UnifiedEvent[] = [
  { type: "message-start", id: "msg_01claude", model: "upstream" },
  { type: "reasoning-delta", text: "Think" },
  { type: "reasoning-delta", text: "ing." },
  { type: "reasoning-signature", signature: SIGNATURE, protocol: "openai-responses" },
  { type: "text-delta", text: "Hello" },
  { type: "text-delta", text: " world" },
  { type: "tool-call-start", index: 0, id: "call_1", name: "get_weather" },
  { type: "tool-call-delta", index: 0, argumentsDelta: '{"city":' },
  { type: "tool-call-start", index: 1, id: "call_2", name: "mcp__fs__read_text_file" },
  { type: "tool-call-delta", index: 1, argumentsDelta: '{"path":"a.md"}' },
  { type: "tool-call-delta", index: 0, argumentsDelta: '"Paris"}' },
  { type: "tool-call-end", index: 0 },
  { type: "tool-call-end", index: 1 },
  { type: "usage", usage: { inputTokens: 30, cacheReadTokens: 10 } },
  { type: "finish", finishReason: { unified: "tool-calls" }, usage: { outputTokens: 12, reasoningTokens: 4 } },
];

const NAMES = toolNameMap([{ type: "namespace", name: "mcp__fs", tools: [{ type: "function", name: "read_text_file" }] }]);

function encodeAll(events: UnifiedEvent[], names = NAMES): string[] {
  const encoder = createStreamEncoder(clientContext(), names);
  return [...events.flatMap((event) => encoder.push(event)), ...encoder.end()];
}

/** The official SDK reading our stream, as if from a server. */
function sdkOver(text: string): OpenAI {
  return new OpenAI({ apiKey: "k", baseURL: "http://sdk.invalid/v1", maxRetries: 0, fetch: async () => new Response(text, { headers: { "content-type": "text/event-stream" } }) });
}

describe("responses stream encoder", () => {
  test("the exact event sequence, event names matching data.type, sequence numbers 0, 1, 2 …", () => {
    const events = parseEvents(encodeAll(EVENTS));
    expect(events.map((event) => event.event)).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.reasoning_summary_part.added",
      "response.reasoning_summary_text.delta",
      "response.reasoning_summary_text.delta",
      "response.reasoning_summary_text.done",
      "response.reasoning_summary_part.done",
      "response.output_item.done",
      "response.output_item.added",
      "response.content_part.added",
      "response.output_text.delta",
      "response.output_text.delta",
      "response.output_text.done",
      "response.content_part.done",
      "response.output_item.done",
      "response.output_item.added",
      "response.function_call_arguments.delta",
      "response.output_item.added",
      "response.function_call_arguments.delta",
      "response.function_call_arguments.delta",
      "response.function_call_arguments.done",
      "response.output_item.done",
      "response.function_call_arguments.done",
      "response.output_item.done",
      "response.completed",
    ]);
    events.forEach((event, index) => expect([event.data.type, event.data.sequence_number]).toEqual([event.event, index]));
    const completed = events.at(-1)!.data.response as Record<string, unknown>;
    expect(completed).toMatchObject({ id: "resp_test1", status: "completed", model: "my-alias", usage: { input_tokens: 30, input_tokens_details: { cached_tokens: 10 }, output_tokens: 12, output_tokens_details: { reasoning_tokens: 4 }, total_tokens: 42 } });
    expect(completed.output).toEqual([
      { type: "reasoning", id: "rs_test2", summary: [{ type: "summary_text", text: "Thinking." }], encrypted_content: "gAAAAABenc==" },
      { type: "message", id: "msg_test3", status: "completed", role: "assistant", content: [{ type: "output_text", text: "Hello world", annotations: [], logprobs: [] }] },
      { type: "function_call", id: "fc_test4", call_id: "call_1", name: "get_weather", arguments: '{"city":"Paris"}', status: "completed" },
      { type: "function_call", id: "fc_test5", call_id: "call_2", name: "read_text_file", arguments: '{"path":"a.md"}', status: "completed", namespace: "mcp__fs" },
    ]);
  });

  test("the official SDK accumulates our stream into the same Response (responses.stream)", async () => {
    const stream = sdkOver(encodeAll(EVENTS).join("")).responses.stream({ model: "my-alias", input: "x" });
    const response = await stream.finalResponse();
    expect(response.output_text).toBe("Hello world");
    expect(response.output.map((item) => item.type)).toEqual(["reasoning", "message", "function_call", "function_call"]);
    const call = response.output[3];
    expect(call?.type === "function_call" ? [call.namespace, call.name, call.arguments] : null).toEqual(["mcp__fs", "read_text_file", '{"path":"a.md"}']);
  });

  test("a signature-only reasoning item (no summary) uses the upstream's own reasoning id", () => {
    const events = parseEvents(encodeAll([{ type: "reasoning-signature", signature: SIGNATURE, protocol: "openai-responses" }, { type: "finish", finishReason: { unified: "stop" } }]));
    expect(events.map((event) => event.event).slice(2)).toEqual(["response.output_item.added", "response.output_item.done", "response.completed"]);
    expect(events[3]!.data.item).toEqual({ type: "reasoning", id: "rs_upstream1", summary: [], encrypted_content: "gAAAAABenc==" });
  });

  test("custom tool calls are written whole as custom_tool_call input events", () => {
    const names = toolNameMap([{ type: "custom", name: "apply_patch" }]);
    const events = parseEvents(
      encodeAll(
        [
          { type: "tool-call-start", index: 0, id: "call_p", name: "apply_patch" },
          { type: "tool-call-delta", index: 0, argumentsDelta: '{"input":"*** Begin' },
          { type: "tool-call-delta", index: 0, argumentsDelta: ' Patch"}' },
          { type: "tool-call-end", index: 0 },
          { type: "finish", finishReason: { unified: "tool-calls" } },
        ],
        names,
      ),
    );
    expect(events.map((event) => event.event).slice(2)).toEqual(["response.output_item.added", "response.custom_tool_call_input.delta", "response.custom_tool_call_input.done", "response.output_item.done", "response.completed"]);
    expect(events[5]!.data.item).toEqual({ type: "custom_tool_call", id: "fc_test2", call_id: "call_p", name: "apply_patch", input: "*** Begin Patch", status: "completed" });
  });

  test("length → response.incomplete with max_output_tokens", async () => {
    const text = encodeAll([{ type: "text-delta", text: "cut" }, { type: "finish", finishReason: { unified: "length" } }]);
    const last = parseEvents(text).at(-1)!;
    expect(last.event).toBe("response.incomplete");
    expect(last.data.response).toMatchObject({ status: "incomplete", incomplete_details: { reason: "max_output_tokens" } });
    expect((await sdkOver(text.join("")).responses.stream({ model: "m", input: "x" }).finalResponse()).status).toBe("incomplete");
  });

  test("an error writes the error event and response.failed, and no response.completed; end() without finish is an error", async () => {
    const events = parseEvents(encodeAll([{ type: "text-delta", text: "partial" }, { type: "error", error: new ProxyError("overloaded", "upstream overloaded") }]));
    expect(events.map((event) => event.event).slice(-2)).toEqual(["error", "response.failed"]);
    expect(events.at(-2)!.data).toEqual({ type: "error", sequence_number: events.length - 2, code: "server_error", message: "upstream overloaded", param: null });
    expect(events.at(-1)!.data.response).toMatchObject({ status: "failed", error: { code: "server_error", message: "upstream overloaded" } });
    events.forEach((event, index) => expect(event.data.sequence_number).toBe(index));
    const ended = parseEvents(encodeAll([{ type: "text-delta", text: "x" }]));
    expect(ended.at(-2)!.data.message).toBe("stream ended unexpectedly");
    const caught = await sdkOver(encodeAll([{ type: "error", error: new ProxyError("upstream", "boom") }]).join(""))
      .responses.stream({ model: "m", input: "x" })
      .finalResponse()
      .then(() => null, (error: unknown) => error);
    expect(String(caught)).toContain("boom");
  });

  test("encoder output read back by the decoder gives the same text, reasoning, calls, finish and usage", () => {
    const decoded = decodeSse(encodeAll(EVENTS, new Map()).join(""));
    const pick = (type: UnifiedEvent["type"]) => decoded.filter((event) => event.type === type);
    expect(pick("message-start")).toEqual([{ type: "message-start", id: "resp_test1", model: "my-alias" }]);
    expect(pick("reasoning-delta").map((event) => (event.type === "reasoning-delta" ? event.text : "")).join("")).toBe("Thinking.");
    expect(pick("reasoning-signature")).toEqual([{ type: "reasoning-signature", signature: JSON.stringify({ id: "rs_test2", encrypted_content: "gAAAAABenc==" }), protocol: "openai-responses" }]);
    expect(pick("text-delta").map((event) => (event.type === "text-delta" ? event.text : "")).join("")).toBe("Hello world");
    expect(pick("tool-call-start")).toEqual([
      { type: "tool-call-start", index: 0, id: "call_1", name: "get_weather" },
      { type: "tool-call-start", index: 1, id: "call_2", name: "mcp__fs__read_text_file" },
    ]);
    const args = ["", ""];
    for (const event of decoded) if (event.type === "tool-call-delta") args[event.index] += event.argumentsDelta;
    expect(args).toEqual(['{"city":"Paris"}', '{"path":"a.md"}']);
    expect(decoded.at(-1)).toEqual({ type: "finish", finishReason: { unified: "tool-calls", raw: "completed" }, usage: { inputTokens: 30, outputTokens: 12, cacheReadTokens: 10, reasoningTokens: 4 } });
  });
});
