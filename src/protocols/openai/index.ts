// In charge of assembling the OpenAI Chat Completions codec.
import { openaiPolicy } from "./policy.ts";
import type { ProtocolCodec, UpstreamConvention } from "../codec.ts";
import { decodeRequest } from "./decode-request.ts";
import { decodeResponse } from "./decode-response.ts";
import { createStreamDecoder } from "./decode-stream.ts";
import { decodeError, encodeError, encodeStreamError } from "./encode-error.ts";
import { encodeRequest } from "./encode-request.ts";
import { encodeResponse } from "./encode-response.ts";
import { createStreamEncoder } from "./encode-stream.ts";
import { usageOf } from "./usage.ts";

/**
 * `base_url` includes the API version (https://api.openai.com/v1,
 * https://openrouter.ai/api/v1, http://127.0.0.1:11434/v1); ccproxy appends
 * `/chat/completions`. A trailing `/` is tolerated, and so is a base URL that
 * already names the endpoint. No version is added: DeepSeek serves the endpoint
 * without one (https://api.deepseek.com/chat/completions).
 */
export function openaiChatUrl(baseUrl: string): string {
  const base = baseUrl.trim().replace(/\/+$/, "");
  return base.endsWith("/chat/completions") ? base : `${base}/chat/completions`;
}

const upstream: UpstreamConvention = {
  chatUrl: (baseUrl) => openaiChatUrl(baseUrl),
  // Local servers (vLLM, LM Studio, Ollama) often run without a key.
  authHeaders: (apiKey): Record<string, string> => (apiKey ? { Authorization: `Bearer ${apiKey}` } : {}),
  streamFraming: "sse",
  maxTemperature: 2,
};

export const openaiCodec: ProtocolCodec = {
  policy: openaiPolicy,
  name: "openai",
  decodeRequest,
  encodeRequest,
  decodeResponse,
  encodeResponse: (response, context) => ({ ...encodeResponse(response, context) }),
  createStreamDecoder,
  createStreamEncoder,
  encodeStreamError,
  encodeError,
  decodeError,
  usageOf,
  upstream,
  streamContentType: () => "text/event-stream",
};
