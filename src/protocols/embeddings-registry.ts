// In charge of listing, per protocol, how its upstreams are asked for embeddings (none: the protocol has no embeddings API).
import type { ProtocolName } from "../unified/protocol.ts";
import type { EmbeddingsUpstreamCodec } from "./embeddings-codec.ts";
import { geminiEmbeddingsUpstream } from "./gemini/embeddings.ts";
import { ollamaEmbeddingsUpstream } from "./ollama/embeddings.ts";
import { openaiEmbeddingsUpstream } from "./openai/embeddings.ts";

/**
 * Keyed by name rather than a full Record so a new chat protocol need not decide about embeddings
 * at once. Anthropic offers no embeddings endpoint (its docs point to Voyage AI), so Claude is
 * absent; a Responses-API provider's base URL serves OpenAI's /embeddings next to /responses.
 */
const UPSTREAMS: Readonly<Record<string, EmbeddingsUpstreamCodec>> = {
  openai: openaiEmbeddingsUpstream,
  "openai-responses": openaiEmbeddingsUpstream,
  gemini: geminiEmbeddingsUpstream,
  ollama: ollamaEmbeddingsUpstream,
};

export function embeddingUpstreamOf(protocol: ProtocolName): EmbeddingsUpstreamCodec | null {
  return UPSTREAMS[protocol] ?? null;
}
