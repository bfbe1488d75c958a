// In charge of Claude `thinking` / `output_config.effort` ↔ unified thinking, and fitting budget_tokens under max_tokens.
import { isRecord } from "../shared/json.ts";
import type { ReasoningEffort, ThinkingConfig } from "../../unified/request.ts";
import type { Warning } from "../../unified/warnings.ts";
import { invalid, optionalNumber, optionalString, requireRecord } from "../shared/fields.ts";

/** Claude's effort scale is wider than the unified one; `xhigh` and `max` are the top of it. */
function effortFromClaude(value: string | undefined): ReasoningEffort | undefined {
  switch (value) {
    case "low":
    case "medium":
    case "high":
      return value;
    case "xhigh":
    case "max":
      return "high";
    default:
      return undefined;
  }
}

function includeThoughts(display: string | undefined): Partial<ThinkingConfig> {
  if (display === "omitted") return { includeThoughts: false };
  if (display === "summarized") return { includeThoughts: true };
  return {};
}

export interface DecodedThinking {
  thinking?: ThinkingConfig;
  /** A Claude-only shape (adaptive, between_tools …) the unified model cannot express; re-sent verbatim to Claude upstreams. */
  original?: Record<string, unknown>;
}

/**
 * `thinking: {type: "enabled", budget_tokens}` | `{type: "disabled"}` |
 * `{type: "adaptive", display?}`, plus `output_config.effort`.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking
 */
export function decodeThinking(body: Record<string, unknown>, warnings: Warning[]): DecodedThinking {
  const outputConfig = isRecord(body.output_config) ? body.output_config : {};
  const rawEffort = optionalString(outputConfig, "effort", "output_config.effort");
  const effort = effortFromClaude(rawEffort);
  if (rawEffort !== undefined && effort === undefined) warnings.push({ feature: "output_config.effort", detail: `unknown effort '${rawEffort}' not mapped` });
  const withEffort = effort ? { effort } : {};
  if (body.thinking === undefined || body.thinking === null) return effort ? { thinking: { enabled: true, effort } } : {};
  const thinking = requireRecord(body.thinking, "thinking");
  const display = optionalString(thinking, "display", "thinking.display");
  switch (thinking.type) {
    case "enabled": {
      const budgetTokens = optionalNumber(thinking, "budget_tokens", "thinking.budget_tokens");
      return { thinking: { enabled: true, ...(budgetTokens !== undefined ? { budgetTokens } : {}), ...withEffort, ...includeThoughts(display) } };
    }
    case "disabled":
      return { thinking: { enabled: false } };
    case "adaptive":
    case "between_tools":
      return { thinking: { enabled: true, ...withEffort, ...includeThoughts(display) }, original: thinking };
    default:
      if (typeof thinking.type !== "string") throw invalid("thinking.type", "required (enabled, disabled or adaptive)");
      warnings.push({ feature: "thinking.type", detail: `unknown thinking type '${thinking.type}' treated as enabled` });
      return { thinking: { enabled: true, ...withEffort, ...includeThoughts(display) }, original: thinking };
  }
}

/** Budgets for an effort-only request (Claude needs a number); minimal is Claude's floor. */
const EFFORT_BUDGET: Record<ReasoningEffort, number> = { minimal: 1024, low: 4096, medium: 10000, high: 24000 };
export const MIN_BUDGET = 1024;

export interface EncodedThinking {
  thinking?: Record<string, unknown>;
  /** budget_tokens when `thinking` is `enabled` (to fit under max_tokens). */
  budget?: number;
  on: boolean;
}

export function encodeThinking(config: ThinkingConfig | undefined, original: unknown, warnings: Warning[]): EncodedThinking {
  if (!config) return { on: false };
  if (!config.enabled) return { thinking: { type: "disabled" }, on: false };
  if (config.budgetTokens !== undefined && config.budgetTokens > 0) {
    const budget = Math.max(MIN_BUDGET, Math.round(config.budgetTokens));
    if (budget !== config.budgetTokens) warnings.push({ feature: "thinking.budget_tokens", detail: `budget ${config.budgetTokens} raised to Claude's minimum ${budget}` });
    return { thinking: { type: "enabled", budget_tokens: budget }, budget, on: true };
  }
  // Same-protocol hop of an adaptive request: Claude's own shape is the faithful one.
  if (isRecord(original) && typeof original.type === "string" && original.type !== "enabled" && original.type !== "disabled") return { thinking: original, on: true };
  const budget = EFFORT_BUDGET[config.effort ?? "medium"];
  return { thinking: { type: "enabled", budget_tokens: budget }, budget, on: true };
}

/**
 * Claude requires budget_tokens < max_tokens. Without a client limit, max_tokens
 * grows to make room; with one, the budget shrinks to half of it when it can
 * stay ≥ 1024, otherwise max_tokens grows (warned either way).
 */
export function fitBudget(maxTokens: number, clientMaxTokens: number | undefined, budget: number, defaultMax: number, warnings: Warning[]): { maxTokens: number; budget: number } {
  if (maxTokens > budget) return { maxTokens, budget };
  if (clientMaxTokens === undefined) return { maxTokens: budget + defaultMax, budget };
  const half = Math.floor(maxTokens / 2);
  if (half >= MIN_BUDGET) {
    warnings.push({ feature: "thinking.budget_tokens", detail: `budget ${budget} reduced to ${half} to stay below max_tokens ${maxTokens}` });
    return { maxTokens, budget: half };
  }
  const raised = budget + MIN_BUDGET;
  warnings.push({ feature: "max_tokens", detail: `max_tokens ${maxTokens} raised to ${raised} to leave room above the thinking budget ${budget}` });
  return { maxTokens: raised, budget };
}
