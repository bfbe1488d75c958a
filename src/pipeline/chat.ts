// In charge of one chat request end to end: decode, resolve, attempt upstreams with failover, answer.
import { codecs } from "../protocols/registry.ts";
import type { ProtocolCodec } from "../protocols/codec.ts";
import { resolveTargets, usesCompat, type ResolvedTarget } from "../routing/resolve.ts";
import { refusesTools } from "../routing/tool-mode.ts";
import { ProxyError } from "../unified/errors.ts";
import type { UnifiedRequest } from "../unified/request.ts";
import { withFailover, withRequestHeaders, type Attempt } from "./attempts.ts";
import { errorResponse, toProxyError } from "./errors.ts";
import { policyOf, type Policy } from "./policies.ts";
import { RequestLog } from "./request-log.ts";
import { runAttempt, type Timing } from "./run-attempt.ts";
import type { ChatInput, PipelineDeps } from "./types.ts";

export async function handleChat(deps: PipelineDeps, input: ChatInput): Promise<Response> {
  const client = input.client ?? codecs[input.clientProtocol];
  const snapshot = deps.runtime.snapshot;
  const log = new RequestLog(deps, { id: input.requestId, group: input.group.name, clientProtocol: input.clientProtocol, compat: input.compat, stream: Boolean(input.stream), keyName: input.keyName }, input.startedAt);
  const timing: Timing = { upstreamMs: 0 };
  const finishWithError = (error: ProxyError): Response => {
    const status = input.signal.aborted ? 499 : error.status;
    log.finish(status, input.signal.aborted ? "cancelled" : "error", error);
    return withInputHeaders(errorResponse(client, error, snapshot.secrets), input, timing);
  };

  let request: UnifiedRequest;
  let targets: ResolvedTarget[];
  try {
    const decoded = client.decodeRequest({ body: input.body, pathModel: input.pathModel, stream: input.stream, sse: input.sse });
    request = decoded.value;
    log.entry.alias = request.model;
    log.entry.stream = request.stream;
    log.captureRequest(input.body);
    for (const warning of decoded.warnings) deps.logger.debug("conversion warning", { id: input.requestId, ...warning });
    targets = resolveTargets({ group: input.group, model: request.model, providers: snapshot.providers, rotation: deps.rotation });
  } catch (error) {
    return finishWithError(toProxyError(error));
  }

  const policy = policyOf(input.group, targets[0]!.alias);
  const outcome = await withFailover(deps, targets, log, input, (attempt) => attemptWithToolMode(deps, input, client, request, attempt, policy, log, timing));
  // No attempt follows: a long stream must not keep a large prompt alive (parsed and raw).
  input.body = undefined;
  input.rawBody = undefined;
  return "response" in outcome ? withInputHeaders(outcome.response, input, timing) : finishWithError(outcome.error);
}

/**
 * `tools = "auto"`: native first; an upstream that refuses native tools gets the same request
 * once more in compat mode, and the model is remembered for later requests (ToolModeMemory).
 */
async function attemptWithToolMode(
  deps: PipelineDeps,
  input: ChatInput,
  client: ProtocolCodec,
  request: UnifiedRequest,
  attempt: Attempt,
  policy: Policy | null,
  log: RequestLog,
  timing: Timing,
): Promise<Response> {
  const { provider, upstreamModel } = attempt.target;
  const auto = provider.tools === "auto";
  const compat = usesCompat(input.compat, provider) || (auto && deps.toolModes.needsCompat(provider.id, upstreamModel));
  try {
    return await runAttempt(deps, { input, client, request, attempt, policy, compat, log, timing });
  } catch (error) {
    if (!(auto && !compat && request.tools.length > 0 && error instanceof ProxyError && refusesTools(error))) throw error;
    deps.toolModes.remember(provider.id, upstreamModel);
    deps.logger.info("upstream refused native tools; using compat mode for this model from now on", { provider: provider.id, model: upstreamModel, error: error.message.slice(0, 200) });
    return runAttempt(deps, { input, client, request, attempt, policy, compat: true, log, timing });
  }
}

function withInputHeaders(response: Response, input: ChatInput, timing: Timing): Response {
  return withRequestHeaders(response, input.requestId, input.startedAt, timing.upstreamMs);
}
