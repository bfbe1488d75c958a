// In charge of converting Claude usage (input excludes cache) to and from unified usage (input includes cache).
import { isRecord } from "../shared/json.ts";
import type { Usage } from "../../unified/usage.ts";
import type { ClaudeUsage } from "./wire.ts";

function count(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** Claude's raw counters as last reported; stream events overwrite them field by field (they are cumulative). */
export interface ClaudeUsageCounters {
  input?: number;
  output?: number;
  cacheRead?: number;
  cacheWrite?: number;
  reasoning?: number;
}

/** Overwrites the counters present (non-null) in a Claude usage object. */
export function readUsageCounters(usage: unknown, into: ClaudeUsageCounters = {}): ClaudeUsageCounters {
  if (!isRecord(usage)) return into;
  const input = count(usage.input_tokens);
  const output = count(usage.output_tokens);
  const cacheRead = count(usage.cache_read_input_tokens);
  const cacheWrite = count(usage.cache_creation_input_tokens);
  if (input !== undefined) into.input = input;
  if (output !== undefined) into.output = output;
  if (cacheRead !== undefined) into.cacheRead = cacheRead;
  if (cacheWrite !== undefined) into.cacheWrite = cacheWrite;
  const details = usage.output_tokens_details;
  if (isRecord(details)) {
    const reasoning = count(details.thinking_tokens);
    if (reasoning !== undefined) into.reasoning = reasoning;
  }
  return into;
}

/** Counters → unified: inputTokens = input + cache reads + cache writes (unified/usage.ts convention). */
export function countersToUsage(counters: ClaudeUsageCounters): Usage {
  const usage: Usage = {
    inputTokens: (counters.input ?? 0) + (counters.cacheRead ?? 0) + (counters.cacheWrite ?? 0),
    outputTokens: counters.output ?? 0,
  };
  if (counters.cacheRead !== undefined) usage.cacheReadTokens = counters.cacheRead;
  if (counters.cacheWrite !== undefined) usage.cacheWriteTokens = counters.cacheWrite;
  if (counters.reasoning !== undefined) usage.reasoningTokens = counters.reasoning;
  return usage;
}

export function fromClaudeUsage(usage: unknown): Usage {
  return countersToUsage(readUsageCounters(usage));
}

/** Unified → Claude: input_tokens excludes cache reads and writes (protocols.md "Usage"). */
export function toClaudeUsage(usage: Partial<Usage> | undefined): ClaudeUsage {
  const cacheRead = usage?.cacheReadTokens ?? 0;
  const cacheWrite = usage?.cacheWriteTokens ?? 0;
  return {
    input_tokens: Math.max(0, (usage?.inputTokens ?? 0) - cacheRead - cacheWrite),
    output_tokens: usage?.outputTokens ?? 0,
    cache_creation_input_tokens: cacheWrite,
    cache_read_input_tokens: cacheRead,
  };
}

/**
 * Usage from a Claude JSON answer or stream frame (passthrough path), null when
 * it has none. A message_delta gives input tokens only when all three input
 * counters are present: the unified input is their sum, and a partial sum would
 * overwrite message_start's exact one.
 */
export function usageOf(payload: unknown): Partial<Usage> | null {
  if (!isRecord(payload)) return null;
  if (payload.type === "message") return isRecord(payload.usage) ? fromClaudeUsage(payload.usage) : null;
  if (payload.type === "message_start") return isRecord(payload.message) && isRecord(payload.message.usage) ? fromClaudeUsage(payload.message.usage) : null;
  if (payload.type !== "message_delta" || !isRecord(payload.usage)) return null;
  const counters = readUsageCounters(payload.usage);
  const out: Partial<Usage> = {};
  if (counters.output !== undefined) out.outputTokens = counters.output;
  if (counters.cacheRead !== undefined) out.cacheReadTokens = counters.cacheRead;
  if (counters.cacheWrite !== undefined) out.cacheWriteTokens = counters.cacheWrite;
  if (counters.reasoning !== undefined) out.reasoningTokens = counters.reasoning;
  if (counters.input !== undefined && counters.cacheRead !== undefined && counters.cacheWrite !== undefined) out.inputTokens = counters.input + counters.cacheRead + counters.cacheWrite;
  return out;
}
