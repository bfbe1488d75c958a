// In charge of turning a client's Responses request body (POST /v1/responses) into a UnifiedRequest (pure).
import { optionalBoolean, optionalNumber, optionalString } from "../shared/fields.ts";
import type { Decoded, DecodeRequestInput } from "../codec.ts";
import { invalidRequest } from "../../unified/errors.ts";
import type { Extensions } from "../../unified/extensions.ts";
import type { ReasoningEffort, ResponseFormat, ThinkingConfig, UnifiedRequest } from "../../unified/request.ts";
import type { Warning } from "../../unified/warnings.ts";
import { isRecord } from "../shared/json.ts";
import { decodeInput } from "./decode-input.ts";
import { decodeToolChoice, decodeTools, type DecodedTools } from "./prepare-tools.ts";
import { toolNameMap, type ToolNameMap } from "./tool-names.ts";

/** Responses-only fields kept verbatim for Responses upstreams (other protocols have no equivalent). */
const PASSTHROUGH_FIELDS = ["include", "prompt_cache_key", "prompt_cache_retention", "safety_identifier", "service_tier", "truncation", "metadata", "top_logprobs", "max_tool_calls"];

/** Fields this decoder reads; anything else is reported as dropped, never silently lost. */
const KNOWN_FIELDS = new Set([
  ...PASSTHROUGH_FIELDS, "model", "input", "instructions", "tools", "tool_choice", "parallel_tool_calls", "max_output_tokens",
  "temperature", "top_p", "text", "reasoning", "stream", "stream_options", "store", "user", "background", "previous_response_id", "conversation",
]);




/**
 * `text.format`: text, json_object, or json_schema with its fields at the top level.
 * @see https://platform.openai.com/docs/api-reference/responses/create#responses-create-text
 */
function decodeTextFormat(text: unknown): ResponseFormat | undefined {
  if (text === undefined || text === null) return undefined;
  if (!isRecord(text)) throw invalidRequest("text: expected an object");
  const format = text.format;
  if (format === undefined || format === null) return undefined;
  if (!isRecord(format)) throw invalidRequest("text.format: expected an object");
  if (format.type === "text") return { type: "text" };
  if (format.type === "json_object") return { type: "json" };
  if (format.type !== "json_schema") throw invalidRequest(`text.format.type: unknown value '${String(format.type)}'`);
  if (!isRecord(format.schema)) throw invalidRequest("text.format.schema: expected a JSON Schema object");
  const out: ResponseFormat = { type: "json-schema", schema: format.schema };
  if (typeof format.name === "string") out.name = format.name;
  if (typeof format.strict === "boolean") out.strict = format.strict;
  return out;
}

const EFFORTS: readonly string[] = ["minimal", "low", "medium", "high"] satisfies ReasoningEffort[];

/**
 * `reasoning: {effort, summary}`. Reasoning text only comes back when a summary is asked
 * for, so `summary` decides includeThoughts; a summary alone means "reason, and show it".
 * @see https://platform.openai.com/docs/api-reference/responses/create#responses-create-reasoning
 */
function decodeThinking(value: unknown, warnings: Warning[]): ThinkingConfig | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw invalidRequest("reasoning: expected an object");
  const summary = value.summary ?? value.generate_summary;
  if (summary !== undefined && summary !== null && typeof summary !== "string") throw invalidRequest("reasoning.summary: expected a string");
  const effort = value.effort;
  if (effort !== undefined && effort !== null && typeof effort !== "string") throw invalidRequest("reasoning.effort: expected a string");
  if (effort === "none") return { enabled: false };
  const config: ThinkingConfig = { enabled: true, includeThoughts: typeof summary === "string" };
  if (typeof effort === "string") {
    if (EFFORTS.includes(effort)) config.effort = effort as ReasoningEffort;
    else if (effort === "xhigh") {
      warnings.push({ feature: "reasoning.effort", detail: "'xhigh' has no portable equivalent; sent as 'high'" });
      config.effort = "high";
    } else warnings.push({ feature: "reasoning.effort", detail: `unknown value '${effort}' ignored` });
  } else if (typeof summary !== "string") return undefined;
  return config;
}

