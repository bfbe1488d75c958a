// In charge of Ollama token counts and timings ↔ unified usage.
import type { Usage } from "../../unified/usage.ts";
import { isRecord } from "../shared/json.ts";
import type { OllamaMetrics } from "./wire-types.ts";

function count(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/**
 * `prompt_eval_count` is the whole prompt (Ollama's prompt cache included), the
 * unified convention; `eval_count` the generated tokens. Null when neither is present.
 */
export function usageFromWire(payload: Record<string, unknown>): Partial<Usage> | null {
  const input = count(payload.prompt_eval_count);
  const output = count(payload.eval_count);
  if (input === undefined && output === undefined) return null;
  const usage: Partial<Usage> = {};
  if (input !== undefined) usage.inputTokens = input;
  if (output !== undefined) usage.outputTokens = output;
  return usage;
}

/** usageOf for the passthrough path: only the final (`done: true`) object carries counts. */
export function usageOf(payload: unknown): Partial<Usage> | null {
  if (!isRecord(payload) || payload.done !== true) return null;
  return usageFromWire(payload);
}

/** Durations are unknown across protocols; 0 keeps the fields typed as Ollama clients expect. */
export function metricsFromUsage(usage: Partial<Usage> | undefined): OllamaMetrics {
  return {
    total_duration: 0,
    load_duration: 0,
    prompt_eval_count: usage?.inputTokens ?? 0,
    prompt_eval_duration: 0,
    eval_count: usage?.outputTokens ?? 0,
    eval_duration: 0,
  };
}
