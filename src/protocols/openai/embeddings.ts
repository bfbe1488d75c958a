// In charge of OpenAI /v1/embeddings both ways: client body ↔ unified, unified ↔ upstream body, base64 float32 vectors.
import { ProxyError, invalidRequest } from "../../unified/errors.ts";
import { estimateEmbeddingTokens, type EmbeddingInput, type UnifiedEmbeddingRequest, type UnifiedEmbeddingResponse } from "../../unified/embeddings.ts";
import type { Warning } from "../../unified/warnings.ts";
import type { Decoded } from "../codec.ts";
import type { EmbeddingsClientCodec, EmbeddingsEncodeContext, EmbeddingsUpstreamCodec } from "../embeddings-codec.ts";
import { isRecord } from "../shared/json.ts";

/** @see https://platform.openai.com/docs/api-reference/embeddings/create */
export interface OpenAIEmbeddingRequest {
  model: string;
  input: string[] | number[][];
  encoding_format: "float";
  dimensions?: number;
  user?: string;
}

export interface OpenAIEmbeddingResponse {
  object: "list";
  data: Array<{ object: "embedding"; index: number; embedding: number[] | string }>;
  model: string;
  usage: { prompt_tokens: number; total_tokens: number };
}

/**
 * The SDK's default `encoding_format: "base64"` means the raw bytes of the float32 vector in
 * little-endian order, base64-encoded (openai-node `toFloat32Array`, the Python SDK's
 * `np.frombuffer(..., dtype="float32")`). DataView writes little-endian whatever the host is.
 */
export function float32Base64(vector: readonly number[]): string {
  const view = new DataView(new ArrayBuffer(vector.length * 4));
  vector.forEach((value, index) => view.setFloat32(index * 4, value, true));
  return Buffer.from(view.buffer).toString("base64");
}

export function base64Float32(text: string): number[] {
  const bytes = Buffer.from(text, "base64");
  if (bytes.length % 4 !== 0) throw new ProxyError("upstream", "upstream base64 embedding is not a whole number of float32 values");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const out: number[] = [];
  for (let offset = 0; offset < bytes.length; offset += 4) out.push(view.getFloat32(offset, true));
  return out;
}

const isTokenArray = (value: unknown): value is number[] => Array.isArray(value) && value.length > 0 && value.every((item) => Number.isInteger(item));

/** `input`: a string, an array of strings, one token array, or an array of token arrays (never a mix, as in the API). */
function decodeInput(value: unknown): EmbeddingInput[] {
  if (typeof value === "string") return [value];
  if (!Array.isArray(value)) throw invalidRequest("input: must be a string, an array of strings or an array of token arrays");
  if (value.length === 0) throw invalidRequest("input: must not be an empty array");
  if (value.every((item) => typeof item === "string")) return value;
  if (isTokenArray(value)) return [value];
  const bad = value.findIndex((item) => !isTokenArray(item));
  if (bad !== -1) throw invalidRequest(`input[${bad}]: expected ${typeof value[bad] === "string" ? "a token array like the other items (strings and token arrays cannot be mixed)" : "a string or a non-empty array of integer token ids"}`);
  return value as number[][];
}

function decodePositiveInteger(value: unknown, path: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) throw invalidRequest(`${path}: must be a positive integer`);
  return value;
}

function decodeRequest(input: { body: unknown }): Decoded<UnifiedEmbeddingRequest> {
  const body = input.body;
  if (!isRecord(body)) throw invalidRequest("request body must be a JSON object");
  if (typeof body.model !== "string" || body.model.trim() === "") throw invalidRequest("model: required non-empty string");
  if (body.input === undefined || body.input === null) throw invalidRequest("input: required");
  const format = body.encoding_format;
  if (format !== undefined && format !== null && format !== "float" && format !== "base64") throw invalidRequest('encoding_format: must be "float" or "base64"');
  if (body.user !== undefined && body.user !== null && typeof body.user !== "string") throw invalidRequest("user: must be a string");

  const request: UnifiedEmbeddingRequest = { model: body.model, inputs: decodeInput(body.input), extensions: {} };
  const dimensions = decodePositiveInteger(body.dimensions, "dimensions");
  if (dimensions !== undefined) request.dimensions = dimensions;
  const openai: NonNullable<UnifiedEmbeddingRequest["extensions"]["openai"]> = {};
  if (format === "float" || format === "base64") openai.encodingFormat = format;
  if (typeof body.user === "string") openai.user = body.user;
  if (Object.keys(openai).length > 0) request.extensions.openai = openai;
  return { value: request, warnings: [] };
}