function decodeExtension(body: Record<string, unknown>, names: ToolNameMap, tools: DecodedTools): Extensions {
  const { hostedTools, namespaces } = tools;
  const passthrough: Record<string, unknown> = {};
  for (const field of PASSTHROUGH_FIELDS) if (body[field] !== undefined && body[field] !== null) passthrough[field] = body[field];
  if (isRecord(body.text) && body.text.verbosity !== undefined) passthrough.text = { verbosity: body.text.verbosity };
  if (isRecord(body.reasoning) && typeof body.reasoning.summary === "string") passthrough.reasoning = { summary: body.reasoning.summary };
  const responses: NonNullable<Extensions["responses"]> = {};
  if (Object.keys(passthrough).length > 0) responses.passthrough = passthrough;
  if (names.size > 0) responses.toolNames = Object.fromEntries(names);
  if (Object.keys(namespaces).length > 0) responses.namespaces = namespaces;
  if (hostedTools.length > 0) responses.hostedTools = hostedTools;
  return Object.keys(responses).length > 0 ? { responses } : {};
}

function refuseServerState(body: Record<string, unknown>): void {
  if (body.previous_response_id !== undefined && body.previous_response_id !== null) {
    // The route resolves it from ccproxy's store before decoding; reaching here means it could not be resolved.
    throw invalidRequest("previous_response_id: this response is not stored by ccproxy; send the whole conversation in input");
  }
  if (body.conversation !== undefined && body.conversation !== null) {
    throw invalidRequest("conversation: server-side conversations are not supported by ccproxy; send the whole conversation in input (or use previous_response_id)");
  }
}

function decodeSampling(body: Record<string, unknown>, request: UnifiedRequest): void {
  const maxTokens = optionalNumber(body, "max_output_tokens");
  const temperature = optionalNumber(body, "temperature");
  const topP = optionalNumber(body, "top_p");
  const user = optionalString(body, "user") ?? optionalString(body, "safety_identifier");
  if (maxTokens !== undefined) request.maxTokens = maxTokens;
  if (temperature !== undefined) request.temperature = temperature;
  if (topP !== undefined) request.topP = topP;
  if (user !== undefined) request.user = user;
}

export function decodeRequest(input: DecodeRequestInput): Decoded<UnifiedRequest> {
  const body = input.body;
  if (!isRecord(body)) throw invalidRequest("request body: expected a JSON object");
  if (typeof body.model !== "string" || body.model === "") throw invalidRequest("model: expected a non-empty string");
  if (body.input === undefined || body.input === null) throw invalidRequest("input: expected a string or an array of input items");
  refuseServerState(body);
  const warnings: Warning[] = [];
  const names = toolNameMap(body.tools);
  const { system, messages } = decodeInput(body.input, names, warnings);
  const instructions = optionalString(body, "instructions");
  if (instructions) system.unshift({ type: "text", text: instructions });
  const tools = decodeTools(body.tools, names, warnings);
  const stream = optionalBoolean(body, "stream") ?? input.stream ?? false;
  const request: UnifiedRequest = { model: body.model, system, messages, tools: tools.tools, stream, extensions: decodeExtension(body, names, tools) };
  const toolChoice = decodeToolChoice(body.tool_choice, names, warnings);
  if (toolChoice) request.toolChoice = toolChoice;
  const parallel = optionalBoolean(body, "parallel_tool_calls");
  if (parallel !== undefined) request.parallelToolCalls = parallel;
  decodeSampling(body, request);
  const responseFormat = decodeTextFormat(body.text);
  if (responseFormat) request.responseFormat = responseFormat;
  const thinking = decodeThinking(body.reasoning, warnings);
  if (thinking) request.thinking = thinking;
  // `store` is honoured by the route (nothing is kept for store: false); here only its type is checked.
  optionalBoolean(body, "store");
  if (body.background === true) warnings.push({ feature: "background", detail: "background mode is not supported; answered in the foreground" });
  for (const [field, value] of Object.entries(body)) {
    if (!KNOWN_FIELDS.has(field) && value !== undefined && value !== null) warnings.push({ feature: field, detail: `'${field}' is not carried across protocols; dropped` });
  }
  return { value: request, warnings };
}
