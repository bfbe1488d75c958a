// In charge of the interfaces every protocol's embeddings codec implements, so the embeddings pipeline never names a protocol.
import { ProxyError } from "../unified/errors.ts";
import type { ProtocolName } from "../unified/protocol.ts";
import type { UnifiedEmbeddingRequest, UnifiedEmbeddingResponse } from "../unified/embeddings.ts";
import type { Decoded } from "./codec.ts";

export interface EmbeddingsEncodeContext {
  /** The name the client asked for; answers show it instead of the upstream model. */
  model: string;
  /** Unix time in milliseconds. */
  now(): number;
  /** How long the upstream took, for Ollama's `total_duration` (ms). */
  durationMs?: number;
}

/** One client-facing embeddings shape (OpenAI /v1/embeddings, Gemini :embedContent, Ollama /api/embed …). */
export interface EmbeddingsClientCodec {
  /** The protocol whose error shape the client reads (errors are encoded by that protocol's chat codec). */
  protocol: ProtocolName;
  /** Client body → unified. Throws ProxyError("invalid_request") with a precise message on bad input. */
  decodeRequest(input: { body: unknown; pathModel?: string }): Decoded<UnifiedEmbeddingRequest>;
  /** Unified → client JSON body; `request` is what this codec decoded (e.g. OpenAI's encoding_format). */
  encodeResponse(response: UnifiedEmbeddingResponse, request: UnifiedEmbeddingRequest, context: EmbeddingsEncodeContext): Record<string, unknown>;
}

/** How an upstream of one protocol is asked for embeddings. Auth headers and error bodies come from the chat codec. */
export interface EmbeddingsUpstreamCodec {
  url(baseUrl: string, model: string): string;
  /** Why this upstream cannot serve the request at all (e.g. token-id inputs to a text-only API), else undefined. */
  unsupported(request: UnifiedEmbeddingRequest): string | undefined;
  /** Unified → upstream body. `request.model` is already the upstream model. */
  encodeRequest(request: UnifiedEmbeddingRequest): Decoded<Record<string, unknown>>;
  /** Upstream JSON → unified. Throws ProxyError("upstream") when the body is not a valid answer. */
  decodeResponse(body: unknown, request: UnifiedEmbeddingRequest): UnifiedEmbeddingResponse;
}

/** The reason shared by the text-only upstreams (Gemini, Ollama) for token-id inputs. */
export function tokenInputsUnsupported(request: UnifiedEmbeddingRequest, protocol: ProtocolName): string | undefined {
  return request.inputs.some((input) => typeof input !== "string") ? `${protocol} embeddings take text only; token-id inputs cannot be sent` : undefined;
}

/** The texts of a request for a text-only upstream (the pipeline asked `unsupported` first). */
export function textInputs(request: UnifiedEmbeddingRequest, protocol: ProtocolName): string[] {
  return request.inputs.map((input, index) => {
    if (typeof input === "string") return input;
    throw new ProxyError("invalid_request", `input[${index}]: ${protocol} embeddings take text only; token-id inputs cannot be sent`);
  });
}
