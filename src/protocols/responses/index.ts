// In charge of assembling the OpenAI Responses codec (POST /v1/responses), for clients and for upstreams.
import type { ProtocolCodec, UpstreamConvention } from "../codec.ts";
import { decodeRequest } from "./decode-request.ts";
import { decodeResponse } from "./decode-response.ts";
import { createStreamDecoder } from "./decode-stream.ts";
import { decodeError, encodeError, encodeStreamError } from "./encode-error.ts";
import { encodeRequest } from "./encode-request.ts";
import { encodeResponse } from "./encode-response.ts";
import { createStreamEncoder } from "./encode-stream.ts";
import { responsesPolicy } from "./policy.ts";
import type { ToolNameMap } from "./tool-names.ts";
import { usageOf } from "./usage.ts";

/**
 * `base_url` includes the API version like OpenAI's (https://api.openai.com/v1); ccproxy
 * appends `/responses`. A trailing `/` is tolerated, and so is a base URL that already
 * names the endpoint.
 */
export function responsesUrl(baseUrl: string): string {
  const base = baseUrl.trim().replace(/\/+$/, "");
  return base.endsWith("/responses") ? base : `${base}/responses`;
}

const upstream: UpstreamConvention = {
  chatUrl: (baseUrl) => responsesUrl(baseUrl),
  authHeaders: (apiKey): Record<string, string> => (apiKey ? { Authorization: `Bearer ${apiKey}` } : {}),
  streamFraming: "sse",
  maxTemperature: 2,
};

export interface ResponsesCodecOptions {
  /**
   * The request's flattened tool names (namespace functions, custom tools) → the client's
   * names, so answers call tools the way the client declared them. Per request: the route
   * builds a codec with it when the request has such tools.
   */
  toolNames?: ToolNameMap;
}

export function createResponsesCodec(options: ResponsesCodecOptions = {}): ProtocolCodec {
  const names: ToolNameMap = options.toolNames ?? new Map();
  return {
    name: "openai-responses",
    decodeRequest,
    encodeRequest,
    decodeResponse,
    encodeResponse: (response, context) => ({ ...encodeResponse(response, context, names) }),
    createStreamDecoder,
    createStreamEncoder: (context) => createStreamEncoder(context, names),
    encodeStreamError: (error) => encodeStreamError(error),
    encodeError,
    decodeError,
    usageOf,
    upstream,
    policy: responsesPolicy,
    streamContentType: () => "text/event-stream",
  };
}

export const responsesCodec: ProtocolCodec = createResponsesCodec();
