// In charge of the protocol-neutral embeddings request and answer every embeddings codec decodes into and encodes from.

/** One text to embed, or (OpenAI clients such as LangChain) a pre-tokenized input: an array of token ids. */
export type EmbeddingInput = string | number[];

/** Protocol-only extras; a codec reads only its own namespace (the "rule of 3", as in extensions.ts). */
export interface EmbeddingExtensions {
  openai?: {
    /** How the client wants vectors written back: `base64` is the official SDK's default. */
    encodingFormat?: "float" | "base64";
    user?: string;
  };
  gemini?: {
    /** Title of the document (meaningful with taskType RETRIEVAL_DOCUMENT). */
    title?: string;
  };
  ollama?: {
    /** false: an over-long input is an error instead of being truncated (Ollama's default is true). */
    truncate?: boolean;
    keepAlive?: string | number;
    options?: Record<string, unknown>;
  };
}

export interface UnifiedEmbeddingRequest {
  /** The model the client asked for (the alias); the pipeline replaces it with the upstream model before encoding. */
  model: string;
  /** At least one input; answers keep this order. */
  inputs: EmbeddingInput[];
  /** Wanted vector length (OpenAI `dimensions`, Gemini `outputDimensionality`, Ollama `dimensions`). */
  dimensions?: number;
  /** Gemini task type (RETRIEVAL_QUERY, RETRIEVAL_DOCUMENT, SEMANTIC_SIMILARITY …). */
  taskType?: string;
  extensions: EmbeddingExtensions;
}

export interface EmbeddingUsage {
  inputTokens: number;
  /** True when ccproxy estimated the count because the upstream reports none (Gemini). */
  estimated?: boolean;
}

export interface UnifiedEmbeddingResponse {
  /** The upstream model; the pipeline answers with the client's alias instead. */
  model: string;
  /** One vector per input, in input order. */
  vectors: number[][];
  usage: EmbeddingUsage;
}

/** ~4 characters per token (token arrays count exactly): for upstreams that report no usage. */
export function estimateEmbeddingTokens(inputs: readonly EmbeddingInput[]): number {
  let tokens = 0;
  for (const input of inputs) tokens += typeof input === "string" ? Math.max(1, Math.ceil(input.length / 4)) : input.length;
  return tokens;
}

/**
 * Cuts vectors an upstream returned longer than asked (a server that ignores `dimensions`) to the
 * wanted length. A vector that came unit-length is scaled back to unit length, as OpenAI's own
 * shortened embeddings are; any other vector is only cut, as Gemini's `outputDimensionality` does.
 */
export function fitDimensions(vectors: number[][], dimensions: number | undefined): number[][] {
  if (dimensions === undefined) return vectors;
  return vectors.map((vector) => {
    if (vector.length <= dimensions) return vector;
    const cut = vector.slice(0, dimensions);
    if (Math.abs(norm(vector) - 1) > 1e-3) return cut;
    const length = norm(cut);
    return length === 0 ? cut : cut.map((value) => value / length);
  });
}

function norm(vector: readonly number[]): number {
  let sum = 0;
  for (const value of vector) sum += value * value;
  return Math.sqrt(sum);
}
