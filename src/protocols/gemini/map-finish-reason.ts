// In charge of Gemini finishReason / blockReason ↔ unified finish reasons.
import type { FinishReason, UnifiedFinishReason } from "../../unified/finish-reason.ts";

/**
 * Gemini reports a function call with finishReason STOP, so callers turn
 * "stop" into "tool-calls" when the answer holds calls.
 * @see https://ai.google.dev/api/generate-content#FinishReason
 * @see https://ai.google.dev/api/generate-content#BlockReason
 */
const FROM_WIRE: Record<string, UnifiedFinishReason> = {
  STOP: "stop",
  MAX_TOKENS: "length",
  SAFETY: "content-filter",
  RECITATION: "content-filter",
  LANGUAGE: "content-filter",
  BLOCKLIST: "content-filter",
  PROHIBITED_CONTENT: "content-filter",
  SPII: "content-filter",
  IMAGE_SAFETY: "content-filter",
  IMAGE_PROHIBITED_CONTENT: "content-filter",
  MALFORMED_FUNCTION_CALL: "error",
  UNEXPECTED_TOOL_CALL: "error",
  TOO_MANY_TOOL_CALLS: "error",
  MISSING_THOUGHT_SIGNATURE: "error",
  MALFORMED_RESPONSE: "error",
  OTHER: "other",
  FINISH_REASON_UNSPECIFIED: "other",
};

export function finishReasonFromWire(raw: string, hasToolCalls: boolean): FinishReason {
  const unified = FROM_WIRE[raw] ?? "other";
  return { unified: unified === "stop" && hasToolCalls ? "tool-calls" : unified, raw };
}

/** A prompt blocked before generation (promptFeedback.blockReason, no candidates). */
export function finishReasonFromBlock(blockReason: string): FinishReason {
  return { unified: "content-filter", raw: blockReason };
}

/** Unified → wire; the upstream's own value is kept when it is a Gemini value of the same meaning. */
export function finishReasonToWire(reason: FinishReason, hasToolCalls: boolean): string {
  if (hasToolCalls) return "STOP";
  if (reason.raw !== undefined && FROM_WIRE[reason.raw] !== undefined && FROM_WIRE[reason.raw] === reason.unified) return reason.raw;
  switch (reason.unified) {
    case "stop":
    case "tool-calls":
      return "STOP";
    case "length":
      return "MAX_TOKENS";
    case "content-filter":
      return "SAFETY";
    case "error":
    case "other":
      return "OTHER";
    default: {
      const unreachable: never = reason.unified;
      return unreachable;
    }
  }
}
