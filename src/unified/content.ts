// In charge of the content parts every protocol's messages are made of.
import type { ProtocolName } from "./protocol.ts";

export interface TextPart {
  type: "text";
  text: string;
  /** Claude prompt-caching marker; other protocols ignore it. */
  cacheControl?: { type: "ephemeral"; ttl?: string };
}

export type ImageSource =
  | { kind: "base64"; mediaType: string; data: string }
  | { kind: "url"; url: string };

export interface ImagePart {
  type: "image";
  source: ImageSource;
  /** OpenAI image `detail`; kept for OpenAI targets only. */
  detail?: string;
}

/** A tool call the assistant made. `arguments` is always the parsed object. */
export interface ToolCallPart {
  type: "tool-call";
  id: string;
  name: string;
  arguments: Record<string, unknown>;
  /**
   * Opaque signature bound to this call (Gemini `thoughtSignature`).
   * Only the protocol named in `signatureProtocol` may send it back.
   */
  signature?: string;
  signatureProtocol?: ProtocolName;
}

export interface ToolResultPart {
  type: "tool-result";
  callId: string;
  /** Tool name; filled by decoders (or linked from history) because Gemini needs it. */
  name?: string;
  content: Array<TextPart | ImagePart>;
  isError?: boolean;
  cacheControl?: { type: "ephemeral"; ttl?: string };
}

/**
 * Model reasoning. Signatures are never forged: `signature` is only re-sent to
 * the protocol it came from (`signatureProtocol`), byte-exact.
 */
export interface ReasoningPart {
  type: "reasoning";
  text: string;
  signature?: string;
  signatureProtocol?: ProtocolName;
  /** Claude `redacted_thinking.data`; only Claude upstreams get it back. */
  redactedData?: string;
}

export type UserContent = TextPart | ImagePart | ToolResultPart;
export type AssistantContent = TextPart | ReasoningPart | ToolCallPart;
export type ContentPart = UserContent | AssistantContent;

export type UnifiedMessage =
  /** A system message in the middle of the conversation (Claude Code sends these). */
  | { role: "system"; content: TextPart[] }
  | { role: "user"; content: UserContent[] }
  | { role: "assistant"; content: AssistantContent[] };

export function textOf(parts: ReadonlyArray<{ type: string; text?: string }>): string {
  let out = "";
  for (const part of parts) if (part.type === "text" && part.text) out += part.text;
  return out;
}
