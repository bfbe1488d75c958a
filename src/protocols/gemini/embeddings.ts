// In charge of Gemini :embedContent / :batchEmbedContents both ways: client bodies ↔ unified, unified ↔ upstream batch body.
import { ProxyError, invalidRequest } from "../../unified/errors.ts";
import { estimateEmbeddingTokens, type UnifiedEmbeddingRequest, type UnifiedEmbeddingResponse } from "../../unified/embeddings.ts";
import type { Warning } from "../../unified/warnings.ts";
import type { Decoded } from "../codec.ts";
import { textInputs, tokenInputsUnsupported, type EmbeddingsClientCodec, type EmbeddingsUpstreamCodec } from "../embeddings-codec.ts";
import { isRecord } from "../shared/json.ts";
import { modelFromPath } from "./decode-request.ts";

/** @see https://ai.google.dev/api/embeddings#EmbedContentRequest */
export interface GeminiEmbedContentRequest {
  model?: string;
  content: { parts: Array<{ text: string }> };
  taskType?: string;
  title?: string;
  outputDimensionality?: number;
}

export interface GeminiBatchEmbedRequest {
  requests: GeminiEmbedContentRequest[];
}

/** What one EmbedContentRequest says, before several are merged into one unified request. */
interface OneRequest {
  text: string;
  model?: string;
  taskType?: string;
  title?: string;
  dimensions?: number;
}

function optionalString(value: unknown, path: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw invalidRequest(`${path}: must be a string`);
  return value;
}

/**
 * The text parts of one Content, joined with newlines (the API embeds a Content as one text).
 * Non-text parts (inline images, files) are Gemini Embedding 2 features the proxy does not carry.
 */
function contentText(value: unknown, path: string, warnings: Warning[]): string {
  if (!isRecord(value)) throw invalidRequest(`${path}: required object with parts`);
  if (!Array.isArray(value.parts) || value.parts.length === 0) throw invalidRequest(`${path}.parts: required non-empty array`);
  const texts: string[] = [];
  value.parts.forEach((part, index) => {
    if (!isRecord(part)) throw invalidRequest(`${path}.parts[${index}]: must be an object`);
    if (typeof part.text === "string") texts.push(part.text);
    else warnings.push({ feature: "embedding.part", detail: `${path}.parts[${index}]: only text parts can be embedded through the proxy; dropped` });
  });
  if (texts.length === 0) throw invalidRequest(`${path}.parts: no text part to embed`);
  return texts.join("\n");
}

function readOne(value: unknown, path: string, warnings: Warning[]): OneRequest {
  if (!isRecord(value)) throw invalidRequest(`${path}: must be an object`);
  const one: OneRequest = { text: contentText(value.content, `${path}content`, warnings) };
  const model = optionalString(value.model, `${path}model`);
  if (model) one.model = modelFromPath(model);
  const taskType = optionalString(value.taskType, `${path}taskType`);
  if (taskType) one.taskType = taskType;
  const title = optionalString(value.title, `${path}title`);
  if (title !== undefined) one.title = title;
  const dimensions = value.outputDimensionality;
  if (dimensions !== undefined && dimensions !== null) {
    if (typeof dimensions !== "number" || !Number.isInteger(dimensions) || dimensions < 1) throw invalidRequest(`${path}outputDimensionality: must be a positive integer`);
    one.dimensions = dimensions;
  }
  return one;
}

function modelOf(pathModel: string | undefined, first: OneRequest): string {
  const model = modelFromPath(pathModel ?? first.model ?? "");
  if (!model) throw invalidRequest("model: missing from the path (/v1beta/models/{model}:embedContent)");
  return model;
}

/**
 * One unified request holds one task type, title and dimension count. A batch whose requests
 * differ in dimensions cannot be answered faithfully (400); differing task types or titles
 * keep the first one's, with a warning.
 */
function merge(model: string, ones: OneRequest[], warnings: Warning[]): UnifiedEmbeddingRequest {
  const first = ones[0]!;
  if (ones.some((one) => one.dimensions !== first.dimensions)) {
    throw invalidRequest("requests: every request must ask for the same outputDimensionality through the proxy; send them as separate batches");
  }
  if (ones.some((one) => one.taskType !== first.taskType || one.title !== first.title)) {
    warnings.push({ feature: "taskType", detail: "requests differ in taskType or title; the first request's are used for the whole batch" });
  }
  if (ones.some((one) => one.model !== undefined && one.model !== model)) {
    warnings.push({ feature: "requests.model", detail: `requests name other models than the path's '${model}'; the path's model is used` });
  }
  const request: UnifiedEmbeddingRequest = { model, inputs: ones.map((one) => one.text), extensions: {} };
  if (first.dimensions !== undefined) request.dimensions = first.dimensions;
  if (first.taskType !== undefined) request.taskType = first.taskType;
  if (first.title !== undefined) request.extensions.gemini = { title: first.title };
  return request;
}

