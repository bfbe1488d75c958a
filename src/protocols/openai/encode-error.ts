// In charge of OpenAI's error body (HTTP and in-stream) and of reading any upstream's error body.
import { errorMessageOf } from "../shared/error-message.ts";
import { kindForStatus, ProxyError, type ErrorKind } from "../../unified/errors.ts";
import { isRecord, parseJson } from "../shared/json.ts";
import type { WireError } from "./wire-types.ts";

/** `error.type` per HTTP status (shared/spec/protocols.md, Errors table). */
export function errorTypeForStatus(status: number): string {
  if (status === 401) return "authentication_error";
  if (status === 403) return "permission_error";
  if (status === 404) return "not_found_error";
  if (status === 429) return "rate_limit_error";
  if (status >= 500) return "api_error";
  return "invalid_request_error";
}

/** The machine-readable `code` OpenAI itself uses for the kinds clients branch on; null otherwise. */
function codeForKind(kind: ErrorKind): string | null {
  if (kind === "authentication") return "invalid_api_key";
  if (kind === "rate_limit") return "rate_limit_exceeded";
  return null;
}

export function errorBody(error: ProxyError): WireError {
  return { error: { message: error.message, type: errorTypeForStatus(error.status), param: null, code: codeForKind(error.kind) } };
}

export function encodeError(error: ProxyError): { status: number; body: WireError } {
  return { status: error.status, body: errorBody(error) };
}

/**
 * The in-stream error frame. OpenAI sends `data: {"error": {...}}` and no `[DONE]`;
 * the official SDK turns it into an APIError. `code` stays null as in OpenAI's own frames.
 */
export function encodeStreamError(error: ProxyError): string {
  const body: WireError = { error: { message: error.message, type: errorTypeForStatus(error.status), param: null, code: null } };
  return `data: ${JSON.stringify(body)}\n\n`;
}

/** Error kind from an OpenAI-style `error.type`/`error.code` (in-band errors carry no HTTP status). */
function kindForErrorObject(error: Record<string, unknown>): ErrorKind {
  // OpenRouter puts the HTTP status into `code`.
  if (typeof error.code === "number" && error.code >= 400) return kindForStatus(error.code);
  const label = `${typeof error.type === "string" ? error.type : ""} ${typeof error.code === "string" ? error.code : ""}`;
  if (/rate_limit|insufficient_quota|RESOURCE_EXHAUSTED/.test(label)) return "rate_limit";
  if (/overloaded|UNAVAILABLE/.test(label)) return "overloaded";
  if (/authentication|invalid_api_key|UNAUTHENTICATED/.test(label)) return "authentication";
  if (/permission|PERMISSION_DENIED/.test(label)) return "permission";
  if (/context_length|invalid_request|INVALID_ARGUMENT/.test(label)) return "invalid_request";
  return "upstream";
}


/** An in-band `{"error": {...}}` payload (stream frame or 200 body) → ProxyError. */
export function inBandError(payload: Record<string, unknown>): ProxyError {
  const inner = payload.error;
  const message = errorMessageOf(payload) ?? "upstream reported an error";
  const kind = isRecord(inner) ? kindForErrorObject(inner) : "upstream";
  return new ProxyError(kind, message);
}

const MAX_TEXT = 2000;

export function decodeError(status: number, bodyText: string): ProxyError {
  const parsed = parseJson(bodyText);
  let message = parsed.ok ? errorMessageOf(parsed.value) : undefined;
  if (message === undefined) {
    const text = bodyText.trim();
    message = text ? text.slice(0, MAX_TEXT) : `upstream answered HTTP ${status}`;
  }
  return new ProxyError(kindForStatus(status), message, { status, upstream: { status } });
}
