// In charge of assembling the Ollama /api/chat codec.
import { ollamaPolicy } from "./policy.ts";
import type { ProtocolCodec, UpstreamConvention } from "../codec.ts";
import { decodeRequest } from "./decode-request.ts";
import { decodeResponse } from "./decode-response.ts";
import { createStreamDecoder } from "./decode-stream.ts";
import { decodeError, encodeError, encodeStreamError } from "./encode-error.ts";
import { encodeRequest } from "./encode-request.ts";
import { encodeResponse } from "./encode-response.ts";
import { createStreamEncoder } from "./encode-stream.ts";
import { usageOf } from "./map-usage.ts";

/**
 * `base_url` is the host root (http://127.0.0.1:11434, https://ollama.com).
 * A trailing `/`, `/api` or `/api/chat` is tolerated, and so is `/v1` (users
 * paste Ollama's OpenAI-compatible URL), since the native API lives at /api.
 */
export function ollamaChatUrl(baseUrl: string): string {
  let base = baseUrl.trim().replace(/\/+$/, "");
  base = base.replace(/\/api\/chat$/, "").replace(/\/(api|v1)$/, "");
  return `${base}/api/chat`;
}

const upstream: UpstreamConvention = {
  chatUrl: (baseUrl) => ollamaChatUrl(baseUrl),
  // A local Ollama needs no key; ollama.com and reverse proxies take a Bearer token.
  authHeaders: (apiKey): Record<string, string> => (apiKey ? { Authorization: `Bearer ${apiKey}` } : {}),
  streamFraming: "ndjson",
};

export const ollamaCodec: ProtocolCodec = {
  policy: ollamaPolicy,
  name: "ollama",
  decodeRequest,
  encodeRequest,
  decodeResponse,
  encodeResponse,
  createStreamDecoder,
  createStreamEncoder,
  encodeStreamError: (error) => encodeStreamError(error),
  encodeError,
  decodeError,
  usageOf,
  upstream,
  streamContentType: () => "application/x-ndjson",
};
