// In charge of Ollama /api/embed and the legacy /api/embeddings both ways: client bodies ↔ unified, unified ↔ upstream /api/embed.
import { ProxyError, invalidRequest } from "../../unified/errors.ts";
import { estimateEmbeddingTokens, type UnifiedEmbeddingRequest, type UnifiedEmbeddingResponse } from "../../unified/embeddings.ts";
import type { Warning } from "../../unified/warnings.ts";
import type { Decoded } from "../codec.ts";
import { textInputs, tokenInputsUnsupported, type EmbeddingsClientCodec, type EmbeddingsEncodeContext, type EmbeddingsUpstreamCodec } from "../embeddings-codec.ts";
import { isRecord } from "../shared/json.ts";
import { ollamaChatUrl } from "./index.ts";

/** @see https://github.com/ollama/ollama/blob/main/docs/api.md#generate-embeddings */
export interface OllamaEmbedRequest {
  model: string;
  input: string[];
  dimensions?: number;
  truncate?: boolean;
  keep_alive?: string | number;
  options?: Record<string, unknown>;
}

export interface OllamaEmbedResponse {
  model: string;
  embeddings: number[][];
  total_duration: number;
  load_duration: number;
  prompt_eval_count: number;
}

type OllamaExtras = NonNullable<UnifiedEmbeddingRequest["extensions"]["ollama"]>;

function requireModel(body: Record<string, unknown>): string {
  if (typeof body.model !== "string" || body.model.trim() === "") throw invalidRequest("model: required non-empty string");
  return body.model;
}

/** keep_alive and options ride along to Ollama upstreams; truncate only on /api/embed. */
function readExtras(body: Record<string, unknown>): OllamaExtras | undefined {
  const extras: OllamaExtras = {};
  if (body.truncate !== undefined && body.truncate !== null) {
    if (typeof body.truncate !== "boolean") throw invalidRequest("truncate: must be a boolean");
    extras.truncate = body.truncate;
  }
  if (body.keep_alive !== undefined && body.keep_alive !== null) {
    if (typeof body.keep_alive !== "string" && typeof body.keep_alive !== "number") throw invalidRequest('keep_alive: must be a duration string (e.g. "5m") or a number of seconds');
    extras.keepAlive = body.keep_alive;
  }
  if (body.options !== undefined && body.options !== null) {
    if (!isRecord(body.options)) throw invalidRequest("options: must be an object");
    extras.options = body.options;
  }
  return Object.keys(extras).length > 0 ? extras : undefined;
}

function readInput(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === "string")) return value;
  if (Array.isArray(value) && value.length === 0) throw invalidRequest("input: must not be an empty array");
  throw invalidRequest("input: required string or array of strings");
}

function decodeEmbed(input: { body: unknown }): Decoded<UnifiedEmbeddingRequest> {
  const body = input.body;
  if (!isRecord(body)) throw invalidRequest("request body must be a JSON object");
  const request: UnifiedEmbeddingRequest = { model: requireModel(body), inputs: readInput(body.input), extensions: {} };
  if (body.dimensions !== undefined && body.dimensions !== null) {
    if (typeof body.dimensions !== "number" || !Number.isInteger(body.dimensions) || body.dimensions < 1) throw invalidRequest("dimensions: must be a positive integer");
    request.dimensions = body.dimensions;
  }
  const extras = readExtras(body);
  if (extras) request.extensions.ollama = extras;
  return { value: request, warnings: [] };
}

/** The legacy endpoint takes one `prompt` (ollama docs/api.md "Generate Embedding", superseded by /api/embed). */
function decodeLegacy(input: { body: unknown }): Decoded<UnifiedEmbeddingRequest> {
  const body = input.body;
  if (!isRecord(body)) throw invalidRequest("request body must be a JSON object");
  const model = requireModel(body);
  if (typeof body.prompt !== "string") throw invalidRequest("prompt: required string");
  const request: UnifiedEmbeddingRequest = { model, inputs: [body.prompt], extensions: {} };
  const extras = readExtras(body);
  if (extras) request.extensions.ollama = extras;
  return { value: request, warnings: [] };
}

