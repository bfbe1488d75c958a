// In charge of the fake OpenAI Chat Completions upstream: real chat.completion bodies and chunk streams.
import { isRecord } from "../../src/protocols/shared/json.ts";
import { openaiEmbeddings } from "./embeddings.ts";
import { chunkText, type FakeProtocol, type FakeScenario, type RecordedRequest } from "./scenario.ts";

/** Fixed so answers are reproducible; ccproxy never shows upstream ids or times to its clients anyway. */
const ID = "chatcmpl-fake0123456789";
const CREATED = 1_741_569_952;
const FINGERPRINT = "fp_fake0001";

function bodyOf(request: RecordedRequest): Record<string, unknown> {
  return isRecord(request.body) ? request.body : {};
}

function modelOf(scenario: FakeScenario, request: RecordedRequest): string {
  const model = bodyOf(request).model;
  return scenario.model ?? (typeof model === "string" ? model : "fake-model");
}

function finishReason(scenario: FakeScenario): string {
  if (scenario.rawFinish !== undefined) return scenario.rawFinish;
  if (scenario.finish === "length") return "length";
  if (scenario.finish === "content-filter") return "content_filter";
  if (scenario.finish === "tool-calls" || (scenario.toolCalls?.length ?? 0) > 0) return "tool_calls";
  return "stop";
}

/** `prompt_tokens` counts cached tokens too (the scenario's `input` is the uncached part, as in Claude's convention). */
function usage(scenario: FakeScenario) {
  const u = scenario.usage ?? { input: 12, output: 8 };
  const cacheRead = u.cacheRead ?? 0;
  const prompt = u.input + cacheRead + (u.cacheWrite ?? 0);
  return {
    prompt_tokens: prompt,
    completion_tokens: u.output,
    total_tokens: prompt + u.output,
    prompt_tokens_details: { cached_tokens: cacheRead, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

function toolCalls(scenario: FakeScenario) {
  return (scenario.toolCalls ?? []).map((call, index) => ({
    id: call.id ?? `call_fake${index}`,
    type: "function" as const,
    function: { name: call.name, arguments: JSON.stringify(call.arguments) },
  }));
}

function response(scenario: FakeScenario, request: RecordedRequest): unknown {
  const calls = toolCalls(scenario);
  const message: Record<string, unknown> = { role: "assistant", content: scenario.text ?? (calls.length > 0 ? null : ""), refusal: null, annotations: [] };
  if (scenario.reasoning !== undefined) message.reasoning_content = scenario.reasoning;
  if (calls.length > 0) message.tool_calls = calls;
  return {
    id: ID,
    object: "chat.completion",
    created: CREATED,
    model: modelOf(scenario, request),
    choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason(scenario) }],
    usage: usage(scenario),
    service_tier: "default",
    system_fingerprint: FINGERPRINT,
  };
}

function wantsUsage(request: RecordedRequest): boolean {
  const options = bodyOf(request).stream_options;
  return isRecord(options) && options.include_usage === true;
}

/** Tool calls as OpenAI streams them: id/name/empty arguments first, then argument fragments under the same index. */
function toolCallDeltas(scenario: FakeScenario, size: number): unknown[] {
  const deltas: unknown[] = [];
  toolCalls(scenario).forEach((call, index) => {
    deltas.push({ tool_calls: [{ index, id: call.id, type: "function", function: { name: call.function.name, arguments: "" } }] });
    for (const piece of chunkText(call.function.arguments, size)) deltas.push({ tool_calls: [{ index, function: { arguments: piece } }] });
  });
  return deltas;
}

function streamFrames(scenario: FakeScenario, request: RecordedRequest): string[] {
  const size = scenario.chunkSize ?? 4;
  const includeUsage = wantsUsage(request);
  const model = modelOf(scenario, request);
  const frame = (choices: unknown[], extra: Record<string, unknown> = {}) => {
    const chunk: Record<string, unknown> = { id: ID, object: "chat.completion.chunk", created: CREATED, model, service_tier: "default", system_fingerprint: FINGERPRINT, choices };
    if (includeUsage) chunk.usage = null;
    return `data: ${JSON.stringify({ ...chunk, ...extra })}\n\n`;
  };
  const delta = (value: unknown, finish: string | null = null) => frame([{ index: 0, delta: value, logprobs: null, finish_reason: finish }]);
  const frames = [delta({ role: "assistant", content: "", refusal: null })];
  for (const piece of chunkText(scenario.reasoning ?? "", size)) frames.push(delta({ reasoning_content: piece }));
  for (const piece of chunkText(scenario.text ?? "", size)) frames.push(delta({ content: piece }));
  for (const value of toolCallDeltas(scenario, size)) frames.push(delta(value));
  frames.push(delta({}, finishReason(scenario)));
  if (includeUsage) frames.push(frame([], { usage: usage(scenario) }));
  frames.push("data: [DONE]\n\n");
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
  // POST {base}/embeddings.
  handle: (request) => openaiEmbeddings(request, fake.errorBody),
  isStream: (request) => bodyOf(request).stream === true,
  response,
  streamFrames,
  errorFrame: (message) => `data: ${JSON.stringify({ error: { message, type: "server_error", param: null, code: null } })}\n\n`,
  errorBody: (status, message) => ({ error: { message, type: errorType(status), param: null, code: status === 429 ? "rate_limit_exceeded" : null } }),
  streamContentType: "text/event-stream; charset=utf-8",
};
