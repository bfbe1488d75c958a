// In charge of the fake OpenAI Responses upstream: real Response objects and event streams (POST /v1/responses).
import { isRecord } from "../../src/protocols/shared/json.ts";
import { chunkText, type FakeProtocol, type FakeScenario, type RecordedRequest } from "./scenario.ts";

/** Fixed so answers are reproducible; ccproxy never shows upstream item ids to converted clients anyway. */
const ID = "resp_fake0123456789";
const CREATED = 1_741_476_542;

function bodyOf(request: RecordedRequest): Record<string, unknown> {
  return isRecord(request.body) ? request.body : {};
}

function modelOf(scenario: FakeScenario, request: RecordedRequest): string {
  const model = bodyOf(request).model;
  return scenario.model ?? (typeof model === "string" ? model : "fake-model");
}

/** `input_tokens` counts cached tokens too (the scenario's `input` is the uncached part, as in Claude's convention). */
function usage(scenario: FakeScenario) {
  const u = scenario.usage ?? { input: 12, output: 8 };
  const cacheRead = u.cacheRead ?? 0;
  const input = u.input + cacheRead + (u.cacheWrite ?? 0);
  return { input_tokens: input, input_tokens_details: { cached_tokens: cacheRead }, output_tokens: u.output, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: input + u.output };
}

type Status = "completed" | "incomplete";

function status(scenario: FakeScenario): { status: Status; incomplete_details: { reason: string } | null } {
  if (scenario.rawFinish === "content_filter" || scenario.finish === "content-filter") return { status: "incomplete", incomplete_details: { reason: "content_filter" } };
  if (scenario.finish === "length") return { status: "incomplete", incomplete_details: { reason: "max_output_tokens" } };
  return { status: "completed", incomplete_details: null };
}

const reasoningItem = (scenario: FakeScenario, text: string) => ({
  id: "rs_fake0001",
  type: "reasoning",
  summary: text === "" ? [] : [{ type: "summary_text", text }],
  ...(scenario.reasoningSignature !== undefined ? { encrypted_content: scenario.reasoningSignature } : {}),
});

const messageItem = (text: string, itemStatus: string) => ({
  id: "msg_fake0001",
  type: "message",
  status: itemStatus,
  role: "assistant",
  content: itemStatus === "in_progress" ? [] : [{ type: "output_text", text, annotations: [], logprobs: [] }],
});

function callItems(scenario: FakeScenario, itemStatus: string, full: boolean) {
  return (scenario.toolCalls ?? []).map((call, index) => ({
    id: `fc_fake000${index}`,
    type: "function_call",
    status: itemStatus,
    arguments: full ? JSON.stringify(call.arguments) : "",
    call_id: call.id ?? `call_fake${index}`,
    name: call.name,
  }));
}

function outputItems(scenario: FakeScenario): unknown[] {
  const items: unknown[] = [];
  if (scenario.reasoning !== undefined || scenario.reasoningSignature !== undefined) items.push(reasoningItem(scenario, scenario.reasoning ?? ""));
  if (scenario.text) items.push(messageItem(scenario.text, "completed"));
  items.push(...callItems(scenario, "completed", true));
  return items;
}

function responseObject(scenario: FakeScenario, request: RecordedRequest, final: boolean): Record<string, unknown> {
  const body = bodyOf(request);
  return {
    id: ID,
    object: "response",
    created_at: CREATED,
    ...(final ? status(scenario) : { status: "in_progress", incomplete_details: null }),
    error: null,
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    model: modelOf(scenario, request),
    output: final ? outputItems(scenario) : [],
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: { effort: null, summary: null },
    store: body.store ?? true,
    temperature: body.temperature ?? 1,
    text: { format: { type: "text" } },
    tool_choice: "auto",
    tools: Array.isArray(body.tools) ? body.tools : [],
    top_p: 1,
    truncation: "disabled",
    usage: final ? usage(scenario) : null,
    user: null,
    metadata: {},
  };
}

/** Builds frames with strictly increasing sequence numbers. */
function frameWriter() {
  let sequence = 0;
  return (type: string, fields: Record<string, unknown>) => `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequence++, ...fields })}\n\n`;
}

