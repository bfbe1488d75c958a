// In charge of token counting: the upstream's own counter where it has one, else a local estimate (never 404).
import type { GroupConfig } from "../config/schema.ts";
import { codecs } from "../protocols/registry.ts";
import { pickKey, resolveTargets } from "../routing/resolve.ts";
import type { UnifiedRequest } from "../unified/request.ts";
import type { ProtocolName } from "../unified/protocol.ts";
import { callUpstream } from "../upstream/client.ts";
import { forwardedClientHeaders } from "../upstream/headers.ts";
import { upstreamHeaders } from "./attempts.ts";
import { liveContext } from "./context.ts";
import { errorResponse, toProxyError } from "./errors.ts";
import { readAllText } from "./read-with-idle.ts";
import type { PipelineDeps } from "./types.ts";
import { parseJson, isRecord } from "../protocols/shared/json.ts";
import { requestState } from "../server/request-state.ts";

/** ~4 characters per token over everything the model reads: system, messages, tools. */
export function estimateTokens(request: UnifiedRequest): number {
  let chars = 0;
  for (const part of request.system) chars += part.text.length;
  for (const message of request.messages) {
    chars += 4;
    for (const part of message.content) {
      if (part.type === "text" || part.type === "reasoning") chars += part.text.length;
      else if (part.type === "tool-call") chars += part.name.length + JSON.stringify(part.arguments).length;
      else if (part.type === "tool-result") for (const inner of part.content) chars += inner.type === "text" ? inner.text.length : 1000;
      else if (part.type === "image") chars += 1000 * 4 / 4;
    }
  }
  for (const tool of request.tools) chars += tool.name.length + (tool.description?.length ?? 0) + JSON.stringify(tool.parameters).length;
  return Math.max(1, Math.ceil(chars / 4));
}

interface CountInput {
  protocol: Extract<ProtocolName, "claude" | "gemini">;
  body: unknown;
  pathModel?: string;
  group: GroupConfig;
  request: Request;
}

const answer = (protocol: CountInput["protocol"], tokens: number) =>
  Response.json(protocol === "claude" ? { input_tokens: tokens } : { totalTokens: tokens });

async function upstreamCount(deps: PipelineDeps, request: UnifiedRequest, input: CountInput): Promise<number | null> {
  const [target] = resolveTargets({ group: input.group, model: request.model, providers: deps.runtime.snapshot.providers, rotation: deps.rotation });
  if (!target) return null;
  const { provider } = target;
  if (provider.protocol !== "claude" && provider.protocol !== "gemini") return null;
  const upstream = codecs[provider.protocol];
  const body = upstream.encodeRequest({ ...request, model: target.upstreamModel, stream: false }, liveContext).value;
  const base = provider.base_url.replace(/\/+$/, "");
  let url: string;
  let payload: Record<string, unknown>;
  if (provider.protocol === "claude") {
    url = `${base.replace(/\/v1$/, "")}/v1/messages/count_tokens`;
    const { max_tokens: _max, stream: _stream, temperature: _t, top_p: _p, top_k: _k, stop_sequences: _s, metadata: _m, ...rest } = body;
    payload = rest;
  } else {
    url = `${base.replace(/\/(v1beta|v1)$/, "")}/v1beta/models/${encodeURIComponent(target.upstreamModel)}:countTokens`;
    payload = { generateContentRequest: { model: `models/${target.upstreamModel}`, ...body } };
  }
  const call = await callUpstream({
    url,
    // anthropic-beta matters here: beta fields such as context_management are otherwise rejected.
    headers: upstreamHeaders(provider, upstream, pickKey(provider, deps.rotation), input.protocol === provider.protocol ? forwardedClientHeaders(provider.protocol, input.request.headers) : {}),
    body: JSON.stringify(payload),
    clientSignal: input.request.signal,
    firstByteTimeoutMs: Math.min(provider.timeout_ms, 30_000),
  });
  if (!call.response.ok) return null;
  const parsed = parseJson(await readAllText(call.response, provider.timeout_ms));
  if (!parsed.ok || !isRecord(parsed.value)) return null;
  const value = provider.protocol === "claude" ? parsed.value.input_tokens : parsed.value.totalTokens;
  return typeof value === "number" ? value : null;
}

export async function handleCountTokens(deps: PipelineDeps, input: CountInput): Promise<Response> {
  const codec = codecs[input.protocol];
  try {
    // Gemini's countTokens takes either `contents` or a whole `generateContentRequest`.
    const body = isRecord(input.body) && isRecord(input.body.generateContentRequest) ? input.body.generateContentRequest : input.body;
    const request = codec.decodeRequest({ body, pathModel: input.pathModel, stream: false }).value;
    const counted = await upstreamCount(deps, request, input).catch((error: unknown) => {
      deps.logger.debug("upstream token count failed; estimating", { id: requestState(input.request).id, error: toProxyError(error).message });
      return null;
    });
    return answer(input.protocol, counted ?? estimateTokens(request));
  } catch (error) {
    return errorResponse(codec, toProxyError(error), deps.runtime.snapshot.secrets);
  }
}
