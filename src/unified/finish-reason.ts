// In charge of the protocol-neutral reason a generation stopped.
export type UnifiedFinishReason = "stop" | "length" | "tool-calls" | "content-filter" | "error" | "other";

export interface FinishReason {
  unified: UnifiedFinishReason;
  /** The upstream's own value, kept for logs and same-protocol fidelity. */
  raw?: string;
}