function decodeEmbedContent(input: { body: unknown; pathModel?: string }): Decoded<UnifiedEmbeddingRequest> {
  if (!isRecord(input.body)) throw invalidRequest("request body: expected a JSON object");
  const warnings: Warning[] = [];
  const one = readOne(input.body, "", warnings);
  return { value: merge(modelOf(input.pathModel, one), [one], warnings), warnings };
}

function decodeBatch(input: { body: unknown; pathModel?: string }): Decoded<UnifiedEmbeddingRequest> {
  const body = input.body;
  if (!isRecord(body)) throw invalidRequest("request body: expected a JSON object");
  if (!Array.isArray(body.requests) || body.requests.length === 0) throw invalidRequest("requests: required non-empty array");
  const warnings: Warning[] = [];
  const ones = body.requests.map((item, index) => readOne(item, `requests[${index}].`, warnings));
  return { value: merge(modelOf(input.pathModel, ones[0]!), ones, warnings), warnings };
}

/** :embedContent answers `{embedding: {values}}`. */
export const geminiEmbedContentClient: EmbeddingsClientCodec = {
  protocol: "gemini",
  decodeRequest: decodeEmbedContent,
  encodeResponse: (response) => ({ embedding: { values: response.vectors[0] ?? [] } }),
};

/** :batchEmbedContents answers `{embeddings: [{values}]}` in request order. */
export const geminiBatchEmbedClient: EmbeddingsClientCodec = {
  protocol: "gemini",
  decodeRequest: decodeBatch,
  encodeResponse: (response) => ({ embeddings: response.vectors.map((values) => ({ values })) }),
};

/** Always the batch method upstream: one call for any number of inputs (the @google/genai SDK does the same). */
export function geminiEmbeddingsUrl(baseUrl: string, model: string): string {
  const base = baseUrl.trim().replace(/\/+$/, "").replace(/\/(v1beta|v1)$/, "");
  return `${base}/v1beta/models/${modelFromPath(model)}:batchEmbedContents`;
}

function encodeRequest(request: UnifiedEmbeddingRequest): Decoded<Record<string, unknown>> {
  const warnings: Warning[] = [];
  const model = `models/${modelFromPath(request.model)}`;
  const title = request.extensions.gemini?.title;
  const requests = textInputs(request, "gemini").map((text) => {
    const one: GeminiEmbedContentRequest = { model, content: { parts: [{ text }] } };
    if (request.taskType !== undefined) one.taskType = request.taskType;
    if (title !== undefined) one.title = title;
    if (request.dimensions !== undefined) one.outputDimensionality = request.dimensions;
    return one;
  });
  if (request.extensions.openai?.user !== undefined) warnings.push({ feature: "user", detail: "Gemini embeddings have no end-user field; dropped" });
  if (request.extensions.ollama) warnings.push({ feature: "ollama.options", detail: "Ollama truncate/keep_alive/options have no Gemini equivalent; dropped" });
  const body: GeminiBatchEmbedRequest = { requests };
  return { value: { ...body }, warnings };
}

function readValues(item: unknown, index: number): number[] {
  const values = isRecord(item) ? item.values : undefined;
  if (Array.isArray(values) && values.every((value) => typeof value === "number")) return values;
  throw new ProxyError("upstream", `upstream embeddings answer: embeddings[${index}].values is not a vector`);
}

/** The Gemini API reports no token usage for embeddings; newer answers may carry usageMetadata. */
function decodeResponse(body: unknown, request: UnifiedEmbeddingRequest): UnifiedEmbeddingResponse {
  if (!isRecord(body)) throw new ProxyError("upstream", "upstream embeddings answer is not a JSON object");
  if (isRecord(body.error)) throw new ProxyError("upstream", typeof body.error.message === "string" ? body.error.message : JSON.stringify(body.error));
  const list = Array.isArray(body.embeddings) ? body.embeddings : isRecord(body.embedding) ? [body.embedding] : null;
  if (!list) throw new ProxyError("upstream", "upstream embeddings answer has no `embeddings` array");
  if (list.length !== request.inputs.length) throw new ProxyError("upstream", `upstream returned ${list.length} embeddings for ${request.inputs.length} inputs`);
  const metadata = isRecord(body.usageMetadata) ? body.usageMetadata : undefined;
  const usage = typeof metadata?.promptTokenCount === "number" ? { inputTokens: metadata.promptTokenCount } : { inputTokens: estimateEmbeddingTokens(request.inputs), estimated: true };
  return { model: request.model, vectors: list.map(readValues), usage };
}

export const geminiEmbeddingsUpstream: EmbeddingsUpstreamCodec = {
  url: geminiEmbeddingsUrl,
  unsupported: (request) => tokenInputsUnsupported(request, "gemini"),
  encodeRequest,
  decodeResponse,
};