function reasoningFrames(scenario: FakeScenario, frame: ReturnType<typeof frameWriter>, index: number, size: number): string[] {
  const text = scenario.reasoning ?? "";
  const where = { item_id: "rs_fake0001", output_index: index };
  const frames = [frame("response.output_item.added", { output_index: index, item: { id: "rs_fake0001", type: "reasoning", summary: [] } })];
  if (text !== "") {
    frames.push(frame("response.reasoning_summary_part.added", { ...where, summary_index: 0, part: { type: "summary_text", text: "" } }));
    for (const piece of chunkText(text, size)) frames.push(frame("response.reasoning_summary_text.delta", { ...where, summary_index: 0, delta: piece }));
    frames.push(frame("response.reasoning_summary_text.done", { ...where, summary_index: 0, text }));
    frames.push(frame("response.reasoning_summary_part.done", { ...where, summary_index: 0, part: { type: "summary_text", text } }));
  }
  frames.push(frame("response.output_item.done", { output_index: index, item: reasoningItem(scenario, text) }));
  return frames;
}

function messageFrames(text: string, frame: ReturnType<typeof frameWriter>, index: number, size: number): string[] {
  const where = { item_id: "msg_fake0001", output_index: index, content_index: 0 };
  const frames = [
    frame("response.output_item.added", { output_index: index, item: messageItem("", "in_progress") }),
    frame("response.content_part.added", { ...where, part: { type: "output_text", annotations: [], logprobs: [], text: "" } }),
  ];
  for (const piece of chunkText(text, size)) frames.push(frame("response.output_text.delta", { ...where, delta: piece, logprobs: [] }));
  frames.push(frame("response.output_text.done", { ...where, text, logprobs: [] }));
  frames.push(frame("response.content_part.done", { ...where, part: { type: "output_text", annotations: [], logprobs: [], text } }));
  frames.push(frame("response.output_item.done", { output_index: index, item: messageItem(text, "completed") }));
  return frames;
}

function callFrames(scenario: FakeScenario, frame: ReturnType<typeof frameWriter>, first: number, size: number): string[] {
  const frames: string[] = [];
  const started = callItems(scenario, "in_progress", false);
  const finished = callItems(scenario, "completed", true);
  started.forEach((item, offset) => {
    const index = first + offset;
    const done = finished[offset]!;
    frames.push(frame("response.output_item.added", { output_index: index, item }));
    for (const piece of chunkText(done.arguments, size)) frames.push(frame("response.function_call_arguments.delta", { item_id: item.id, output_index: index, delta: piece }));
    frames.push(frame("response.function_call_arguments.done", { item_id: item.id, output_index: index, arguments: done.arguments }));
    frames.push(frame("response.output_item.done", { output_index: index, item: done }));
  });
  return frames;
}

function streamFrames(scenario: FakeScenario, request: RecordedRequest): string[] {
  const size = scenario.chunkSize ?? 4;
  const frame = frameWriter();
  const frames = [frame("response.created", { response: responseObject(scenario, request, false) }), frame("response.in_progress", { response: responseObject(scenario, request, false) })];
  let index = 0;
  if (scenario.reasoning !== undefined || scenario.reasoningSignature !== undefined) frames.push(...reasoningFrames(scenario, frame, index++, size));
  if (scenario.text) frames.push(...messageFrames(scenario.text, frame, index++, size));
  frames.push(...callFrames(scenario, frame, index, size));
  const final = responseObject(scenario, request, true);
  frames.push(frame(final.status === "incomplete" ? "response.incomplete" : "response.completed", { response: final }));
  return frames;
}

function errorType(status: number): string {
  if (status === 401) return "authentication_error";
  if (status === 403) return "permission_error";
  if (status === 404) return "not_found_error";
  if (status === 429) return "rate_limit_error";
  if (status >= 500) return "server_error";
  return "invalid_request_error";
}

export const fake: FakeProtocol = {
  isStream: (request) => bodyOf(request).stream === true,
  response: (scenario, request) => responseObject(scenario, request, true),
  streamFrames,
  // Mid-stream failures: the `error` event (https://platform.openai.com/docs/api-reference/responses-streaming/error).
  errorFrame: (message) => `event: error\ndata: ${JSON.stringify({ type: "error", sequence_number: 999, code: "server_error", message, param: null })}\n\n`,
  errorBody: (status, message) => ({ error: { message, type: errorType(status), param: null, code: status === 429 ? "rate_limit_exceeded" : null } }),
  streamContentType: "text/event-stream; charset=utf-8",
};
