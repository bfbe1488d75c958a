// In charge of turning an Ollama /api/chat client body into a UnifiedRequest.
import { invalidRequest } from "../../unified/errors.ts";
import type { Extensions } from "../../unified/extensions.ts";
import type { ResponseFormat, UnifiedRequest } from "../../unified/request.ts";
import type { Warning } from "../../unified/warnings.ts";
import type { Decoded, DecodeRequestInput } from "../codec.ts";
import { isRecord } from "../shared/json.ts";
import { decodeMessages } from "./decode-messages.ts";
import { decodeOptions, decodeThink } from "./map-options.ts";
import { decodeTools } from "./prepare-tools.ts";

/** Body fields Ollama accepts that have no unified or extension slot. */
const DROPPED_FIELDS = ["logprobs", "top_logprobs", "truncate", "shift"] as const;

function decodeFormat(value: unknown, warnings: Warning[]): ResponseFormat | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (value === "json") return { type: "json" };
  if (isRecord(value)) return { type: "json-schema", schema: value };
  if (typeof value === "string") {
    warnings.push({ feature: "format", detail: `unknown format '${value}' ignored (expected "json" or a JSON schema)` });
    return undefined;
  }
  throw invalidRequest('format: must be "json" or a JSON schema object');
}

/** Ollama streams unless the body says `"stream": false` (docs/api.md "Streaming responses"). */
function decodeStream(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value !== "boolean") throw invalidRequest("stream: must be a boolean");
  return value;
}

function decodeKeepAlive(value: unknown): string | number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string" || typeof value === "number") return value;
  throw invalidRequest('keep_alive: must be a duration string (e.g. "5m") or a number of seconds');
}

export function decodeRequest(input: DecodeRequestInput): Decoded<UnifiedRequest> {
  const body = input.body;
  if (!isRecord(body)) throw invalidRequest("request body must be a JSON object");
  if (typeof body.model !== "string" || body.model.trim() === "") throw invalidRequest("model: required non-empty string");
  if (body.messages === undefined || body.messages === null) throw invalidRequest("messages: required array");

  const warnings: Warning[] = [];
  const { system, messages } = decodeMessages(body.messages, warnings);
  const options = decodeOptions(body.options);
  const request: UnifiedRequest = {
    model: body.model,
    system,
    messages,
    tools: decodeTools(body.tools, warnings),
    stream: decodeStream(body.stream),
    extensions: {},
  };
  const { extra, ...sampling } = options;
  Object.assign(request, sampling);
  const responseFormat = decodeFormat(body.format, warnings);
  if (responseFormat) request.responseFormat = responseFormat;
  const thinking = decodeThink(body.think, warnings);
  if (thinking) request.thinking = thinking;

  const ollama: NonNullable<Extensions["ollama"]> = {};
  const keepAlive = decodeKeepAlive(body.keep_alive);
  if (keepAlive !== undefined) ollama.keepAlive = keepAlive;
  if (extra) ollama.options = extra;
  if (Object.keys(ollama).length > 0) request.extensions.ollama = ollama;

  for (const field of DROPPED_FIELDS) {
    if (body[field] !== undefined && body[field] !== null) warnings.push({ feature: field, detail: `${field} is not supported by the proxy; dropped` });
  }
  return { value: request, warnings };
}
