// In charge of the Responses API's error bodies (HTTP and in-stream) and of reading any upstream's error body.
import { errorMessageOf } from "../shared/error-message.ts";
import { errorBody } from "../openai/encode-error.ts";
import { kindForStatus, ProxyError, type ErrorKind } from "../../unified/errors.ts";
import { isRecord, parseJson } from "../shared/json.ts";
import type { WireError } from "./wire-types.ts";

// The Responses API answers errors in OpenAI's own body (protocols.md, Errors table).
export { errorTypeForStatus } from "../openai/encode-error.ts";

export function encodeError(error: ProxyError): { status: number; body: WireError } {
  return { status: error.status, body: errorBody(error) };
}

/** `error.code` of a failed Response / error event (ResponseError.code in the SDK). */
export function streamErrorCode(error: ProxyError): string {
  if (error.kind === "rate_limit") return "rate_limit_exceeded";
  if (error.kind === "invalid_request") return "invalid_prompt";
  return "server_error";
}

/**
 * The in-stream `error` event alone. The passthrough path appends it after a broken upstream
 * stream, where the last sequence_number is unknown, so it carries none; the official SDK
 * raises an APIError on `event: error` whatever its fields.
 * @see https://platform.openai.com/docs/api-reference/responses-streaming/error
 */
export function encodeStreamError(error: ProxyError, sequenceNumber?: number): string {
  const event: Record<string, unknown> = { type: "error" };
  if (sequenceNumber !== undefined) event.sequence_number = sequenceNumber;
  Object.assign(event, { code: streamErrorCode(error), message: error.message, param: null });
  return `event: error\ndata: ${JSON.stringify(event)}\n\n`;
}

/** Error kind from an OpenAI-style error object or code (in-band errors carry no HTTP status). */
export function kindForErrorObject(error: Record<string, unknown>): ErrorKind {
  if (typeof error.code === "number" && error.code >= 400) return kindForStatus(error.code);
  const label = `${typeof error.type === "string" ? error.type : ""} ${typeof error.code === "string" ? error.code : ""}`;
  if (/rate_limit|insufficient_quota/.test(label)) return "rate_limit";
  if (/overloaded|unavailable/i.test(label)) return "overloaded";
  if (/authentication|invalid_api_key/.test(label)) return "authentication";
  if (/permission/.test(label)) return "permission";
  if (/context_length|invalid_request|invalid_prompt|invalid_image/.test(label)) return "invalid_request";
  return "upstream";
}


/** An `error` event, a `response.failed` event, or a failed Response body → ProxyError. */
export function inBandError(payload: Record<string, unknown>): ProxyError {
  const response = isRecord(payload.response) ? payload.response : undefined;
  const source = response && isRecord(response.error) ? response.error : isRecord(payload.error) ? payload.error : payload;
  const message = errorMessageOf({ error: source }) ?? "upstream reported an error";
  return new ProxyError(kindForErrorObject(source), message);
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
