// In charge of one upstream attempt: build the body (passthrough or unified), call, and answer or throw for failover.
import type { ProtocolCodec } from "../protocols/codec.ts";
import { codecs } from "../protocols/registry.ts";
import { parseJson } from "../protocols/shared/json.ts";
import { ProxyError } from "../unified/errors.ts";
import type { UnifiedRequest } from "../unified/request.ts";
import { callUpstream, type UpstreamAnswer } from "../upstream/client.ts";
import { forwardedClientHeaders, passedResponseHeaders } from "../upstream/headers.ts";
import { scrubSecrets } from "../upstream/secrets.ts";
import { upstreamHeaders, type Attempt } from "./attempts.ts";
import { applyCompatResponse, compatStreamStep, prepareCompatRequest } from "./compat.ts";
import { liveContext } from "./context.ts";
import { createPassthroughConverter, createUnifiedConverter } from "./converters.ts";
import { inlineImages } from "./inline-images.ts";
import { applyBodyPolicy, applyUnifiedPolicy, deepMerge, editsBody, type Policy } from "./policies.ts";
import { readAllText } from "./read-with-idle.ts";
import { swapModelBody } from "./swap-model.ts";
import type { RequestLog } from "./request-log.ts";
import { openClientStream } from "./stream-response.ts";
import type { ChatInput, PipelineDeps } from "./types.ts";

export interface Timing {
  /** Time spent waiting on the upstream, so the overhead header can leave it out. */
  upstreamMs: number;
}

export interface AttemptPlan {
  input: ChatInput;
  client: ProtocolCodec;
  request: UnifiedRequest;
  attempt: Attempt;
  policy: Policy | null;
  compat: boolean;
  log: RequestLog;
  timing: Timing;
}

/** Passthrough needs the same codec, no compat, the same stream framing, and a body editor when the policy edits the body. */
function canPassThrough(plan: AttemptPlan, upstream: ProtocolCodec): boolean {
  const { client, compat, request, input, policy } = plan;
  if (compat || client !== upstream) return false;
  if (request.stream && client.streamContentType({ sse: input.sse }) !== upstream.streamContentType({ sse: true })) return false;
  return !policy || !editsBody(policy) || client.policy !== undefined;
}

async function buildBody(deps: PipelineDeps, plan: AttemptPlan, upstream: ProtocolCodec, direct: boolean): Promise<string | Blob> {
  const { provider, upstreamModel } = plan.attempt.target;
  const { policy, input } = plan;
  let body: Record<string, unknown>;
  if (direct) {
    const received = input.body as Record<string, unknown>;
    const original = upstream.preparePassthrough ? upstream.preparePassthrough(received) : received;
    // The common case forwards the client's own JSON text with only the model swapped.
    if (original === received && !policy && input.rawBody !== undefined) {
      if (!("model" in received)) return input.rawBody;
      if (typeof received.model === "string") {
        const swapped = swapModelBody(input.rawBody, received.model, upstreamModel);
        if (swapped !== null) return swapped;
      }
    }
    body = "model" in original ? { ...original, model: upstreamModel } : original;
    if (policy && editsBody(policy) && upstream.policy) {
      const shaped = applyBodyPolicy(body, policy, upstream.policy, upstream.upstream.maxTemperature);
      body = shaped.body;
      for (const warning of shaped.warnings) deps.logger.debug("policy warning", { id: input.requestId, ...warning });
    }
  } else {
    let outgoing: UnifiedRequest = { ...plan.request, model: upstreamModel };
    if (policy) {
      const shaped = applyUnifiedPolicy(outgoing, policy, upstream);
      outgoing = shaped.request;
      for (const warning of shaped.warnings) deps.logger.debug("policy warning", { id: input.requestId, ...warning });
    }
    if (plan.compat) outgoing = prepareCompatRequest(outgoing);
    if (provider.protocol === "gemini" || provider.protocol === "ollama") outgoing = await inlineImages(outgoing, input.signal);
    const encoded = upstream.encodeRequest(outgoing, liveContext);
    for (const warning of encoded.warnings) deps.logger.debug("conversion warning", { id: input.requestId, provider: provider.id, ...warning });
    body = encoded.value;
  }
  if (policy?.extraBody) body = deepMerge(body, policy.extraBody);
  return JSON.stringify(body);
}