function encodeResponse(response: UnifiedEmbeddingResponse, request: UnifiedEmbeddingRequest, context: EmbeddingsEncodeContext): Record<string, unknown> {
  // Without encoding_format the API answers floats; the SDK always asks for one explicitly.
  const base64 = request.extensions.openai?.encodingFormat === "base64";
  const body: OpenAIEmbeddingResponse = {
    object: "list",
    data: response.vectors.map((vector, index) => ({ object: "embedding", index, embedding: base64 ? float32Base64(vector) : vector })),
    model: context.model,
    usage: { prompt_tokens: response.usage.inputTokens, total_tokens: response.usage.inputTokens },
  };
  return { ...body };
}

export const openaiEmbeddingsClient: EmbeddingsClientCodec = { protocol: "openai", decodeRequest, encodeResponse };

/** `base_url` includes the version, as for chat; a base that already names an endpoint is tolerated. */
export function openaiEmbeddingsUrl(baseUrl: string): string {
  const base = baseUrl.trim().replace(/\/+$/, "").replace(/\/chat\/completions$/, "");
  return base.endsWith("/embeddings") ? base : `${base}/embeddings`;
}

function encodeRequest(request: UnifiedEmbeddingRequest): Decoded<Record<string, unknown>> {
  const warnings: Warning[] = [];
  const texts = request.inputs.filter((input): input is string => typeof input === "string");
  const tokens = request.inputs.filter((input): input is number[] => typeof input !== "string");
  // Floats upstream: OpenAI-compatible servers (vLLM, LM Studio, Ollama /v1) do not all speak base64.
  const body: OpenAIEmbeddingRequest = { model: request.model, input: tokens.length > 0 ? tokens : texts, encoding_format: "float" };
  if (request.dimensions !== undefined) body.dimensions = request.dimensions;
  const user = request.extensions.openai?.user;
  if (user !== undefined) body.user = user;
  if (request.taskType !== undefined) warnings.push({ feature: "taskType", detail: `OpenAI embeddings have no task type; '${request.taskType}' dropped` });
  if (request.extensions.gemini?.title !== undefined) warnings.push({ feature: "title", detail: "OpenAI embeddings have no document title; dropped" });
  if (request.extensions.ollama) warnings.push({ feature: "ollama.options", detail: "Ollama truncate/keep_alive/options have no OpenAI equivalent; dropped" });
  return { value: { ...body }, warnings };
}

function readVector(item: unknown, position: number): { index: number; vector: number[] } {
  if (!isRecord(item)) throw new ProxyError("upstream", `upstream embeddings answer: data[${position}] is not an object`);
  const index = typeof item.index === "number" ? item.index : position;
  if (typeof item.embedding === "string") return { index, vector: base64Float32(item.embedding) };
  if (Array.isArray(item.embedding) && item.embedding.every((value) => typeof value === "number")) return { index, vector: item.embedding };
  throw new ProxyError("upstream", `upstream embeddings answer: data[${position}].embedding is not a vector`);
}

function decodeResponse(body: unknown, request: UnifiedEmbeddingRequest): UnifiedEmbeddingResponse {
  if (!isRecord(body)) throw new ProxyError("upstream", "upstream embeddings answer is not a JSON object");
  if (body.error !== undefined && body.error !== null) {
    const message = isRecord(body.error) && typeof body.error.message === "string" ? body.error.message : JSON.stringify(body.error);
    throw new ProxyError("upstream", message);
  }
  if (!Array.isArray(body.data)) throw new ProxyError("upstream", "upstream embeddings answer has no `data` array");
  const items = body.data.map(readVector).sort((a, b) => a.index - b.index);
  if (items.length !== request.inputs.length) throw new ProxyError("upstream", `upstream returned ${items.length} embeddings for ${request.inputs.length} inputs`);
  const usage = isRecord(body.usage) && typeof body.usage.prompt_tokens === "number" ? { inputTokens: body.usage.prompt_tokens } : { inputTokens: estimateEmbeddingTokens(request.inputs), estimated: true };
  return { model: typeof body.model === "string" ? body.model : request.model, vectors: items.map((item) => item.vector), usage };
}

export const openaiEmbeddingsUpstream: EmbeddingsUpstreamCodec = {
  url: (baseUrl) => openaiEmbeddingsUrl(baseUrl),
  unsupported(request) {
    const tokens = request.inputs.filter((input) => typeof input !== "string").length;
    // Decoders never mix the two, but a mix would have no OpenAI wire form.
    return tokens > 0 && tokens < request.inputs.length ? "OpenAI embeddings take either strings or token arrays, not a mix" : undefined;
  },
  encodeRequest,
  decodeResponse,
};
