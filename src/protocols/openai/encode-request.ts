// In charge of turning a UnifiedRequest into a Chat Completions body for OpenAI-compatible upstreams (pure).
import type { CodecContext, Decoded } from "../codec.ts";
import type { ReasoningEffort, ResponseFormat, ThinkingConfig, UnifiedRequest } from "../../unified/request.ts";
import type { Warning } from "../../unified/warnings.ts";
import { encodeMessages } from "./encode-messages.ts";
import { encodeToolChoice, encodeTools } from "./prepare-tools.ts";
import type { WireRequest, WireResponseFormat } from "./wire-types.ts";

function encodeResponseFormat(format: ResponseFormat): WireResponseFormat {
  switch (format.type) {
    case "text":
      return { type: "text" };
    case "json":
      return { type: "json_object" };
    case "json-schema": {
      // `name` is required by OpenAI; Claude/Gemini clients never give one.
      const spec: Extract<WireResponseFormat, { type: "json_schema" }>["json_schema"] = { name: format.name ?? "response", schema: format.schema };
      if (format.strict !== undefined) spec.strict = format.strict;
      return { type: "json_schema", json_schema: spec };
    }
    default: {
      const unreachable: never = format;
      return unreachable;
    }
  }
}

/** Budget thresholds for servers that only take an effort level (Claude/Gemini clients send budgets). */
function effortFromBudget(budget: number): ReasoningEffort {
  if (budget < 2048) return "low";
  if (budget < 16384) return "medium";
  return "high";
}

function encodeReasoningEffort(thinking: ThinkingConfig, warnings: Warning[]): string | undefined {
  if (!thinking.enabled) {
    // Only newer OpenAI models accept "none"; vLLM and others reject unknown efforts, so say nothing.
    warnings.push({ feature: "thinking.disabled", detail: "no portable way to switch reasoning off on Chat Completions; reasoning_effort omitted" });
    return undefined;
  }
  if (thinking.effort !== undefined) return thinking.effort;
  if (thinking.budgetTokens !== undefined) return effortFromBudget(thinking.budgetTokens);
  return undefined;
}

/**
 * `max_tokens` is what every OpenAI-compatible server reads (vLLM, Ollama, LM Studio,
 * DeepSeek, OpenRouter); `max_completion_tokens` is newer and OpenAI-only. OpenAI's own
 * reasoning models reject `max_tokens`, so models named like them get the new field.
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat_create-max_completion_tokens
 */
function maxTokensField(model: string): "max_tokens" | "max_completion_tokens" {
  return /^(o\d|gpt-5)/.test(model) ? "max_completion_tokens" : "max_tokens";
}

function encodeSampling(request: UnifiedRequest, body: WireRequest & { max_completion_tokens?: number }): void {
  if (request.maxTokens !== undefined) body[maxTokensField(request.model)] = request.maxTokens;
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  // Non-standard: servers that know top_k (vLLM, OpenRouter, LM Studio) use it, OpenAI ignores it.
  if (request.topK !== undefined) body.top_k = request.topK;
  if (request.stop !== undefined && request.stop.length > 0) body.stop = request.stop;
  if (request.seed !== undefined) body.seed = request.seed;
  if (request.presencePenalty !== undefined) body.presence_penalty = request.presencePenalty;
  if (request.frequencyPenalty !== undefined) body.frequency_penalty = request.frequencyPenalty;
}

function encodeExtensions(request: UnifiedRequest, body: WireRequest): void {
  const openai = request.extensions.openai;
  if (!openai) return;
  if (openai.n !== undefined) body.n = openai.n;
  if (openai.logprobs !== undefined) body.logprobs = openai.logprobs;
  if (openai.topLogprobs !== undefined) body.top_logprobs = openai.topLogprobs;
  if (openai.serviceTier !== undefined) body.service_tier = openai.serviceTier;
  if (openai.metadata !== undefined) body.metadata = openai.metadata;
  if (openai.store !== undefined) body.store = openai.store;
}

export function encodeRequest(request: UnifiedRequest, _context: CodecContext): Decoded<Record<string, unknown>> {
  const warnings: Warning[] = [];
  const body: WireRequest & { max_completion_tokens?: number } = { model: request.model, messages: encodeMessages(request, warnings) };
  // OpenAI answers 400 to tool_choice / parallel_tool_calls without tools (e.g. after a tool_filter).
  if (request.tools.length > 0) {
    body.tools = encodeTools(request.tools);
    if (request.toolChoice) body.tool_choice = encodeToolChoice(request.toolChoice);
    if (request.parallelToolCalls !== undefined) body.parallel_tool_calls = request.parallelToolCalls;
  }
  encodeSampling(request, body);
  if (request.responseFormat) body.response_format = encodeResponseFormat(request.responseFormat);
  if (request.thinking) {
    const effort = encodeReasoningEffort(request.thinking, warnings);
    if (effort !== undefined) body.reasoning_effort = effort;
  }
  if (request.stream) {
    body.stream = true;
    // Without it OpenAI-compatible servers send no usage in the stream at all.
    body.stream_options = { include_usage: true };
  }
  if (request.user !== undefined) body.user = request.user;
  encodeExtensions(request, body);
  return { value: { ...body }, warnings };
}
