// In charge of the stream events between a stream decoder and a stream encoder.
import type { ProxyError } from "./errors.ts";
import type { FinishReason } from "./finish-reason.ts";
import type { ProtocolName } from "./protocol.ts";
import type { Usage } from "./usage.ts";

/**
 * Named noun-verb. Blocks are implicit: an encoder opens a text block on the
 * first `text-delta` after something else and closes it when another kind of
 * event arrives, so decoders need not emit start/end for text and reasoning.
 *
 * Tool calls carry an `index` that is unique per call within one response
 * (decoders number calls 0, 1, 2 … in the order they start). Arguments stream
 * as JSON text fragments; concatenated they form one JSON object.
 */
export type UnifiedEvent =
  | { type: "message-start"; id?: string; model?: string; usage?: Partial<Usage> }
  | { type: "text-delta"; text: string }
  | { type: "reasoning-delta"; text: string }
  /** Closes the current reasoning block with its signature (Claude signature_delta, Gemini thoughtSignature on a thought part). */
  | { type: "reasoning-signature"; signature: string; protocol: ProtocolName }
  | { type: "reasoning-redacted"; data: string }
  | { type: "tool-call-start"; index: number; id: string; name: string; signature?: string; signatureProtocol?: ProtocolName }
  | { type: "tool-call-delta"; index: number; argumentsDelta: string }
  | { type: "tool-call-end"; index: number }
  /** Usage seen so far; may come several times, later values win (see mergeUsage). */
  | { type: "usage"; usage: Partial<Usage> }
  /** The last event of a normal stream; encoders write their terminator after it. */
  | { type: "finish"; finishReason: FinishReason; usage?: Partial<Usage> }
  /** The upstream failed mid-stream; encoders end with the protocol's error event and no normal terminator. */
  | { type: "error"; error: ProxyError };

export type UnifiedEventType = UnifiedEvent["type"];