export async function runAttempt(deps: PipelineDeps, plan: AttemptPlan): Promise<Response> {
  const { input, client, request, attempt, log, timing } = plan;
  const { provider, upstreamModel } = attempt.target;
  const upstream = codecs[provider.protocol];
  const direct = canPassThrough(plan, upstream);
  log.entry.compat = plan.compat;
  const body = await buildBody(deps, plan, upstream, direct);

  const secrets = deps.runtime.snapshot.secrets;
  const started = performance.now();
  let answer: UpstreamAnswer;
  try {
    answer = await callUpstream({
      url: upstream.upstream.chatUrl(provider.base_url, upstreamModel, request.stream),
      headers: upstreamHeaders(provider, upstream, attempt.apiKey, direct ? forwardedClientHeaders(upstream.name, input.headers) : {}),
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
    const text = await readAllText(response, idleMs).catch(() => "");
    timing.upstreamMs += performance.now() - waited;
    const error = upstream.decodeError(response.status, scrubSecrets(text, secrets));
    const retryAfter = Number(response.headers.get("retry-after"));
    if (Number.isFinite(retryAfter) && retryAfter > 0) error.retryAfter = retryAfter;
    throw error;
  }

  const encodeContext = { ...liveContext, model: request.model, sse: input.sse, includeUsage: request.extensions.openai?.includeUsage };
  const passHeaders = passedResponseHeaders(response.headers);
  if (request.stream) return streamAnswer(plan, upstream, direct, answer, idleMs, encodeContext, passHeaders);

  const waited = performance.now();
  let text: string;
  try {
    text = await readAllText(response, idleMs);
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
    log.captureResponse(text);
    log.finish(200, "ok");
    return new Response(text, { status: 200, headers: { ...passHeaders, "content-type": "application/json" } });
  }
  let unified = upstream.decodeResponse(parsed.value, liveContext);
  if (plan.compat) unified = applyCompatResponse(unified, request);
  log.addUsage(unified.usage);
  const out = JSON.stringify(client.encodeResponse({ ...unified, model: request.model }, encodeContext));
  log.captureResponse(out);
  log.finish(200, "ok");
  return new Response(out, { status: 200, headers: { ...passHeaders, "content-type": "application/json" } });
}

async function streamAnswer(
  plan: AttemptPlan,
  upstream: ProtocolCodec,
  direct: boolean,
  answer: UpstreamAnswer,
  idleMs: number,
  encodeContext: Parameters<ProtocolCodec["createStreamEncoder"]>[0],
  passHeaders: Record<string, string>,
): Promise<Response> {
  const { client, input, log, timing, request } = plan;
  const body = answer.response.body;
  if (!body) throw new ProxyError("upstream", "upstream answered a stream request with no body");
  const decoder = upstream.createStreamDecoder(liveContext);
  const converter = direct
    ? createPassthroughConverter(client, decoder)
    : createUnifiedConverter(upstream, decoder, client.createStreamEncoder(encodeContext), plan.compat ? compatStreamStep(request) : undefined);
  const waited = performance.now();
  let stream: ReadableStream<Uint8Array>;
  try {
    stream = await openClientStream(body, converter, idleMs, {
      onEvents(events) {
        for (const event of events) {
          if (event.type === "usage" || event.type === "finish" || event.type === "message-start") log.addUsage(event.usage);
        }
      },
      onDone(outcome, error) {
        log.finish(outcome === "cancelled" ? 499 : 200, outcome, error);
      },
      abortUpstream: (reason) => answer.abort(reason),
      onText: (text) => log.captureResponse(text),
    });
  } finally {
    timing.upstreamMs += performance.now() - waited;
  }
  log.markFirstByte();
  return new Response(stream, { status: 200, headers: { ...passHeaders, "content-type": client.streamContentType({ sse: input.sse }), "cache-control": "no-cache" } });
}