/** Durations are nanoseconds; the proxy knows only the whole upstream time. */
function encodeEmbed(response: UnifiedEmbeddingResponse, _request: UnifiedEmbeddingRequest, context: EmbeddingsEncodeContext): Record<string, unknown> {
  const body: OllamaEmbedResponse = {
    model: context.model,
    embeddings: response.vectors,
    total_duration: Math.round((context.durationMs ?? 0) * 1e6),
    load_duration: 0,
    prompt_eval_count: response.usage.inputTokens,
  };
  return { ...body };
}

export const ollamaEmbedClient: EmbeddingsClientCodec = { protocol: "ollama", decodeRequest: decodeEmbed, encodeResponse: encodeEmbed };

export const ollamaLegacyEmbeddingsClient: EmbeddingsClientCodec = {
  protocol: "ollama",
  decodeRequest: decodeLegacy,
  encodeResponse: (response) => ({ embedding: response.vectors[0] ?? [] }),
};

export function ollamaEmbedUrl(baseUrl: string): string {
  return ollamaChatUrl(baseUrl.trim().replace(/\/+$/, "").replace(/\/api\/(embed|embeddings)$/, "")).replace(/\/api\/chat$/, "/api/embed");
}

function encodeRequest(request: UnifiedEmbeddingRequest): Decoded<Record<string, unknown>> {
  const warnings: Warning[] = [];
  const body: OllamaEmbedRequest = { model: request.model, input: textInputs(request, "ollama") };
  if (request.dimensions !== undefined) body.dimensions = request.dimensions;
  const extras = request.extensions.ollama;
  if (extras?.truncate !== undefined) body.truncate = extras.truncate;
  if (extras?.keepAlive !== undefined) body.keep_alive = extras.keepAlive;
  if (extras?.options !== undefined) body.options = extras.options;
  if (request.taskType !== undefined) warnings.push({ feature: "taskType", detail: `Ollama embeddings have no task type; '${request.taskType}' dropped` });
  if (request.extensions.gemini?.title !== undefined) warnings.push({ feature: "title", detail: "Ollama embeddings have no document title; dropped" });
  if (request.extensions.openai?.user !== undefined) warnings.push({ feature: "user", detail: "Ollama has no end-user field; dropped" });
  return { value: { ...body }, warnings };
}

function decodeResponse(body: unknown, request: UnifiedEmbeddingRequest): UnifiedEmbeddingResponse {
  if (!isRecord(body)) throw new ProxyError("upstream", "upstream embeddings answer is not a JSON object");
  if (body.error !== undefined && body.error !== null) throw new ProxyError("upstream", typeof body.error === "string" ? body.error : JSON.stringify(body.error));
  const list = body.embeddings;
  if (!Array.isArray(list)) throw new ProxyError("upstream", "upstream embeddings answer has no `embeddings` array");
  const vectors = list.map((vector, index) => {
    if (Array.isArray(vector) && vector.every((value) => typeof value === "number")) return vector as number[];
    throw new ProxyError("upstream", `upstream embeddings answer: embeddings[${index}] is not a vector`);
  });
  if (vectors.length !== request.inputs.length) throw new ProxyError("upstream", `upstream returned ${vectors.length} embeddings for ${request.inputs.length} inputs`);
  const usage = typeof body.prompt_eval_count === "number" ? { inputTokens: body.prompt_eval_count } : { inputTokens: estimateEmbeddingTokens(request.inputs), estimated: true };
  return { model: typeof body.model === "string" ? body.model : request.model, vectors, usage };
}

export const ollamaEmbeddingsUpstream: EmbeddingsUpstreamCodec = {
  url: (baseUrl) => ollamaEmbedUrl(baseUrl),
  unsupported: (request) => tokenInputsUnsupported(request, "ollama"),
  encodeRequest,
  decodeResponse,
};
