// In charge of one chat request end to end: decode, resolve, attempt upstreams with failover, answer.
import type { ProviderConfig } from "../config/schema.ts";
import { codecs } from "../protocols/registry.ts";
import type { ProtocolCodec } from "../protocols/codec.ts";
import { isRetryable } from "../routing/failover.ts";
import { pickKey, resolveTargets, type ResolvedTarget } from "../routing/resolve.ts";
import { ProxyError } from "../unified/errors.ts";
import type { UnifiedRequest } from "../unified/request.ts";
import { forwardedClientHeaders, passedResponseHeaders } from "../upstream/headers.ts";
import { callUpstream, type UpstreamAnswer } from "../upstream/client.ts";
import { scrubSecrets } from "../upstream/secrets.ts";
import { liveContext } from "./context.ts";
import { createPassthroughConverter, createUnifiedConverter } from "./converters.ts";
import { applyCompatResponse, compatStreamStep, prepareCompatRequest } from "./compat.ts";
import { inlineImages } from "./inline-images.ts";
import { readAllText } from "./read-with-idle.ts";
import { RequestLog } from "./request-log.ts";
import { openClientStream } from "./stream-response.ts";
import type { ChatInput, PipelineDeps } from "./types.ts";
import { errorResponse, toProxyError } from "./errors.ts";
import { parseJson } from "../protocols/shared/json.ts";

interface Attempt {
  target: ResolvedTarget;
  apiKey: string | undefined;
}

/** Distinct (target, key) pairs in rotation order, at most `max`. */
function planAttempts(deps: PipelineDeps, targets: ResolvedTarget[], max: number): Attempt[] {
  const attempts: Attempt[] = [];
  const perTarget = targets.map((target) => Math.max(1, target.provider.api_keys.length));
  for (let round = 0; attempts.length < max; round++) {
    let added = false;
    for (let i = 0; i < targets.length && attempts.length < max; i++) {
      if (round >= perTarget[i]!) continue;
      attempts.push({ target: targets[i]!, apiKey: pickKey(targets[i]!.provider, deps.rotation) });
      added = true;
    }
    if (!added) break;
  }
  return attempts;
}

export async function handleChat(deps: PipelineDeps, input: ChatInput): Promise<Response> {
  const client = input.client ?? codecs[input.clientProtocol];
  const snapshot = deps.runtime.snapshot;
  const log = new RequestLog(deps, { id: input.requestId, group: input.group.name, clientProtocol: input.clientProtocol, compat: input.compat, stream: Boolean(input.stream), keyName: input.keyName }, input.startedAt);
  const timing = { upstreamMs: 0 };
  const finishWithError = (error: ProxyError): Response => {
    const status = input.signal.aborted ? 499 : error.status;
    log.finish(status, input.signal.aborted ? "cancelled" : "error", error);
    return withRequestHeaders(errorResponse(client, error, snapshot.secrets), input, timing);
  };

  let request: UnifiedRequest;
  let targets: ResolvedTarget[];
  try {
    const decoded = client.decodeRequest({ body: input.body, pathModel: input.pathModel, stream: input.stream, sse: input.sse });
    request = decoded.value;
    log.entry.alias = request.model;
    log.entry.stream = request.stream;
    for (const warning of decoded.warnings) deps.logger.debug("conversion warning", { id: input.requestId, ...warning });
    targets = resolveTargets({ group: input.group, model: request.model, providers: snapshot.providers, rotation: deps.rotation });
  } catch (error) {
    return finishWithError(toProxyError(error));
  }

  let last: ProxyError | undefined;
  for (const attempt of planAttempts(deps, targets, snapshot.config.server.max_attempts)) {
    log.entry.attempts++;
    log.entry.provider = attempt.target.provider.id;
    log.entry.upstreamModel = attempt.target.upstreamModel;
    log.entry.upstreamProtocol = attempt.target.provider.protocol;
    try {
      const response = await runAttempt(deps, input, client, request, attempt, log, timing);
      return withRequestHeaders(response, input, timing);
    } catch (error) {
      const proxyError = toProxyError(error);
      if (input.signal.aborted) return finishWithError(proxyError);
      last = proxyError;
      if (!isRetryable(proxyError)) break;
      deps.logger.warn("upstream attempt failed", { id: input.requestId, provider: attempt.target.provider.id, status: proxyError.status, error: scrubSecrets(proxyError.message, snapshot.secrets) });
    }
  }
  return finishWithError(last ?? new ProxyError("upstream", "no upstream attempt was possible"));
}

function withRequestHeaders(response: Response, input: ChatInput, timing: { upstreamMs: number }): Response {
  response.headers.set("x-request-id", input.requestId);
  const overhead = performance.now() - input.startedAt - timing.upstreamMs;
  response.headers.set("x-ccproxy-overhead-ms", Math.max(0, overhead).toFixed(2));
  return response;
}

function buildUpstreamHeaders(provider: ProviderConfig, upstream: ProtocolCodec, apiKey: string | undefined, clientHeaders: Headers | null): Record<string, string> {
  return {
    "content-type": "application/json",
    ...(clientHeaders ? forwardedClientHeaders(upstream.name, clientHeaders) : {}),
    ...provider.headers,
    ...upstream.upstream.authHeaders(apiKey),
  };
}

