// In charge of turning a UnifiedRequest into a Claude Messages request body for Claude-protocol upstreams (pure).
import { isRecord } from "../shared/json.ts";
import type { CodecContext, Decoded } from "../codec.ts";
import type { TextPart } from "../../unified/content.ts";
import type { ResponseFormat, UnifiedRequest } from "../../unified/request.ts";
import type { Warning } from "../../unified/warnings.ts";
import { encodeMessages, encodeTexts } from "./encode-messages.ts";
import { encodeToolChoice, encodeTools } from "./prepare-tools.ts";
import { encodeThinking, fitBudget } from "./thinking.ts";
import type { ClaudeTextBlock } from "./wire.ts";

/** Claude requires max_tokens; this is used when the client gave none (OpenAI, Gemini and Ollama clients often do not). */
export const DEFAULT_MAX_TOKENS = 8192;

/**
 * Claude has no JSON mode every Claude-compatible endpoint understands, so the
 * request asks for JSON in the system prompt (and says so in a warning).
 */
function jsonInstruction(format: ResponseFormat | undefined, passthrough: Record<string, unknown>, warnings: Warning[]): TextPart | undefined {
  if (!format || format.type === "text") return undefined;
  // A Claude client's own structured-output request travels in output_config.format: native, no prompt needed.
  if (isRecord(passthrough.output_config) && passthrough.output_config.format) return undefined;
  let text = "Respond with one valid JSON value only: no prose before or after it, no Markdown code fences.";
  if (format.type === "json-schema") text += `\nThe JSON must conform to this JSON Schema:\n${JSON.stringify(format.schema)}`;
  warnings.push({ feature: "response_format", detail: `${format.type} requested through a system-prompt instruction` });
  return { type: "text", text };
}

function encodeSystem(parts: TextPart[], asString: boolean): string | ClaudeTextBlock[] | undefined {
  const blocks = encodeTexts(parts);
  if (blocks.length === 0) return undefined;
  if (asString && blocks.every((block) => !block.cache_control)) return blocks.map((block) => block.text).join("\n\n");
  return blocks;
}

/**
 * Claude rejects temperature/top_k with thinking on, top_p below 0.95 with
 * thinking, temperature above 1, and (current models) temperature together with top_p.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking#feature-compatibility
 */
function encodeSampling(request: UnifiedRequest, thinkingOn: boolean, warnings: Warning[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (request.temperature !== undefined) {
    if (thinkingOn) warnings.push({ feature: "temperature", detail: "dropped: Claude does not accept temperature with thinking on" });
    else if (request.temperature > 1) {
      warnings.push({ feature: "temperature", detail: `${request.temperature} clamped to Claude's maximum 1` });
      out.temperature = 1;
    } else out.temperature = request.temperature;
  }
  if (request.topK !== undefined) {
    if (thinkingOn) warnings.push({ feature: "top_k", detail: "dropped: Claude does not accept top_k with thinking on" });
    else out.top_k = request.topK;
  }
  if (request.topP !== undefined) {
    if (thinkingOn && request.topP < 0.95) warnings.push({ feature: "top_p", detail: "dropped: Claude accepts top_p only from 0.95 with thinking on" });
    else if (out.temperature !== undefined) warnings.push({ feature: "top_p", detail: "dropped: Claude does not accept temperature and top_p together" });
    else out.top_p = request.topP;
  }
  if (request.presencePenalty !== undefined) warnings.push({ feature: "presence_penalty", detail: "Claude has no presence penalty; dropped" });
  if (request.frequencyPenalty !== undefined) warnings.push({ feature: "frequency_penalty", detail: "Claude has no frequency penalty; dropped" });
  if (request.seed !== undefined) warnings.push({ feature: "seed", detail: "Claude has no seed; dropped" });
  const stop = (request.stop ?? []).filter((sequence) => sequence.trim() !== "");
  if (stop.length < (request.stop ?? []).length) warnings.push({ feature: "stop", detail: "whitespace-only stop sequences dropped (Claude rejects them)" });
  if (stop.length > 0) out.stop_sequences = stop;
  return out;
}

function encodeMetadata(request: UnifiedRequest, passthrough: Record<string, unknown>): Record<string, unknown> | undefined {
  if (request.user === undefined) return undefined;
  const metadata = isRecord(passthrough.metadata) ? passthrough.metadata : {};
  return { ...metadata, user_id: request.user };
}

export function encodeRequest(request: UnifiedRequest, _context: CodecContext): Decoded<Record<string, unknown>> {
  const warnings: Warning[] = [];
  const { thinking: originalThinking, ...passthrough } = request.extensions.claude?.passthrough ?? {};
  const thinking = encodeThinking(request.thinking, originalThinking, warnings);
  let maxTokens = request.maxTokens ?? DEFAULT_MAX_TOKENS;
  if (thinking.budget !== undefined && thinking.thinking) {
    const fitted = fitBudget(maxTokens, request.maxTokens, thinking.budget, DEFAULT_MAX_TOKENS, warnings);
    maxTokens = fitted.maxTokens;
    thinking.thinking = { ...thinking.thinking, budget_tokens: fitted.budget };
  }
  const instruction = jsonInstruction(request.responseFormat, passthrough, warnings);
  const billing = request.extensions.claude?.billingHeader;
  const systemParts = [...(billing !== undefined ? [{ type: "text" as const, text: billing }] : []), ...request.system, ...(instruction ? [instruction] : [])];
  const system = encodeSystem(systemParts, request.extensions.claude?.systemAsString === true);
  const body: Record<string, unknown> = { ...passthrough, model: request.model, max_tokens: maxTokens };
  if (system !== undefined) body.system = system;
  body.messages = encodeMessages(request.messages, warnings);
  if (request.tools.length > 0) {
    body.tools = encodeTools(request.tools);
    const toolChoice = encodeToolChoice(request.toolChoice, request.parallelToolCalls, thinking.on, warnings);
    if (toolChoice) body.tool_choice = toolChoice;
  }
  if (thinking.thinking) body.thinking = thinking.thinking;
  Object.assign(body, encodeSampling(request, thinking.on, warnings));
  const metadata = encodeMetadata(request, passthrough);
  if (metadata) body.metadata = metadata;
  if (request.stream) body.stream = true;
  else delete body.stream;
  return { value: body, warnings };
}
