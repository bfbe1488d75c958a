// In charge of the one interface every wire protocol implements, so the pipeline never names a protocol.
import type { ProtocolName } from "../unified/protocol.ts";
import type { ProxyError } from "../unified/errors.ts";
import type { UnifiedEvent } from "../unified/events.ts";
import type { UnifiedRequest } from "../unified/request.ts";
import type { UnifiedResponse } from "../unified/response.ts";
import type { Usage } from "../unified/usage.ts";
import type { Warning } from "../unified/warnings.ts";
import type { StreamFrame } from "../wire/frame.ts";
import type { BodyPolicyEditor } from "./shared/policy.ts";

/** A pure incremental step object; `toTransformStream` adapts it to Web Streams. */
export interface Step<In, Out> {
  push(input: In): Out[];
  /** The input ended normally; flush what is held back. */
  end(): Out[];
}

/** Injected so codecs stay pure: no Date.now(), no random ids inside codecs. */
export interface CodecContext {
  /** A fresh id with the given prefix, e.g. ids("call_") → "call_Ab12…". Only [A-Za-z0-9_-] after the prefix. */
  newId(prefix: string): string;
  /** Unix time in milliseconds. */
  now(): number;
}

export interface DecodeRequestInput {
  body: unknown;
  /** Gemini: the model comes from the path; stream from the action and `alt`. */
  pathModel?: string;
  stream?: boolean;
  /** Gemini clients: `?alt=sse` was given. */
  sse?: boolean;
}

export interface Decoded<T> {
  value: T;
  warnings: Warning[];
}

export interface EncodeClientContext extends CodecContext {
  /** The name the client asked for; answers show it instead of the upstream model. */
  model: string;
  /** Gemini clients only: stream as SSE (true) or as a streamed JSON array (false). */
  sse?: boolean;
  /** OpenAI clients only: emit the usage chunk (stream_options.include_usage). */
  includeUsage?: boolean;
}

/** How an upstream of this protocol is called. */
export interface UpstreamConvention {
  /** Full URL for a chat call. `baseUrl` per protocols.md (OpenAI includes the version; others are the host root). */
  chatUrl(baseUrl: string, model: string, stream: boolean): string;
  /** Auth headers for one provider key (empty key: none). */
  authHeaders(apiKey: string | undefined): Record<string, string>;
  /** How the streamed body is framed. */
  streamFraming: "sse" | "ndjson";
  /** The highest temperature the API accepts (group temperature_ratio clamps to it); none: no bound. */
  maxTemperature?: number;
}

export interface ProtocolCodec {
  name: ProtocolName;
  /** Client body → unified. Throws ProxyError("invalid_request") with a precise message on bad input. */
  decodeRequest(input: DecodeRequestInput): Decoded<UnifiedRequest>;
  /** Unified → upstream body. `request.model` is already the upstream model. */
  encodeRequest(request: UnifiedRequest, context: CodecContext): Decoded<Record<string, unknown>>;
  /** Upstream JSON body → unified. Throws ProxyError("upstream") when the body is not a valid answer. */
  decodeResponse(body: unknown, context: CodecContext): UnifiedResponse;
  /** Unified → client JSON body. */
  encodeResponse(response: UnifiedResponse, context: EncodeClientContext): Record<string, unknown>;
  /** Upstream stream frames → unified events. Emits an `error` event (not a throw) for in-stream errors. */
  createStreamDecoder(context: CodecContext): Step<StreamFrame, UnifiedEvent>;
  /** Unified events → client wire text (complete frames, including separators/newlines). */
  createStreamEncoder(context: EncodeClientContext): Step<UnifiedEvent, string>;
  /**
   * The protocol's in-stream error frame alone (OpenAI `data: {"error":…}`, Claude `event: error`,
   * Gemini `data: {"error":…}`, Ollama `{"error":…}` line), with no preamble: the passthrough path
   * appends it after forwarding an upstream stream that broke.
   */
  encodeStreamError(error: ProxyError): string;
  /** The client's error shape and status. */
  encodeError(error: ProxyError): { status: number; body: unknown };
  /** An upstream non-2xx answer → ProxyError carrying the upstream status and message. */
  decodeError(status: number, bodyText: string): ProxyError;
  /** Reads usage from a same-protocol stream frame or JSON body on the passthrough path (null: none in it). */
  usageOf(payload: unknown): Partial<Usage> | null;
  upstream: UpstreamConvention;
  /**
   * Edits a same-protocol body for group policies on the passthrough path. Absent: a request
   * whose group has policies takes the unified path instead.
   */
  policy?: BodyPolicyEditor;
  /**
   * Repairs a same-protocol body before it is passed through, for things only ccproxy could have
   * put there (Claude thinking blocks it showed a client with an empty signature). Returns the
   * body itself when nothing needs repair.
   */
  preparePassthrough?(body: Record<string, unknown>): Record<string, unknown>;
  /** Content type of the client stream. */
  streamContentType(context: { sse?: boolean }): string;
}