async function runAttempt(
  deps: PipelineDeps,
  input: ChatInput,
  client: ProtocolCodec,
  request: UnifiedRequest,
  attempt: Attempt,
  log: RequestLog,
  timing: { upstreamMs: number },
): Promise<Response> {
  const { provider, upstreamModel } = attempt.target;
  const upstream = codecs[provider.protocol];
  const compat = input.compat || provider.tools === "compat";
  log.entry.compat = compat;
  const sameFraming = !request.stream || client.streamContentType({ sse: input.sse }) === upstream.streamContentType({ sse: true });
  const direct = !compat && client === upstream && sameFraming;

  let body: string;
  if (direct) {
    const original = input.body as Record<string, unknown>;
    body = JSON.stringify("model" in original ? { ...original, model: upstreamModel } : original);
  } else {
    let outgoing: UnifiedRequest = { ...request, model: upstreamModel };
    if (compat) outgoing = prepareCompatRequest(outgoing);
    if (provider.protocol === "gemini" || provider.protocol === "ollama") outgoing = await inlineImages(outgoing, input.signal);
    const encoded = upstream.encodeRequest(outgoing, liveContext);
    for (const warning of encoded.warnings) deps.logger.debug("conversion warning", { id: input.requestId, provider: provider.id, ...warning });
    body = JSON.stringify(encoded.value);
  }

  const secrets = deps.runtime.snapshot.secrets;
  const started = performance.now();
  let answer: UpstreamAnswer;
  try {
    answer = await callUpstream({
      url: upstream.upstream.chatUrl(provider.base_url, upstreamModel, request.stream),
      headers: buildUpstreamHeaders(provider, upstream, attempt.apiKey, direct ? input.headers : null),
      body,
      clientSignal: input.signal,
      firstByteTimeoutMs: provider.first_byte_timeout_ms ?? provider.timeout_ms,
    });
  } finally {
    timing.upstreamMs += performance.now() - started;
  }
  const { response } = answer;
  const idleMs = provider.idle_timeout_ms ?? provider.timeout_ms;

  if (!response.ok) {
    const waited = performance.now();
    const text = await readAllText(response.body, idleMs).catch(() => "");
    timing.upstreamMs += performance.now() - waited;
    const error = upstream.decodeError(response.status, scrubSecrets(text, secrets));
    const retryAfter = Number(response.headers.get("retry-after"));
    if (Number.isFinite(retryAfter) && retryAfter > 0) error.retryAfter = retryAfter;
    throw error;
  }

  const encodeContext = { ...liveContext, model: request.model, sse: input.sse, includeUsage: request.extensions.openai?.includeUsage };
  const passHeaders = passedResponseHeaders(response.headers);

  if (request.stream) {
    if (!response.body) throw new ProxyError("upstream", "upstream answered a stream request with no body");
    const decoder = upstream.createStreamDecoder(liveContext);
    const converter = direct
      ? createPassthroughConverter(client, decoder)
      : createUnifiedConverter(upstream, decoder, client.createStreamEncoder(encodeContext), compat ? compatStreamStep(request) : undefined);
    const waited = performance.now();
    let stream: ReadableStream<Uint8Array>;
    try {
      stream = await openClientStream(response.body, converter, idleMs, {
        onEvents(events) {
          for (const event of events) {
            if (event.type === "usage") log.addUsage(event.usage);
            else if (event.type === "finish") log.addUsage(event.usage);
            else if (event.type === "message-start") log.addUsage(event.usage);
          }
        },
        onDone(outcome, error) {
          log.finish(outcome === "cancelled" ? 499 : 200, outcome, error);
        },
        abortUpstream: (reason) => answer.abort(reason),
      });
    } finally {
      timing.upstreamMs += performance.now() - waited;
    }
    log.markFirstByte();
    return new Response(stream, { status: 200, headers: { ...passHeaders, "content-type": client.streamContentType({ sse: input.sse }), "cache-control": "no-cache" } });
  }

  const waited = performance.now();
  let text: string;
  try {
    text = await readAllText(response.body, idleMs);
  } catch (error) {
    answer.abort(error);
    throw error;
  } finally {
    timing.upstreamMs += performance.now() - waited;
  }
  const parsed = parseJson(text);
  if (!parsed.ok) throw new ProxyError("upstream", `upstream answered with invalid JSON: ${parsed.error}`, { status: 502 });
  log.markFirstByte();
  if (direct) {
    log.addUsage(upstream.usageOf(parsed.value));
    log.finish(200, "ok");
    return new Response(text, { status: 200, headers: { ...passHeaders, "content-type": "application/json" } });
  }
  let unified = upstream.decodeResponse(parsed.value, liveContext);
  if (compat) unified = applyCompatResponse(unified, request);
  log.addUsage(unified.usage);
  const out = client.encodeResponse({ ...unified, model: request.model }, encodeContext);
  log.finish(200, "ok");
  return new Response(JSON.stringify(out), { status: 200, headers: { ...passHeaders, "content-type": "application/json" } });
}
