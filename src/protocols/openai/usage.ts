// In charge of mapping Chat Completions `usage` to and from unified token counts.
import type { Usage } from "../../unified/usage.ts";
import { isRecord } from "../shared/json.ts";
import type { WireUsage } from "./wire-types.ts";

function count(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/**
 * `prompt_tokens` already includes cached tokens (the unified convention).
 * DeepSeek reports cache hits as `prompt_cache_hit_tokens` next to (or instead of)
 * `prompt_tokens_details.cached_tokens`.
 * @see https://platform.openai.com/docs/api-reference/chat/object#chat/object-usage
 * @see https://api-docs.deepseek.com/api/create-chat-completion
 */
export function decodeUsage(value: unknown): Partial<Usage> | null {
  if (!isRecord(value)) return null;
  const usage: Partial<Usage> = {};
  const input = count(value.prompt_tokens);
  const output = count(value.completion_tokens);
  if (input !== undefined) usage.inputTokens = input;
  if (output !== undefined) usage.outputTokens = output;
  const promptDetails = isRecord(value.prompt_tokens_details) ? value.prompt_tokens_details : {};
  const completionDetails = isRecord(value.completion_tokens_details) ? value.completion_tokens_details : {};
  const cacheRead = count(promptDetails.cached_tokens) ?? count(value.prompt_cache_hit_tokens);
  const cacheWrite = count(promptDetails.cache_write_tokens);
  const reasoning = count(completionDetails.reasoning_tokens);
  if (cacheRead !== undefined) usage.cacheReadTokens = cacheRead;
  if (cacheWrite !== undefined) usage.cacheWriteTokens = cacheWrite;
  if (reasoning !== undefined) usage.reasoningTokens = reasoning;
  return usage;
}

export function encodeUsage(usage: Partial<Usage> | undefined): WireUsage {
  const input = usage?.inputTokens ?? 0;
  const output = usage?.outputTokens ?? 0;
  const promptDetails: WireUsage["prompt_tokens_details"] = { cached_tokens: usage?.cacheReadTokens ?? 0 };
  if (usage?.cacheWriteTokens !== undefined) promptDetails.cache_write_tokens = usage.cacheWriteTokens;
  return {
    prompt_tokens: input,
    completion_tokens: output,
    total_tokens: input + output,
    prompt_tokens_details: promptDetails,
    completion_tokens_details: { reasoning_tokens: usage?.reasoningTokens ?? 0 },
  };
}

/** Usage from a parsed chat.completion body or chunk (passthrough path); null when it has none. */
export function usageOf(payload: unknown): Partial<Usage> | null {
  if (!isRecord(payload)) return null;
  return decodeUsage(payload.usage);
}
