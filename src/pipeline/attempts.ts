// In charge of the attempt plan shared by every pipeline that fails over: distinct (target, key) pairs in rotation order.
import type { ProviderConfig } from "../config/schema.ts";
import type { ProtocolCodec } from "../protocols/codec.ts";
import { pickKey, type ResolvedTarget } from "../routing/resolve.ts";
import type { PipelineDeps } from "./types.ts";

export interface Attempt {
  target: ResolvedTarget;
  apiKey: string | undefined;
}

/**
 * Round by round over the targets (one key of each per round, round robin over a provider's keys),
 * at most `max`: the first failover goes to another target before another key of the same one.
 * Same plan as chat.ts's own (which can import this one).
 */
export function planAttempts(deps: PipelineDeps, targets: ResolvedTarget[], max: number): Attempt[] {
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

/** JSON content type, the provider's own headers, then its credentials (which win). The client's key never goes upstream. */
export function upstreamHeaders(provider: ProviderConfig, upstream: ProtocolCodec, apiKey: string | undefined): Record<string, string> {
  return { "content-type": "application/json", ...provider.headers, ...upstream.upstream.authHeaders(apiKey) };
}

/** The request id and the proxy's own share of the latency on every answer. */
export function withRequestHeaders(response: Response, requestId: string, startedAt: number, upstreamMs: number): Response {
  response.headers.set("x-request-id", requestId);
  response.headers.set("x-ccproxy-overhead-ms", Math.max(0, performance.now() - startedAt - upstreamMs).toFixed(2));
  return response;
}
