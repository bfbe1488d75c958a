// In charge of the fake upstreams' embeddings endpoints: deterministic vectors, the same for the same text on every protocol.
import { isRecord } from "../../src/protocols/shared/json.ts";
import type { RecordedRequest } from "./scenario.ts";
/** Vector length when the request names none. */
export const FAKE_DIMENSIONS = 8;

/**
 * Values are multiples of 1/1024 in [-0.5, 0.5): exact in float32, so a vector survives the
 * base64 float32 round trip unchanged and tests can compare with toEqual.
 */
export function fakeVector(text: string, dimensions = FAKE_DIMENSIONS): number[] {
  // FNV-1a seeds a small linear congruential generator.
  let state = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) state = Math.imul(state ^ text.charCodeAt(i), 0x01000193) >>> 0;
  const out: number[] = [];
  for (let i = 0; i < dimensions; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    out.push((((state >>> 16) & 1023) - 512) / 1024);
  }
  return out;
}

/** One token per started 4 characters: what the fakes report as usage. */
export function fakeTokenCount(texts: readonly string[]): number {
  return texts.reduce((sum, text) => sum + Math.max(1, Math.ceil(text.length / 4)), 0);
}

/** A positive integer field of a body, else undefined. */
export function dimensionsOf(value: unknown): number | undefined {
  return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : undefined;
}

type ErrorBody = (status: number, message: string) => unknown;

function bodyOf(request: RecordedRequest): Record<string, unknown> {
  return isRecord(request.body) ? request.body : {};
}

/** An upstream model named `fail-<status>` answers that HTTP error: failover and error shapes without a scenario. */
function failure(model: unknown, errorBody: ErrorBody): Response | null {
  const match = typeof model === "string" ? /(?:^|\/)fail-(\d{3})$/.exec(model) : null;
  if (!match) return null;
  const status = Number(match[1]);
  return Response.json(errorBody(status, `fake upstream failed with ${status}`), { status });
}

function float32Base64(vector: number[]): string {
  const view = new DataView(new ArrayBuffer(vector.length * 4));
  vector.forEach((value, index) => view.setFloat32(index * 4, value, true));
  return Buffer.from(view.buffer).toString("base64");
}

/** POST {base}/embeddings (https://platform.openai.com/docs/api-reference/embeddings/create). */
export function openaiEmbeddings(request: RecordedRequest, errorBody: ErrorBody): Response | null {
  if (!request.path.endsWith("/embeddings")) return null;
  const body = bodyOf(request);
  const failed = failure(body.model, errorBody);
  if (failed) return failed;
  const raw = body.input;
  const inputs: Array<string | number[]> = typeof raw === "string" ? [raw] : Array.isArray(raw) && raw.every((item) => typeof item === "number") ? [raw as number[]] : Array.isArray(raw) ? (raw as Array<string | number[]>) : [];
  const texts = inputs.map((input) => (typeof input === "string" ? input : `tokens:${input.join(",")}`));
  const dimensions = dimensionsOf(body.dimensions);
  const base64 = body.encoding_format === "base64";
  const data = texts.map((text, index) => {
    const vector = fakeVector(text, dimensions);
    return { object: "embedding", index, embedding: base64 ? float32Base64(vector) : vector };
  });
  const tokens = inputs.reduce((sum, input) => sum + (typeof input === "string" ? fakeTokenCount([input]) : input.length), 0);
  return Response.json({ object: "list", data, model: typeof body.model === "string" ? body.model : "fake", usage: { prompt_tokens: tokens, total_tokens: tokens } });
}

/** POST /v1beta/models/{model}:batchEmbedContents and :embedContent (https://ai.google.dev/api/embeddings). */
export function geminiEmbeddings(request: RecordedRequest, errorBody: ErrorBody): Response | null {
  const batch = request.path.endsWith(":batchEmbedContents");
  if (!batch && !request.path.endsWith(":embedContent")) return null;
  const model = decodeURIComponent(/\/models\/([^/:]+):/.exec(request.path)?.[1] ?? "");
  const failed = failure(model, errorBody);
  if (failed) return failed;
  const body = bodyOf(request);
  const one = (item: unknown) => {
    const record = isRecord(item) ? item : {};
    const parts = isRecord(record.content) && Array.isArray(record.content.parts) ? record.content.parts : [];
    const text = parts.map((part) => (isRecord(part) && typeof part.text === "string" ? part.text : "")).join("\n");
    return { values: fakeVector(text, dimensionsOf(record.outputDimensionality)) };
  };
  if (!batch) return Response.json({ embedding: one(body) });
  return Response.json({ embeddings: (Array.isArray(body.requests) ? body.requests : []).map(one) });
}

/** POST /api/embed and the legacy /api/embeddings (ollama docs/api.md "Generate Embeddings"). */
export function ollamaEmbeddings(request: RecordedRequest, errorBody: ErrorBody): Response | null {
  const legacy = request.path === "/api/embeddings";
  if (!legacy && request.path !== "/api/embed") return null;
  const body = bodyOf(request);
  const failed = failure(body.model, errorBody);
  if (failed) return failed;
  if (legacy) return Response.json({ embedding: fakeVector(typeof body.prompt === "string" ? body.prompt : "") });
  const texts = typeof body.input === "string" ? [body.input] : Array.isArray(body.input) ? body.input.map(String) : [];
  const dimensions = dimensionsOf(body.dimensions);
  return Response.json({
    model: body.model,
    embeddings: texts.map((text) => fakeVector(text, dimensions)),
    total_duration: 14143917,
    load_duration: 1019500,
    prompt_eval_count: fakeTokenCount(texts),
  });
}
