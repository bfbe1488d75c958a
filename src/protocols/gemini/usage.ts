// In charge of Gemini usageMetadata ↔ unified Usage.
import type { Usage } from "../../unified/usage.ts";
import { isRecord } from "../shared/json.ts";
import type { GeminiUsageMetadata } from "./wire-types.ts";

function count(record: Record<string, unknown>, camel: string, snake: string): number | undefined {
  const value = record[camel] ?? record[snake];
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/**
 * promptTokenCount already includes cachedContentTokenCount (unified inputTokens
 * does too); thoughts are billed as output, so outputTokens = candidates + thoughts.
 * @see https://ai.google.dev/api/generate-content#UsageMetadata
 */
export function usageFromMetadata(metadata: unknown): Usage | null {
  if (!isRecord(metadata)) return null;
  const prompt = count(metadata, "promptTokenCount", "prompt_token_count");
  const candidates = count(metadata, "candidatesTokenCount", "candidates_token_count");
  const thoughts = count(metadata, "thoughtsTokenCount", "thoughts_token_count");
  const cached = count(metadata, "cachedContentTokenCount", "cached_content_token_count");
  const usage: Usage = { inputTokens: prompt ?? 0, outputTokens: (candidates ?? 0) + (thoughts ?? 0) };
  if (thoughts !== undefined) usage.reasoningTokens = thoughts;
  if (cached !== undefined) usage.cacheReadTokens = cached;
  return usage;
}

export function metadataFromUsage(usage: Partial<Usage> | undefined): GeminiUsageMetadata {
  const input = usage?.inputTokens ?? 0;
  const output = usage?.outputTokens ?? 0;
  const reasoning = Math.min(usage?.reasoningTokens ?? 0, output);
  const metadata: GeminiUsageMetadata = { promptTokenCount: input, candidatesTokenCount: output - reasoning, totalTokenCount: input + output };
  if (usage?.reasoningTokens !== undefined) metadata.thoughtsTokenCount = reasoning;
  if (usage?.cacheReadTokens) metadata.cachedContentTokenCount = usage.cacheReadTokens;
  return metadata;
}
