// In charge of turning a UnifiedRequest into a Responses body for an upstream that only serves POST /responses (pure).
import type { CodecContext, Decoded } from "../codec.ts";
import type { ReasoningEffort, ResponseFormat, ThinkingConfig, UnifiedRequest } from "../../unified/request.ts";
import type { Warning } from "../../unified/warnings.ts";
import { isRecord } from "../shared/json.ts";
import { encodeInput } from "./encode-input.ts";
import { encodeToolChoice, encodeTools } from "./prepare-tools.ts";
import type { WireRequest, WireTextFormat } from "./wire-types.ts";

const ENCRYPTED_REASONING = "reasoning.encrypted_content";

function encodeTextFormat(format: ResponseFormat): WireTextFormat {
  switch (format.type) {
    case "text":
      return { type: "text" };
    case "json":
      return { type: "json_object" };
    case "json-schema": {
      // `name` is required; Claude/Gemini clients never give one.
      const out: WireTextFormat = { type: "json_schema", name: format.name ?? "response", schema: format.schema };
      if (format.strict !== undefined) out.strict = format.strict;
      return out;
    }
    default: {
      const unreachable: never = format;
      return unreachable;
    }
  }
}

/** Budget thresholds for an API that only takes an effort level (Claude/Gemini clients send budgets). */
function effortFromBudget(budget: number): ReasoningEffort {
  if (budget < 2048) return "low";
  if (budget < 16384) return "medium";
  return "high";
}

function encodeReasoning(thinking: ThinkingConfig, summary: unknown, warnings: Warning[]): WireRequest["reasoning"] | undefined {
  if (!thinking.enabled) {
    // "none" exists only on the newest models; o-series and gpt-5 reject it, so say nothing.
    warnings.push({ feature: "thinking.disabled", detail: "no portable way to switch reasoning off on the Responses API; reasoning.effort omitted" });
    return undefined;
  }
  const out: NonNullable<WireRequest["reasoning"]> = {};
  const effort = thinking.effort ?? (thinking.budgetTokens !== undefined ? effortFromBudget(thinking.budgetTokens) : undefined);
  if (effort !== undefined) out.effort = effort;
  // Reasoning text comes back only as a summary; "auto" unless the client said which (or said no).
  if (typeof summary === "string") out.summary = summary;
  else if (thinking.includeThoughts !== false) out.summary = "auto";
  return out;
}

function encodeSampling(request: UnifiedRequest, body: WireRequest, warnings: Warning[]): void {
  if (request.maxTokens !== undefined) body.max_output_tokens = request.maxTokens;
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  const dropped: string[] = [];
  if (request.topK !== undefined) dropped.push("top_k");
  if (request.stop !== undefined && request.stop.length > 0) dropped.push("stop");
  if (request.seed !== undefined) dropped.push("seed");
  if (request.presencePenalty !== undefined) dropped.push("presence_penalty");
  if (request.frequencyPenalty !== undefined) dropped.push("frequency_penalty");
  for (const field of dropped) warnings.push({ feature: field, detail: `the Responses API has no '${field}'; dropped` });
}

/** Responses-only fields the client sent (include, prompt_cache_key …), and the text/reasoning sub-fields merged in. */
function applyPassthrough(body: WireRequest, passthrough: Record<string, unknown>): void {
  for (const [field, value] of Object.entries(passthrough)) {
    if (field === "text" && isRecord(value)) body.text = { ...value, ...body.text };
    else if (field === "reasoning") continue;
    else if (field === "include" && Array.isArray(value)) body.include = [...new Set([...(body.include ?? []), ...value.filter((entry): entry is string => typeof entry === "string")])];
    else body[field] = value;
  }
}

/**
 * Always `store: false`: ccproxy keeps conversations itself (previous_response_id is resolved
 * before the upstream is called), so nothing needs to live upstream; reasoning then travels
 * as encrypted_content, which has to be asked for.
 * @see https://platform.openai.com/docs/api-reference/responses/create
 */
export function encodeRequest(request: UnifiedRequest, context: CodecContext): Decoded<Record<string, unknown>> {
  const warnings: Warning[] = [];
  const extension = request.extensions.responses;
  const body: WireRequest = { model: request.model, input: encodeInput(request.messages, request.extensions, context, warnings), store: false };
  if (request.system.length > 0) body.instructions = request.system.map((part) => part.text).join("\n\n");
  if (request.tools.length > 0) {
    body.tools = encodeTools(request.tools, extension);
    if (request.toolChoice) body.tool_choice = encodeToolChoice(request.toolChoice, extension);
    if (request.parallelToolCalls !== undefined) body.parallel_tool_calls = request.parallelToolCalls;
  } else if ((extension?.hostedTools?.length ?? 0) > 0) {
    body.tools = encodeTools([], extension);
  }
  encodeSampling(request, body, warnings);
  if (request.responseFormat) body.text = { format: encodeTextFormat(request.responseFormat) };
  const summary = isRecord(extension?.passthrough?.reasoning) ? extension.passthrough.reasoning.summary : undefined;
  const reasoning = request.thinking ? encodeReasoning(request.thinking, summary, warnings) : undefined;
  if (reasoning) {
    body.reasoning = reasoning;
    body.include = [ENCRYPTED_REASONING];
  }
  if (request.stream) body.stream = true;
  if (request.user !== undefined) body.user = request.user;
  if (extension?.passthrough) applyPassthrough(body, extension.passthrough);
  const openai = request.extensions.openai;
  if (openai?.serviceTier !== undefined && body.service_tier === undefined) body.service_tier = openai.serviceTier;
  if (openai?.metadata !== undefined && body.metadata === undefined) body.metadata = openai.metadata;
  return { value: { ...body }, warnings };
}
