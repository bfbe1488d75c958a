// In charge of Gemini's error body `{error: {code, message, status}}` in both directions.
import { kindForStatus, ProxyError } from "../../unified/errors.ts";
import { isRecord, parseJson } from "../shared/json.ts";
import { sseJson } from "../../wire/sse-encode.ts";
import type { GeminiErrorBody } from "./wire-types.ts";

/**
 * google.rpc.Code names per HTTP status, as the Gemini API answers them.
 * @see https://ai.google.dev/gemini-api/docs/troubleshooting#error-codes
 */
export function statusName(status: number): string {
  switch (status) {
    case 400:
    case 413:
    case 422:
      return "INVALID_ARGUMENT";
    case 401:
      return "UNAUTHENTICATED";
    case 403:
      return "PERMISSION_DENIED";
    case 404:
      return "NOT_FOUND";
    case 408:
    case 504:
      return "DEADLINE_EXCEEDED";
    case 409:
      return "ABORTED";
    case 429:
      return "RESOURCE_EXHAUSTED";
    case 499:
      return "CANCELLED";
    case 501:
      return "UNIMPLEMENTED";
    case 503:
      return "UNAVAILABLE";
    default:
      return status >= 500 ? "INTERNAL" : "INVALID_ARGUMENT";
  }
}

/** 529 is Anthropic's "overloaded"; a Gemini client knows that condition as 503 UNAVAILABLE. */
export function encodeError(error: ProxyError): { status: number; body: GeminiErrorBody } {
  const status = error.status === 529 ? 503 : error.status;
  return { status, body: { error: { code: status, message: error.message, status: statusName(status) } } };
}

/** The in-band stream error frame (SSE, the framing ccproxy asks Gemini upstreams for and SDK clients use). */
export function encodeStreamError(error: ProxyError): string {
  return sseJson(encodeError(error).body);
}

const MAX_TEXT = 2000;

/** Reads any of the four protocols' error shapes (Gemini's possibly wrapped in an array, as its streams send it), or plain text. */
export function decodeError(status: number, bodyText: string): ProxyError {
  const message = errorMessage(bodyText) ?? `upstream answered HTTP ${status}`;
  return new ProxyError(kindForStatus(status), message, { status, upstream: { status } });
}

function errorMessage(bodyText: string): string | undefined {
  const text = bodyText.trim();
  if (!text) return undefined;
  const parsed = parseJson(text);
  if (!parsed.ok) return text.slice(0, MAX_TEXT);
  const value = Array.isArray(parsed.value) ? parsed.value[0] : parsed.value;
  if (!isRecord(value)) return text.slice(0, MAX_TEXT);
  const error = value.error;
  // Ollama: {"error": "…"}
  if (typeof error === "string" && error) return error;
  // Gemini {error: {code, message, status}}, OpenAI {error: {type, message}}, Claude {type: "error", error: {type, message}}
  if (isRecord(error) && typeof error.message === "string" && error.message) return error.message;
  if (typeof value.message === "string" && value.message) return value.message;
  return text.slice(0, MAX_TEXT);
}
