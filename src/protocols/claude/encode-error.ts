// In charge of Claude's error body ({type:"error", error:{type, message}}) both ways, with the status table of protocols.md.
import { isRecord, parseJson } from "../shared/json.ts";
import { type ErrorKind, ProxyError, defaultStatus, kindForStatus } from "../../unified/errors.ts";
import { sseJson } from "../../wire/sse-encode.ts";
import type { ClaudeErrorBody, ClaudeErrorType } from "./wire.ts";

/** @see https://docs.anthropic.com/en/api/errors */
export function claudeErrorType(error: ProxyError): ClaudeErrorType {
  switch (error.kind) {
    case "invalid_request":
      return "invalid_request_error";
    case "authentication":
      return "authentication_error";
    case "permission":
      return "permission_error";
    case "not_found":
      return "not_found_error";
    case "request_too_large":
      return "request_too_large";
    case "rate_limit":
      return "rate_limit_error";
    case "timeout":
      return "timeout_error";
    case "overloaded":
      return "overloaded_error";
    case "upstream":
    case "internal":
      return "api_error";
    default: {
      const unreachable: never = error.kind;
      return unreachable;
    }
  }
}

/** Claude `error.type` → kind (in-stream `event: error` carries no HTTP status). */
export function kindFromClaudeErrorType(type: unknown): ErrorKind {
  switch (type) {
    case "invalid_request_error":
      return "invalid_request";
    case "authentication_error":
      return "authentication";
    case "permission_error":
    case "billing_error":
      return "permission";
    case "not_found_error":
      return "not_found";
    case "request_too_large":
      return "request_too_large";
    case "rate_limit_error":
      return "rate_limit";
    case "timeout_error":
      return "timeout";
    case "overloaded_error":
      return "overloaded";
    default:
      return "upstream";
  }
}

export function errorBody(error: ProxyError): ClaudeErrorBody {
  return { type: "error", error: { type: claudeErrorType(error), message: error.message } };
}

/** Claude's in-stream error frame, alone: the passthrough path appends it after an upstream stream broke. */
export function encodeStreamError(error: ProxyError): string {
  return sseJson(errorBody(error), "error");
}

export function encodeError(error: ProxyError): { status: number; body: unknown } {
  return { status: error.status, body: errorBody(error) };
}

/** Reads the message out of any of the four protocols' error bodies (Claude, OpenAI, Gemini, Ollama). */
function errorMessage(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  const error = body.error;
  if (typeof error === "string") return error;
  if (isRecord(error) && typeof error.message === "string") return error.message;
  if (typeof body.message === "string") return body.message;
  return undefined;
}

const MAX_MESSAGE = 2000;

export function decodeError(status: number, bodyText: string): ProxyError {
  const parsed = parseJson(bodyText);
  const text = bodyText.trim();
  const message = (parsed.ok ? errorMessage(parsed.value) : undefined) ?? (text !== "" ? text.slice(0, MAX_MESSAGE) : `upstream answered HTTP ${status}`);
  return new ProxyError(kindForStatus(status), message, { status, upstream: { status } });
}

/** An in-band `event: error` frame → the ProxyError a stream `error` event carries. */
export function streamError(payload: Record<string, unknown>): ProxyError {
  const error = isRecord(payload.error) ? payload.error : {};
  const kind = kindFromClaudeErrorType(error.type);
  const message = typeof error.message === "string" ? error.message : "upstream reported an error mid-stream";
  const status = defaultStatus(kind);
  return new ProxyError(kind, message, { status, upstream: { status } });
}
