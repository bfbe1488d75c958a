// In charge of assembling the Gemini generateContent codec.
import { geminiPolicy } from "./policy.ts";
import type { ProtocolCodec, UpstreamConvention } from "../codec.ts";
import type { Usage } from "../../unified/usage.ts";
import { isRecord } from "../shared/json.ts";
import { decodeRequest, modelFromPath } from "./decode-request.ts";
import { decodeResponse } from "./decode-response.ts";
import { createStreamDecoder } from "./decode-stream.ts";
import { decodeError, encodeError, encodeStreamError } from "./encode-error.ts";
import { encodeRequest } from "./encode-request.ts";
import { encodeResponse } from "./encode-response.ts";
import { createStreamEncoder } from "./encode-stream.ts";
import { field } from "./fields.ts";
import { usageFromMetadata } from "./usage.ts";

/**
 * base_url is the host root (a trailing `/v1beta` or `/v1` is tolerated);
 * streams are always asked for as SSE, which the stream decoder reads.
 * @see https://ai.google.dev/api/generate-content
 */
const upstream: UpstreamConvention = {
  chatUrl(baseUrl: string, model: string, stream: boolean): string {
    const base = baseUrl.replace(/\/+$/, "").replace(/\/(v1beta|v1)$/, "");
    const action = stream ? "streamGenerateContent?alt=sse" : "generateContent";
    return `${base}/v1beta/models/${modelFromPath(model)}:${action}`;
  },
  authHeaders(apiKey: string | undefined): Record<string, string> {
    return apiKey ? { "x-goog-api-key": apiKey } : {};
  },
  streamFraming: "sse",
  maxTemperature: 2,
};

/** Usage from a response body, an SSE chunk, or a whole streamed JSON array (the last element with usage wins). */
function usageOf(payload: unknown): Partial<Usage> | null {
  if (Array.isArray(payload)) {
    for (let i = payload.length - 1; i >= 0; i--) {
      const usage = usageOf(payload[i]);
      if (usage) return usage;
    }
    return null;
  }
  return isRecord(payload) ? usageFromMetadata(field(payload, "usageMetadata")) : null;
}

export const geminiCodec: ProtocolCodec = {
  policy: geminiPolicy,
  name: "gemini",
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
  upstream,
  streamContentType(context: { sse?: boolean }): string {
    return context.sse === false ? "application/json" : "text/event-stream";
  },
};
