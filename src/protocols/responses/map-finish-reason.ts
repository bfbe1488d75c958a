// In charge of translating a Response's `status` / `incomplete_details.reason` to and from the unified finish reason.
import type { FinishReason } from "../../unified/finish-reason.ts";

/** What a Responses answer says about how it ended. */
export interface WireFinish {
  status: "completed" | "incomplete";
  incompleteReason?: "max_output_tokens" | "content_filter";
}

/**
 * The Responses API has no finish_reason: a response is `completed`, or `incomplete` with
 * `incomplete_details.reason` `max_output_tokens` or `content_filter`. Tool calls are told
 * apart by the function_call items in `output`. Anything else becomes "other", raw kept.
 * @see https://platform.openai.com/docs/api-reference/responses/object#responses/object-incomplete_details
 */
export function decodeFinishReason(status: unknown, reason: unknown, hasToolCalls: boolean): FinishReason {
  if (status === "completed") return hasToolCalls ? { unified: "tool-calls", raw: "completed" } : { unified: "stop", raw: "completed" };
  if (status === "incomplete") {
    if (reason === "max_output_tokens") return { unified: "length", raw: reason };
    if (reason === "content_filter") return { unified: "content-filter", raw: reason };
    return { unified: "other", raw: typeof reason === "string" ? reason : "incomplete" };
  }
  return typeof status === "string" ? { unified: "other", raw: status } : { unified: "other" };
}

export function encodeFinishReason(reason: FinishReason): WireFinish {
  const unified = reason.unified;
  switch (unified) {
    case "length":
      return { status: "incomplete", incompleteReason: "max_output_tokens" };
    case "content-filter":
      return { status: "incomplete", incompleteReason: "content_filter" };
    case "stop":
    case "tool-calls":
    case "error":
    case "other":
      // Never dress an error up as a finish: errors travel as error events, a finish is a completion.
      return { status: "completed" };
    default: {
      const unreachable: never = unified;
      return unreachable;
    }
  }
}
