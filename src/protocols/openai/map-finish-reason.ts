// In charge of translating Chat Completions `finish_reason` to and from the unified finish reason.
import type { FinishReason } from "../../unified/finish-reason.ts";
import type { WireFinishReason } from "./wire-types.ts";

/**
 * @see https://platform.openai.com/docs/api-reference/chat/object#chat/object-choices
 * `function_call` is the deprecated spelling of `tool_calls`. Unknown values
 * (e.g. vLLM's "abort", some servers' "eos") become "other" with the raw value kept.
 */
export function decodeFinishReason(raw: unknown): FinishReason {
  if (typeof raw !== "string") return { unified: "other" };
  switch (raw) {
    case "stop":
      return { unified: "stop", raw };
    case "length":
      return { unified: "length", raw };
    case "tool_calls":
    case "function_call":
      return { unified: "tool-calls", raw };
    case "content_filter":
      return { unified: "content-filter", raw };
    default:
      return { unified: "other", raw };
  }
}

/**
 * A response that contains a tool call always reports `tool_calls` unless it was cut
 * (length) or filtered: clients such as the OpenAI SDK's tool runner only execute
 * calls when the finish reason says so (the Claude `end_turn`-with-tool-call trap).
 */
export function encodeFinishReason(reason: FinishReason, hasToolCalls: boolean): WireFinishReason {
  const unified = reason.unified;
  if (hasToolCalls && unified !== "length" && unified !== "content-filter") return "tool_calls";
  switch (unified) {
    case "stop":
      return "stop";
    case "length":
      return "length";
    case "tool-calls":
      // A tool-calls finish without any call (calls removed on the way) is a plain stop.
      return hasToolCalls ? "tool_calls" : "stop";
    case "content-filter":
      return "content_filter";
    case "error":
    case "other":
      // The wire enum has no "error"/"other": never dress an error up as a reason, report a stop.
      return "stop";
    default: {
      const unreachable: never = unified;
      return unreachable;
    }
  }
}
