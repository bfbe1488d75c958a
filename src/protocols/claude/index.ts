// In charge of assembling the Claude Messages codec from its parts.
import { claudePolicy } from "./policy.ts";
import { prepareClaudePassthrough } from "./prepare-passthrough.ts";
import type { ProtocolCodec } from "../codec.ts";
import { decodeRequest } from "./decode-request.ts";
import { decodeResponse } from "./decode-response.ts";
import { createStreamDecoder } from "./decode-stream.ts";
import { decodeError, encodeError, encodeStreamError } from "./encode-error.ts";
import { encodeRequest } from "./encode-request.ts";
import { encodeResponse } from "./encode-response.ts";
import { createStreamEncoder } from "./encode-stream.ts";
import { usageOf } from "./usage.ts";

/** Per protocols.md: Claude's base_url is the host root; tolerate a trailing `/` and a `/v1` already there. */
export function chatUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, "").replace(/\/v1$/, "")}/v1/messages`;
}

/** `anthropic-version` is required on every Messages call, so it is sent even without a key. */
export function authHeaders(apiKey: string | undefined): Record<string, string> {
  const headers: Record<string, string> = { "anthropic-version": "2023-06-01" };
  if (apiKey) headers["x-api-key"] = apiKey;
  return headers;
}

export const claudeCodec: ProtocolCodec = {
  policy: claudePolicy,
  preparePassthrough: prepareClaudePassthrough,
  name: "claude",
  decodeRequest,
  encodeRequest,
  decodeResponse,
  encodeResponse,
  createStreamDecoder,
  createStreamEncoder,
  encodeStreamError,
  encodeError,
  decodeError,
  usageOf,
  upstream: {
    chatUrl: (baseUrl) => chatUrl(baseUrl),
    authHeaders,
    streamFraming: "sse",
    maxTemperature: 1,
  },
  streamContentType: () => "text/event-stream",
};

export { RequestSchema, ResponseSchema, ErrorSchema } from "./schema.ts";
