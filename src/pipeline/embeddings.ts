// In charge of one embeddings request end to end: decode, resolve, attempt upstreams that offer embeddings with failover, answer.
import type { GroupConfig } from "../config/schema.ts";
import type { EmbeddingsClientCodec } from "../protocols/embeddings-codec.ts";
import { embeddingUpstreamOf } from "../protocols/embeddings-registry.ts";
import { codecs } from "../protocols/registry.ts";
import { parseJson } from "../protocols/shared/json.ts";
import { resolveTargets, type ResolvedTarget } from "../routing/resolve.ts";
import { fitDimensions, type UnifiedEmbeddingRequest } from "../unified/embeddings.ts";
import { ProxyError } from "../unified/errors.ts";
import { callUpstream } from "../upstream/client.ts";
import { scrubSecrets } from "../upstream/secrets.ts";
import { upstreamHeaders, withFailover, withRequestHeaders, type Attempt } from "./attempts.ts";
import { errorResponse, toProxyError } from "./errors.ts";
import { readAllText } from "./read-with-idle.ts";
import { RequestLog } from "./request-log.ts";
import type { PipelineDeps } from "./types.ts";

export interface EmbeddingsInput {
  /** The client's shape: OpenAI /v1/embeddings, Gemini :embedContent / :batchEmbedContents, Ollama /api/embed / /api/embeddings. */
  client: EmbeddingsClientCodec;
  body: unknown;
  /** Gemini: the model comes from the path. */
  pathModel?: string;
  group: GroupConfig;
  /** Aborts when the client disconnects. */
  signal: AbortSignal;
  requestId: string;
  keyName?: string;
  /** performance.now() when the request arrived. */
  startedAt: number;
}

interface Run {
  deps: PipelineDeps;
  input: EmbeddingsInput;
  request: UnifiedEmbeddingRequest;
  log: RequestLog;
  timing: { upstreamMs: number };
}

/**
 * The alias's targets that can embed this request, in rotation order. Targets whose protocol has
 * no embeddings API (Claude) or cannot take these inputs are skipped so failover reaches one that
 * can; when none is left, the first reason is the client's 400.
 */
export function embeddingTargets(targets: ResolvedTarget[], request: UnifiedEmbeddingRequest): ResolvedTarget[] {
  const usable: ResolvedTarget[] = [];
  let reason: string | undefined;
  for (const target of targets) {
    const { provider } = target;
    const upstream = embeddingUpstreamOf(provider.protocol);
    const why = upstream ? upstream.unsupported(request) : "offers no embeddings";
    if (why === undefined) usable.push(target);
    else reason ??= `provider '${provider.id}' (${provider.protocol}) ${why}`;
  }
  if (usable.length === 0) throw new ProxyError("invalid_request", `model '${request.model}' cannot be embedded: ${reason ?? "no target"}`);
  return usable;
}

export async function handleEmbeddings(deps: PipelineDeps, input: EmbeddingsInput): Promise<Response> {
  const snapshot = deps.runtime.snapshot;
  const log = new RequestLog(deps, { id: input.requestId, group: input.group.name, clientProtocol: input.client.protocol, compat: false, stream: false, keyName: input.keyName }, input.startedAt);
  const timing = { upstreamMs: 0 };
  const finishWithError = (error: ProxyError): Response => {
    const status = input.signal.aborted ? 499 : error.status;
    log.finish(status, input.signal.aborted ? "cancelled" : "error", error);
    return withRequestHeaders(errorResponse(codecs[input.client.protocol], error, snapshot.secrets), input.requestId, input.startedAt, timing.upstreamMs);
  };

  let run: Run;
  let targets: ResolvedTarget[];
  try {
    const decoded = input.client.decodeRequest({ body: input.body, pathModel: input.pathModel });
    for (const warning of decoded.warnings) deps.logger.debug("conversion warning", { id: input.requestId, ...warning });
    log.entry.alias = decoded.value.model;
    log.captureRequest(input.body);
    run = { deps, input, request: decoded.value, log, timing };
    const resolved = resolveTargets({ group: input.group, model: decoded.value.model, providers: snapshot.providers, rotation: deps.rotation });
    targets = embeddingTargets(resolved, decoded.value);
  } catch (error) {
    return finishWithError(toProxyError(error));
  }

  const outcome = await withFailover(deps, targets, log, input, (attempt) => runAttempt(run, attempt));
  return "response" in outcome ? withRequestHeaders(outcome.response, input.requestId, input.startedAt, timing.upstreamMs) : finishWithError(outcome.error);
}

/** Reads the whole upstream body within the provider's idle bound, counting the wait as upstream time. */
async function readBody(run: Run, response: Response, idleMs: number, abort: (reason: unknown) => void): Promise<string> {
  const started = performance.now();
  try {
    return await readAllText(response, idleMs);
  } catch (error) {
    abort(error);
    throw error;
  } finally {
    run.timing.upstreamMs += performance.now() - started;
  }
}

async function runAttempt(run: Run, attempt: Attempt): Promise<Response> {
  const { deps, input, request, log, timing } = run;
  const { provider, upstreamModel } = attempt.target;
  const upstream = embeddingUpstreamOf(provider.protocol);
  if (!upstream) throw new ProxyError("internal", `provider '${provider.id}' (${provider.protocol}) offers no embeddings`);
  const chatCodec = codecs[provider.protocol];
  const encoded = upstream.encodeRequest({ ...request, model: upstreamModel });
  for (const warning of encoded.warnings) deps.logger.debug("conversion warning", { id: input.requestId, provider: provider.id, ...warning });

  const secrets = deps.runtime.snapshot.secrets;
  const started = performance.now();
  const answer = await callUpstream({
    url: upstream.url(provider.base_url, upstreamModel),
    headers: upstreamHeaders(provider, chatCodec, attempt.apiKey),
    body: JSON.stringify(encoded.value),
    clientSignal: input.signal,
    firstByteTimeoutMs: provider.first_byte_timeout_ms ?? provider.timeout_ms,
  }).finally(() => {
    timing.upstreamMs += performance.now() - started;
  });
  const idleMs = provider.idle_timeout_ms ?? provider.timeout_ms;
  const { response } = answer;
  if (!response.ok) {
    const text = await readBody(run, response, idleMs, answer.abort).catch(() => "");
    const error = chatCodec.decodeError(response.status, scrubSecrets(text, secrets));
    const retryAfter = Number(response.headers.get("retry-after"));
    if (Number.isFinite(retryAfter) && retryAfter > 0) error.retryAfter = retryAfter;
    throw error;
  }
  const parsed = parseJson(await readBody(run, response, idleMs, answer.abort));
  if (!parsed.ok) throw new ProxyError("upstream", `upstream answered with invalid JSON: ${parsed.error}`, { status: 502 });
  log.markFirstByte();
  const unified = upstream.decodeResponse(parsed.value, { ...request, model: upstreamModel });
  const vectors = fitDimensions(unified.vectors, request.dimensions);
  log.addUsage({ inputTokens: unified.usage.inputTokens, outputTokens: 0, ...(unified.usage.estimated ? { estimated: true } : {}) });
  const body = JSON.stringify(input.client.encodeResponse({ ...unified, vectors, model: request.model }, request, { model: request.model, now: () => Date.now(), durationMs: timing.upstreamMs }));
  log.captureResponse(body);
  log.finish(200, "ok");
  return new Response(body, { status: 200, headers: { "content-type": "application/json" } });
}
