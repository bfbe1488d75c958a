// In charge of the fake Claude Messages upstream: real message bodies and the real SSE event sequence.
import { isRecord } from "../../src/protocols/shared/json.ts";
import { chunkText, type FakeProtocol, type FakeScenario, type RecordedRequest } from "./scenario.ts";

/** Fixed so answers are reproducible; shapes follow @anthropic-ai/sdk resources/messages Message and RawMessageStreamEvent. */
const MESSAGE_ID = "msg_01FakeUpstream0000000000";
const REQUEST_ID = "req_01FakeUpstream0000000000";
const DEFAULT_SIGNATURE = "EqQBCkYIARgCIkD+fakeSignature/0123456789+abcdefghijklmnop==";

function bodyOf(request: RecordedRequest): Record<string, unknown> {
  return isRecord(request.body) ? request.body : {};
}

function modelOf(scenario: FakeScenario, request: RecordedRequest): string {
  const model = bodyOf(request).model;
  return scenario.model ?? (typeof model === "string" ? model : "claude-fake");
}

function stopReason(scenario: FakeScenario): string {
  if (scenario.rawFinish !== undefined) return scenario.rawFinish;
  if (scenario.finish === "length") return "max_tokens";
  if (scenario.finish === "content-filter") return "refusal";
  if (scenario.finish === "tool-calls" || (scenario.toolCalls?.length ?? 0) > 0) return "tool_use";
  return "end_turn";
}

/** Claude's input_tokens excludes cache reads and writes (the scenario's `input` is that uncached part). */
function usage(scenario: FakeScenario, output: number) {
  const u = scenario.usage ?? { input: 12, output: 8 };
  const cacheWrite = u.cacheWrite ?? 0;
  return {
    input_tokens: u.input,
    cache_creation_input_tokens: cacheWrite,
    cache_read_input_tokens: u.cacheRead ?? 0,
    cache_creation: { ephemeral_5m_input_tokens: cacheWrite, ephemeral_1h_input_tokens: 0 },
    output_tokens: output,
    service_tier: "standard",
  };
}

function toolUses(scenario: FakeScenario) {
  return (scenario.toolCalls ?? []).map((call, index) => ({ type: "tool_use" as const, id: call.id ?? `toolu_01Fake${index}`, name: call.name, input: call.arguments }));
}

function content(scenario: FakeScenario): unknown[] {
  const blocks: unknown[] = [];
  if (scenario.reasoning !== undefined) blocks.push({ type: "thinking", thinking: scenario.reasoning, signature: scenario.reasoningSignature ?? DEFAULT_SIGNATURE });
  if (scenario.text !== undefined && scenario.text !== "") blocks.push({ type: "text", text: scenario.text });
  blocks.push(...toolUses(scenario));
  return blocks;
}

function response(scenario: FakeScenario, request: RecordedRequest): unknown {
  return {
    id: MESSAGE_ID,
    type: "message",
    role: "assistant",
    model: modelOf(scenario, request),
    content: content(scenario),
    stop_reason: stopReason(scenario),
    stop_sequence: null,
    stop_details: null,
    container: null,
    usage: usage(scenario, scenario.usage?.output ?? 8),
  };
}

function sse(type: string, payload: Record<string, unknown> = {}): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, ...payload })}\n\n`;
}

/** One content block as Claude streams it: start (empty), deltas, stop. */
function block(index: number, start: unknown, deltas: unknown[]): string[] {
  return [
    sse("content_block_start", { index, content_block: start }),
    ...deltas.map((delta) => sse("content_block_delta", { index, delta })),
    sse("content_block_stop", { index }),
  ];
}

function streamFrames(scenario: FakeScenario, request: RecordedRequest): string[] {
  const size = scenario.chunkSize ?? 4;
  const message = { id: MESSAGE_ID, type: "message", role: "assistant", model: modelOf(scenario, request), content: [], stop_reason: null, stop_sequence: null, stop_details: null, container: null, usage: usage(scenario, 1) };
  const frames = [sse("message_start", { message }), sse("ping")];
  let index = 0;
  if (scenario.reasoning !== undefined) {
    const deltas: unknown[] = chunkText(scenario.reasoning, size).map((thinking) => ({ type: "thinking_delta", thinking }));
    deltas.push({ type: "signature_delta", signature: scenario.reasoningSignature ?? DEFAULT_SIGNATURE });
    frames.push(...block(index++, { type: "thinking", thinking: "", signature: "" }, deltas));
  }
  if (scenario.text !== undefined && scenario.text !== "") {
    frames.push(...block(index++, { type: "text", text: "" }, chunkText(scenario.text, size).map((text) => ({ type: "text_delta", text }))));
  }
  for (const tool of toolUses(scenario)) {
    // Claude opens tool input with an empty partial_json, then streams the JSON text in pieces.
    const pieces = ["", ...chunkText(JSON.stringify(tool.input), size)];
    frames.push(...block(index++, { type: "tool_use", id: tool.id, name: tool.name, input: {} }, pieces.map((partial_json) => ({ type: "input_json_delta", partial_json }))));
  }
  const final = usage(scenario, scenario.usage?.output ?? 8);
  frames.push(
    sse("message_delta", {
      delta: { stop_reason: stopReason(scenario), stop_sequence: null, stop_details: null, container: null },
      usage: { input_tokens: final.input_tokens, cache_creation_input_tokens: final.cache_creation_input_tokens, cache_read_input_tokens: final.cache_read_input_tokens, output_tokens: final.output_tokens },
    }),
    sse("message_stop"),
  );
  return frames;
}

/** @see https://docs.anthropic.com/en/api/errors */
function errorType(status: number): string {
  if (status === 401) return "authentication_error";
  if (status === 402) return "billing_error";
  if (status === 403) return "permission_error";
  if (status === 404) return "not_found_error";
  if (status === 413) return "request_too_large";
  if (status === 429) return "rate_limit_error";
  if (status === 504) return "timeout_error";
  if (status === 529) return "overloaded_error";
  if (status >= 500) return "api_error";
  return "invalid_request_error";
}

/** What the fake's token counter answers, so a test can tell it from ccproxy's own estimate. */
export const COUNTED_TOKENS = 1234;

export const fake: FakeProtocol = {
  // POST /v1/messages/count_tokens answers {input_tokens} (https://docs.anthropic.com/en/api/messages-count-tokens).
  handle: (request) => (request.path.endsWith("/v1/messages/count_tokens") ? Response.json({ input_tokens: COUNTED_TOKENS }) : null),
  isStream: (request) => bodyOf(request).stream === true,
  response,
  streamFrames,
  // Anthropic's usual mid-stream failure.
  errorFrame: (message) => sse("error", { error: { type: "overloaded_error", message } }),
  errorBody: (status, message) => ({ type: "error", error: { type: errorType(status), message }, request_id: REQUEST_ID }),
  streamContentType: "text/event-stream; charset=utf-8",
};
