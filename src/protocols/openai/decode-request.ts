// In charge of turning a client's Chat Completions request body into a UnifiedRequest (pure).
import { optionalBoolean, optionalNumber, optionalString } from "../shared/fields.ts";
import type { Decoded, DecodeRequestInput } from "../codec.ts";
import { invalidRequest } from "../../unified/errors.ts";
import type { Extensions } from "../../unified/extensions.ts";
import type { ReasoningEffort, ResponseFormat, ThinkingConfig, UnifiedRequest } from "../../unified/request.ts";
import type { Warning } from "../../unified/warnings.ts";
import { isRecord } from "../shared/json.ts";
import { decodeMessages } from "./decode-messages.ts";
import { decodeToolChoice, decodeTools } from "./prepare-tools.ts";

/**
 * Body fields this decoder reads. Anything else (logit_bias, prediction, audio,
 * web_search_options, OpenRouter's provider/usage …) is reported as dropped, never silently lost.
 */
const KNOWN_FIELDS = new Set([
  "model", "messages", "tools", "functions", "tool_choice", "function_call", "parallel_tool_calls",
  "max_tokens", "max_completion_tokens", "temperature", "top_p", "top_k", "seed", "presence_penalty",
  "frequency_penalty", "stop", "response_format", "reasoning_effort", "reasoning", "stream",
  "stream_options", "user", "n", "logprobs", "top_logprobs", "service_tier", "metadata", "store",
]);




function decodeStop(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.every((entry) => typeof entry === "string")) return value;
  throw invalidRequest("stop: expected a string or an array of strings");
}

function decodeResponseFormat(value: unknown, warnings: Warning[]): ResponseFormat | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw invalidRequest("response_format: expected an object");
  if (value.type === "text") return { type: "text" };
  if (value.type === "json_object") return { type: "json" };
  if (value.type !== "json_schema") throw invalidRequest(`response_format.type: unknown value '${String(value.type)}'`);
  const spec = value.json_schema;
  if (!isRecord(spec)) throw invalidRequest("response_format.json_schema: expected an object");
  const format: ResponseFormat = { type: "json-schema", schema: isRecord(spec.schema) ? spec.schema : {} };
  if (typeof spec.name === "string") format.name = spec.name;
  if (typeof spec.strict === "boolean") format.strict = spec.strict;
  if (typeof spec.description === "string") warnings.push({ feature: "response_format.json_schema.description", detail: "schema description dropped" });
  return format;
}

const EFFORTS: readonly string[] = ["minimal", "low", "medium", "high"] satisfies ReasoningEffort[];

function isEffort(value: string): value is ReasoningEffort {
  return EFFORTS.includes(value);
}

/**
 * `reasoning_effort` (OpenAI), plus OpenRouter's `reasoning: {effort, max_tokens, enabled}` object.
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat_create-reasoning_effort
 * @see https://openrouter.ai/docs/use-cases/reasoning-tokens
 */
function decodeThinking(body: Record<string, unknown>, warnings: Warning[]): ThinkingConfig | undefined {
  const reasoning = isRecord(body.reasoning) ? body.reasoning : {};
  const effort = optionalString(body, "reasoning_effort") ?? (typeof reasoning.effort === "string" ? reasoning.effort : undefined);
  const budget = typeof reasoning.max_tokens === "number" ? reasoning.max_tokens : undefined;
  const on = (value?: ReasoningEffort): ThinkingConfig => {
    const config: ThinkingConfig = { enabled: true };
    if (value !== undefined) config.effort = value;
    if (budget !== undefined) config.budgetTokens = budget;
    if (reasoning.exclude === true) config.includeThoughts = false;
    return config;
  };
  if (effort === "none" || reasoning.enabled === false) return { enabled: false };
  if (effort === undefined) return budget !== undefined || reasoning.enabled === true ? on() : undefined;
  if (isEffort(effort)) return on(effort);
  if (effort === "xhigh" || effort === "max") {
    warnings.push({ feature: "reasoning_effort", detail: `'${effort}' has no portable equivalent; sent as 'high'` });
    return on("high");
  }
  warnings.push({ feature: "reasoning_effort", detail: `unknown value '${effort}' ignored` });
  return undefined;
}

