// In charge of Ollama's error body ({"error": "…"}) both ways: to clients and from upstreams.
import { kindForStatus, ProxyError } from "../../unified/errors.ts";
import { ndjsonLine } from "../../wire/ndjson.ts";
import { isRecord, parseJson } from "../shared/json.ts";
import type { OllamaErrorBody } from "./wire-types.ts";

/** @see https://github.com/ollama/ollama/blob/main/docs/api/errors.mdx */
export function encodeError(error: ProxyError): { status: number; body: OllamaErrorBody } {
  return { status: error.status, body: { error: error.message } };
}

/** The in-stream error line; Ollama writes it in place of further chunks and sends no done line. */
export function encodeStreamError(error: ProxyError | string): string {
  const body: OllamaErrorBody = { error: typeof error === "string" ? error : error.message };
  return ndjsonLine(body);
}

/**
 * Reads the message from whatever an upstream (or the proxy in front of it)
 * answered: Ollama `{error: "…"}`, OpenAI `{error: {message}}`, Claude
 * `{type: "error", error: {message}}`, Gemini `{error: {code, message, status}}`,
 * or plain text.
 */
function messageOf(bodyText: string): string | undefined {
  const text = bodyText.trim();
  if (text === "") return undefined;
  const parsed = parseJson(text);
  if (!parsed.ok || !isRecord(parsed.value)) return text;
  const error = parsed.value.error;
  if (typeof error === "string" && error !== "") return error;
  if (isRecord(error) && typeof error.message === "string" && error.message !== "") return error.message;
  if (typeof parsed.value.message === "string" && parsed.value.message !== "") return parsed.value.message;
  return text;
}

export function decodeError(status: number, bodyText: string): ProxyError {
  const message = messageOf(bodyText) ?? `upstream answered HTTP ${status}`;
  return new ProxyError(kindForStatus(status), message, { status, upstream: { status } });
}
