// In charge of Ollama `options` and `think` ↔ unified sampling and thinking settings.
import { invalidRequest } from "../../unified/errors.ts";
import type { ReasoningEffort, ThinkingConfig, UnifiedRequest } from "../../unified/request.ts";
import type { Warning } from "../../unified/warnings.ts";
import { isRecord } from "../shared/json.ts";
import type { OllamaThink } from "./wire-types.ts";

/** The sampling fields the unified model has; every other option travels in extensions.ollama.options. */
export interface DecodedOptions {
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  stop?: string[];
  seed?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  /** Options the unified model has no field for (num_ctx, repeat_penalty, mirostat …). */
  extra?: Record<string, unknown>;
}

const NUMERIC: ReadonlyArray<[wire: string, field: Exclude<keyof DecodedOptions, "stop" | "extra" | "maxTokens">]> = [
  ["temperature", "temperature"],
  ["top_p", "topP"],
  ["top_k", "topK"],
  ["seed", "seed"],
  ["presence_penalty", "presencePenalty"],
  ["frequency_penalty", "frequencyPenalty"],
];
const MODELED = new Set(["num_predict", "stop", ...NUMERIC.map(([wire]) => wire)]);

function numberAt(options: Record<string, unknown>, key: string): number | undefined {
  const value = options[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value)) throw invalidRequest(`options.${key}: must be a number`);
  return value;
}

function readStop(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.every((item) => typeof item === "string")) return value;
  throw invalidRequest("options.stop: must be an array of strings");
}

export function decodeOptions(value: unknown): DecodedOptions {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) throw invalidRequest("options: must be an object");
  const out: DecodedOptions = {};
  for (const [wire, field] of NUMERIC) {
    const number = numberAt(value, wire);
    if (number !== undefined) out[field] = number;
  }
  const stop = readStop(value.stop);
  if (stop) out.stop = stop;
  const extra: Record<string, unknown> = {};
  const numPredict = numberAt(value, "num_predict");
  // -1 (unbounded) and -2 (fill the context) mean "no limit"; kept verbatim for Ollama upstreams.
  if (numPredict !== undefined && numPredict > 0) out.maxTokens = Math.floor(numPredict);
  else if (numPredict !== undefined) extra.num_predict = numPredict;
  for (const [key, option] of Object.entries(value)) if (!MODELED.has(key)) extra[key] = option;
  if (Object.keys(extra).length > 0) out.extra = extra;
  return out;
}

export function encodeOptions(request: UnifiedRequest): Record<string, unknown> | undefined {
  const options: Record<string, unknown> = { ...(request.extensions.ollama?.options ?? {}) };
  if (request.maxTokens !== undefined) options.num_predict = request.maxTokens;
  if (request.temperature !== undefined) options.temperature = request.temperature;
  if (request.topP !== undefined) options.top_p = request.topP;
  if (request.topK !== undefined) options.top_k = request.topK;
  if (request.stop !== undefined && request.stop.length > 0) options.stop = request.stop;
  if (request.seed !== undefined) options.seed = request.seed;
  if (request.presencePenalty !== undefined) options.presence_penalty = request.presencePenalty;
  if (request.frequencyPenalty !== undefined) options.frequency_penalty = request.frequencyPenalty;
  return Object.keys(options).length > 0 ? options : undefined;
}

/**
 * `think`: a boolean or a level. "max" (newer Ollama) has no unified effort;
 * it becomes "high" with a warning.
 * @see https://github.com/ollama/ollama/blob/main/docs/api.md#generate-a-chat-completion
 */
export function decodeThink(value: unknown, warnings: Warning[]): ThinkingConfig | undefined {
  if (value === undefined || value === null) return undefined;
  if (value === true) return { enabled: true, includeThoughts: true };
  if (value === false) return { enabled: false };
  if (value === "low" || value === "medium" || value === "high") return { enabled: true, effort: value, includeThoughts: true };
  if (value === "max") {
    warnings.push({ feature: "think", detail: "think level 'max' has no unified equivalent; sent on as 'high'" });
    return { enabled: true, effort: "high", includeThoughts: true };
  }
  throw invalidRequest(`think: must be true, false, "low", "medium", "high" or "max"`);
}

function effortLevel(effort: ReasoningEffort, warnings: Warning[]): OllamaThink {
  switch (effort) {
    case "low":
    case "medium":
    case "high":
      return effort;
    case "minimal":
      warnings.push({ feature: "thinking.effort", detail: "Ollama has no 'minimal' think level; sent 'low'" });
      return "low";
    default: {
      const unreachable: never = effort;
      return unreachable;
    }
  }
}

export function encodeThink(thinking: ThinkingConfig | undefined, warnings: Warning[]): OllamaThink | undefined {
  if (!thinking) return undefined;
  if (!thinking.enabled) return false;
  if (thinking.effort) return effortLevel(thinking.effort, warnings);
  if (thinking.budgetTokens !== undefined) {
    warnings.push({ feature: "thinking.budget_tokens", detail: `Ollama has no thinking budget; ${thinking.budgetTokens} tokens sent as think: true` });
  }
  return true;
}
