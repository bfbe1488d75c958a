// In charge of translating Ollama's `done_reason` to and from the unified finish reason.
import type { FinishReason } from "../../unified/finish-reason.ts";

/**
 * Ollama reports "stop" (natural end, also after tool calls), "length"
 * (num_predict or context reached), and "load"/"unload" for the empty requests
 * that only load or unload a model. Older servers omit the field.
 * @see https://github.com/ollama/ollama/blob/main/docs/api.md#generate-a-chat-completion
 * @see https://github.com/ollama/ollama/blob/main/llm/server.go (DoneReason)
 */
const OLLAMA_REASONS = new Set(["stop", "length", "load", "unload"]);

export function decodeFinishReason(raw: unknown, hasToolCalls: boolean): FinishReason {
  const value = typeof raw === "string" ? raw : undefined;
  // Ollama says "stop" after tool calls; unified needs "tool-calls" so other clients see their tool-call reason.
  if (hasToolCalls && (value === undefined || value === "stop" || value === "")) return { unified: "tool-calls", raw: value };
  if (value === undefined || value === "") return { unified: "stop" };
  if (value === "stop") return { unified: "stop", raw: value };
  if (value === "length") return { unified: "length", raw: value };
  return { unified: "other", raw: value };
}

/** Ollama has no tool-call or content-filter reason: both end as "stop". */
export function encodeFinishReason(reason: FinishReason, hasToolCalls: boolean): string {
  if (hasToolCalls) return "stop";
  switch (reason.unified) {
    case "stop":
    case "tool-calls":
    case "content-filter":
    case "error":
      return "stop";
    case "length":
      return "length";
    case "other":
      // Keep Ollama's own rarer values (load/unload) on an Ollama→Ollama hop; anything else is foreign.
      return reason.raw !== undefined && OLLAMA_REASONS.has(reason.raw) ? reason.raw : "stop";
    default: {
      const unreachable: never = reason.unified;
      return unreachable;
    }
  }
}
