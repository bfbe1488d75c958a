// In charge of the ordered upstream attempts of one request and of recording how each went (health, key take-outs).
import type { ProviderConfig } from "../config/schema.ts";
import type { ProtocolCodec } from "../protocols/codec.ts";
import type { ResolvedTarget } from "../routing/resolve.ts";
import { keyCursor, type RoundRobin } from "../routing/rotation.ts";
import { keyFingerprint, keyId, targetId, type Health } from "../routing/health.ts";
import { ProxyError } from "../unified/errors.ts";
import type { Logger } from "../server/logger.ts";
import { isRetryable } from "../routing/failover.ts";
import { scrubSecrets } from "../upstream/secrets.ts";
import { toProxyError } from "./errors.ts";
import type { RequestLog } from "./request-log.ts";
import type { PipelineDeps } from "./types.ts";

export interface Attempt {
  target: ResolvedTarget;
  apiKey: string | undefined;
}

/**
 * Distinct (target, key) pairs, at most `max`: targets in the alias's rotation order, each
 * target's keys from its own round-robin cursor, first keys of every target before second
 * keys (failover moves to the next target first). Resting targets and keys are skipped; when
 * everything rests, the ones that recover soonest are tried anyway rather than failing outright.
 * Shared by every pipeline that fails over (chat, embeddings).
 */
export function planAttempts(targets: readonly ResolvedTarget[], rotation: RoundRobin, health: Health, max: number, now: number): Attempt[] {
  const perTarget = targets.map((target) => {
    const keys = target.provider.api_keys;
    if (keys.length === 0) return [{ target, apiKey: undefined }];
    const start = rotation.next(keyCursor(target.provider.id), keys.length);
    return keys.map((_, i) => ({ target, apiKey: keys[(start + i) % keys.length] }));
  });
  const all: Attempt[] = [];
  const rounds = Math.max(...perTarget.map((list) => list.length));
  for (let round = 0; round < rounds; round++) for (const list of perTarget) if (list[round]) all.push(list[round]!);
  // Healthy (nothing resting): no ids are built and nothing is filtered or sorted.
  if (health.empty) return all.length > max ? all.slice(0, max) : all;
  const restUntil = (attempt: Attempt) =>
    Math.max(health.restingUntil(targetId(attempt.target.provider.id, attempt.target.upstreamModel), now), attempt.apiKey ? health.restingUntil(keyId(attempt.target.provider.id, attempt.apiKey), now) : 0);
  const ready = all.filter((attempt) => restUntil(attempt) === 0);
  const chosen = ready.length > 0 ? ready : [...all].sort((a, b) => restUntil(a) - restUntil(b));
  return chosen.slice(0, max);
}

/** Which entry a failure rests: the key for rate limits and rejected keys, else the target. */
export function recordFailure(health: Health, logger: Logger, attempt: Attempt, error: ProxyError, now: number): void {
  const provider = attempt.target.provider.id;
  const status = error.status;
  const keyed = attempt.apiKey !== undefined;
  if ((status === 401 || status === 403) && keyed) {
    health.failure(keyId(provider, attempt.apiKey!), error, now);
    logger.error("provider key rejected; it is taken out until the configuration is reloaded", { provider, key: keyFingerprint(attempt.apiKey!), status });
    return;
  }
  if (status === 429) {
    const entry = health.failure(keyed ? keyId(provider, attempt.apiKey!) : targetId(provider, attempt.target.upstreamModel), error, now);
    logger.warn("upstream rate limit; cooling down", { provider, model: attempt.target.upstreamModel, key: keyed ? keyFingerprint(attempt.apiKey!) : undefined, until: new Date(entry.until).toISOString() });
    return;
  }
  if (status === 408 || status >= 500 || error.kind === "timeout") {
    const entry = health.failure(targetId(provider, attempt.target.upstreamModel), error, now);
    logger.warn("upstream failing; cooling down", { provider, model: attempt.target.upstreamModel, status, until: new Date(entry.until).toISOString() });
  }
}

export function recordSuccess(health: Health, attempt: Attempt): void {
  if (health.empty) return;
  health.success(targetId(attempt.target.provider.id, attempt.target.upstreamModel));
  if (attempt.apiKey) health.success(keyId(attempt.target.provider.id, attempt.apiKey));
}

/** JSON content type, the provider's own headers, then its credentials (which win). The client's key never goes upstream. */
export function upstreamHeaders(provider: ProviderConfig, upstream: ProtocolCodec, apiKey: string | undefined, extra: Record<string, string> = {}): Record<string, string> {
  return { "content-type": "application/json", ...extra, ...provider.headers, ...upstream.upstream.authHeaders(apiKey) };
}

/** The request id and the proxy's own share of the latency on every answer. */
export function withRequestHeaders(response: Response, requestId: string, startedAt: number, upstreamMs: number): Response {
  response.headers.set("x-request-id", requestId);
  response.headers.set("x-ccproxy-overhead-ms", Math.max(0, performance.now() - startedAt - upstreamMs).toFixed(2));
  return response;
}

/**
 * The failover loop every pipeline shares: each attempt in plan order, health recorded, the
 * next attempt only for what another upstream or key might answer differently; the last error
 * otherwise. `run` answers (success) or throws (failure). A client that went away stops it.
 */
export async function withFailover(
  deps: PipelineDeps,
  targets: readonly ResolvedTarget[],
  log: RequestLog,
  context: { requestId: string; signal: AbortSignal },
  run: (attempt: Attempt) => Promise<Response>,
): Promise<{ response: Response } | { error: ProxyError }> {
  const snapshot = deps.runtime.snapshot;
  let last: ProxyError | undefined;
  for (const attempt of planAttempts(targets, deps.rotation, deps.health, snapshot.config.server.max_attempts, Date.now())) {
    log.entry.attempts++;
    log.entry.provider = attempt.target.provider.id;
    log.entry.upstreamModel = attempt.target.upstreamModel;
    log.entry.upstreamProtocol = attempt.target.provider.protocol;
    try {
      const response = await run(attempt);
      recordSuccess(deps.health, attempt);
      return { response };
    } catch (error) {
      const proxyError = toProxyError(error);
      if (context.signal.aborted) return { error: proxyError };
      recordFailure(deps.health, deps.logger, attempt, proxyError, Date.now());
      last = proxyError;
      // A rejected provider key is the key's fault, not the request's: another key may work.
      const keyRejected = (proxyError.status === 401 || proxyError.status === 403) && attempt.apiKey !== undefined && proxyError.upstream !== undefined;
      if (!isRetryable(proxyError) && !keyRejected) break;
      deps.logger.warn("upstream attempt failed", { id: context.requestId, provider: attempt.target.provider.id, status: proxyError.status, error: scrubSecrets(proxyError.message, snapshot.secrets) });
    }
  }
  return { error: last ?? new ProxyError("upstream", "no upstream attempt was possible") };
}
