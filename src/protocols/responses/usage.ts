// In charge of mapping the Responses `usage` object to and from unified token counts.
import type { Usage } from "../../unified/usage.ts";
import { isRecord } from "../shared/json.ts";
import type { WireUsage } from "./wire-types.ts";

function count(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/**
 * `input_tokens` already includes cached tokens and `output_tokens` includes reasoning
 * tokens (the unified convention on both counts).
 * @see https://platform.openai.com/docs/api-reference/responses/object#responses/object-usage
 */
export function decodeUsage(value: unknown): Partial<Usage> | null {
  if (!isRecord(value)) return null;
  const usage: Partial<Usage> = {};
  const input = count(value.input_tokens);
  const output = count(value.output_tokens);
  if (input !== undefined) usage.inputTokens = input;
  if (output !== undefined) usage.outputTokens = output;
  const inputDetails = isRecord(value.input_tokens_details) ? value.input_tokens_details : {};
  const outputDetails = isRecord(value.output_tokens_details) ? value.output_tokens_details : {};
  const cacheRead = count(inputDetails.cached_tokens);
  const reasoning = count(outputDetails.reasoning_tokens);
  if (cacheRead !== undefined) usage.cacheReadTokens = cacheRead;
  if (reasoning !== undefined) usage.reasoningTokens = reasoning;
  return usage;
}

export function encodeUsage(usage: Partial<Usage> | undefined): WireUsage {
  const input = usage?.inputTokens ?? 0;
  const output = usage?.outputTokens ?? 0;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: usage?.cacheReadTokens ?? 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: usage?.reasoningTokens ?? 0 },
    total_tokens: input + output,
  };
}

/** Usage from a Response body or a stream event carrying one (`response.completed` …); null when none. */
export function usageOf(payload: unknown): Partial<Usage> | null {
  if (!isRecord(payload)) return null;
  if (isRecord(payload.response)) return decodeUsage(payload.response.usage);
  return decodeUsage(payload.usage);
}