function decodeExtensions(body: Record<string, unknown>, warnings: Warning[]): Extensions {
  const openai: NonNullable<Extensions["openai"]> = {};
  const options = body.stream_options;
  if (isRecord(options) && typeof options.include_usage === "boolean") openai.includeUsage = options.include_usage;
  const logprobs = optionalBoolean(body, "logprobs");
  const topLogprobs = optionalNumber(body, "top_logprobs");
  const n = optionalNumber(body, "n");
  const serviceTier = optionalString(body, "service_tier");
  const store = optionalBoolean(body, "store");
  if (logprobs !== undefined) openai.logprobs = logprobs;
  if (topLogprobs !== undefined) openai.topLogprobs = topLogprobs;
  if (n !== undefined) openai.n = n;
  if (n !== undefined && n > 1) warnings.push({ feature: "n", detail: `n=${n}: only the first choice is carried through the conversion` });
  if (serviceTier !== undefined) openai.serviceTier = serviceTier;
  if (store !== undefined) openai.store = store;
  if (isRecord(body.metadata)) {
    const metadata: Record<string, string> = {};
    for (const [key, value] of Object.entries(body.metadata)) if (typeof value === "string") metadata[key] = value;
    openai.metadata = metadata;
  }
  return Object.keys(openai).length > 0 ? { openai } : {};
}

function decodeSampling(body: Record<string, unknown>, request: UnifiedRequest): void {
  const maxTokens = optionalNumber(body, "max_completion_tokens") ?? optionalNumber(body, "max_tokens");
  const assign = <K extends keyof UnifiedRequest>(key: K, value: UnifiedRequest[K] | undefined) => {
    if (value !== undefined) request[key] = value;
  };
  assign("maxTokens", maxTokens);
  assign("temperature", optionalNumber(body, "temperature"));
  assign("topP", optionalNumber(body, "top_p"));
  // Not in the OpenAI API; vLLM and OpenRouter accept it and clients send it there.
  assign("topK", optionalNumber(body, "top_k"));
  assign("seed", optionalNumber(body, "seed"));
  assign("presencePenalty", optionalNumber(body, "presence_penalty"));
  assign("frequencyPenalty", optionalNumber(body, "frequency_penalty"));
  assign("stop", decodeStop(body.stop));
  assign("user", optionalString(body, "user"));
}

export function decodeRequest(input: DecodeRequestInput): Decoded<UnifiedRequest> {
  const body = input.body;
  if (!isRecord(body)) throw invalidRequest("request body: expected a JSON object");
  if (typeof body.model !== "string" || body.model === "") throw invalidRequest("model: expected a non-empty string");
  if (!Array.isArray(body.messages)) throw invalidRequest("messages: expected an array");
  if (body.messages.length === 0) throw invalidRequest("messages: must contain at least one message");
  const warnings: Warning[] = [];
  const { system, messages } = decodeMessages(body.messages, warnings);
  const stream = optionalBoolean(body, "stream") ?? input.stream ?? false;
  const request: UnifiedRequest = { model: body.model, system, messages, tools: decodeTools(body, warnings), stream, extensions: decodeExtensions(body, warnings) };
  const toolChoice = decodeToolChoice(body, warnings);
  if (toolChoice) request.toolChoice = toolChoice;
  const parallel = optionalBoolean(body, "parallel_tool_calls");
  if (parallel !== undefined) request.parallelToolCalls = parallel;
  decodeSampling(body, request);
  const responseFormat = decodeResponseFormat(body.response_format, warnings);
  if (responseFormat) request.responseFormat = responseFormat;
  const thinking = decodeThinking(body, warnings);
  if (thinking) request.thinking = thinking;
  for (const [field, value] of Object.entries(body)) {
    if (!KNOWN_FIELDS.has(field) && value !== undefined && value !== null) warnings.push({ feature: field, detail: `'${field}' is not carried across protocols; dropped` });
  }
  return { value: request, warnings };
}
