// In charge of translating Claude's stop_reason to and from the unified finish reason.
import type { FinishReason } from "../../unified/finish-reason.ts";
import type { ClaudeStopReason } from "./wire.ts";

/** @see https://docs.anthropic.com/en/api/handling-stop-reasons */
const CLAUDE_STOP_REASONS: readonly ClaudeStopReason[] = ["end_turn", "max_tokens", "stop_sequence", "tool_use", "pause_turn", "refusal", "model_context_window_exceeded"];

function isClaudeStopReason(value: unknown): value is ClaudeStopReason {
  return typeof value === "string" && (CLAUDE_STOP_REASONS as readonly string[]).includes(value);
}

/** Wire → unified. Unknown values (beta `compaction`, future ones) map to "other", raw kept. */
export function fromClaudeStopReason(value: unknown): FinishReason {
  const raw = typeof value === "string" ? value : undefined;
  switch (raw) {
    case "end_turn":
    case "stop_sequence":
      return { unified: "stop", raw };
    case "max_tokens":
    case "model_context_window_exceeded":
      return { unified: "length", raw };
    case "tool_use":
      return { unified: "tool-calls", raw };
    case "refusal":
      return { unified: "content-filter", raw };
    default:
      // pause_turn (server tool loop paused), compaction, null, anything new.
      return raw === undefined ? { unified: "other" } : { unified: "other", raw };
  }
}

/**
 * A finished message whose stop_reason is null or missing (some Claude-compatible
 * servers never fill it in): it ended normally, so it is a stop, or a tool-calls
 * stop when it holds tool_use blocks. "other" would reach Gemini clients as OTHER,
 * which they treat as a failure.
 */
export function fromClaudeFinalStopReason(value: unknown, hasToolCalls: boolean): FinishReason {
  if (value !== null && value !== undefined) return fromClaudeStopReason(value);
  return { unified: hasToolCalls ? "tool-calls" : "stop" };
}

/**
 * Unified → wire. A response holding a tool call always says `tool_use`
 * (Claude clients only run tools on that stop reason, even when an upstream
 * said "stop"). A raw Claude value that agrees with the unified reason is kept,
 * so a Claude→Claude hop keeps `stop_sequence`, `pause_turn`, `refusal` …
 */
export function toClaudeStopReason(finish: FinishReason, hasToolCalls: boolean): ClaudeStopReason {
  if (hasToolCalls) return "tool_use";
  if (isClaudeStopReason(finish.raw) && finish.raw !== "tool_use" && fromClaudeStopReason(finish.raw).unified === finish.unified) return finish.raw;
  switch (finish.unified) {
    case "stop":
      return "end_turn";
    case "length":
      return "max_tokens";
    case "content-filter":
      return "refusal";
    case "tool-calls":
    // Without a tool_use block a `tool_use` stop would leave the client waiting for a call that is not there.
    case "error":
    case "other":
      return "end_turn";
    default: {
      const unreachable: never = finish.unified;
      return unreachable;
    }
  }
}
