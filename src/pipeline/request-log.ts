// In charge of collecting one request's facts as it runs and recording them once, off the hot path.
import type { RequestLogEntry } from "../store/types.ts";
import type { ProxyError } from "../unified/errors.ts";
import type { ProtocolName } from "../unified/protocol.ts";
import { mergeUsage, type Usage } from "../unified/usage.ts";
import type { PipelineDeps } from "./types.ts";
import { scrubSecrets } from "../upstream/secrets.ts";

const BODY_LIMIT = 1024 * 1024;

export class RequestLog {
  readonly entry: RequestLogEntry;
  usage: Usage | undefined;
  private done = false;
  /** Bodies are kept only with [server].log_requests; capped so a huge prompt cannot bloat the database. */
  private readonly capture: boolean;
  private responseText = "";

  constructor(
    private readonly deps: PipelineDeps,
    init: { id: string; group: string; clientProtocol: ProtocolName; compat: boolean; stream: boolean; keyName?: string },
    private readonly startedAt: number,
  ) {
    this.capture = deps.runtime.snapshot.config.server.log_requests;
    this.entry = {
      id: init.id,
      time: Date.now(),
      group: init.group,
      alias: "",
      provider: "",
      upstreamModel: "",
      clientProtocol: init.clientProtocol,
      upstreamProtocol: "",
      compat: init.compat,
      stream: init.stream,
      status: 0,
      outcome: "ok",
      attempts: 0,
      inputTokens: 0,
      outputTokens: 0,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      latencyMs: 0,
      keyName: init.keyName,
    };
  }

  captureRequest(body: unknown): void {
    if (this.capture) this.entry.requestBody = this.redact(JSON.stringify(body) ?? "");
  }

  /** Appends answer text (stream frames arrive piecemeal). */
  captureResponse(text: string): void {
    if (this.capture && this.responseText.length < BODY_LIMIT) this.responseText += text.slice(0, BODY_LIMIT - this.responseText.length);
  }

  private redact(text: string): string {
    return scrubSecrets(text.length > BODY_LIMIT ? text.slice(0, BODY_LIMIT) : text, this.deps.runtime.snapshot.secrets);
  }

  addUsage(usage: Partial<Usage> | null | undefined): void {
    if (usage) this.usage = mergeUsage(this.usage, usage);
  }

  markFirstByte(): void {
    if (this.entry.ttfbMs === undefined) this.entry.ttfbMs = Math.round((performance.now() - this.startedAt) * 100) / 100;
  }

  finish(status: number, outcome: RequestLogEntry["outcome"], error?: ProxyError): void {
    if (this.done) return;
    this.done = true;
    const entry = this.entry;
    entry.status = status;
    entry.outcome = outcome;
    entry.latencyMs = Math.round((performance.now() - this.startedAt) * 100) / 100;
    if (this.usage) {
      entry.inputTokens = this.usage.inputTokens;
      entry.outputTokens = this.usage.outputTokens;
      entry.cacheReadTokens = this.usage.cacheReadTokens ?? 0;
      entry.cacheWriteTokens = this.usage.cacheWriteTokens ?? 0;
    }
    if (error) {
      entry.errorClass = error.kind;
      entry.errorMessage = error.message.slice(0, 500);
    }
    if (this.capture && this.responseText) entry.responseBody = this.redact(this.responseText);
    deferRecord(this.deps, entry);
  }
}

/**
 * Recording (log row, metrics, log line) waits for the next turn of the event loop, so its cost
 * is not paid between the upstream's answer and the client's. One pass records everything that
 * finished meanwhile.
 */
const pending: { deps: PipelineDeps; entry: RequestLogEntry }[] = [];

function deferRecord(deps: PipelineDeps, entry: RequestLogEntry): void {
  if (pending.length === 0) setImmediate(recordPending);
  pending.push({ deps, entry });
}

/** Records what is still waiting now (shutdown: before the store closes). */
export function recordPending(): void {
  const batch = pending.splice(0);
  for (const { deps, entry } of batch) record(deps, entry);
}

function record(deps: PipelineDeps, entry: RequestLogEntry): void {
  deps.store.logRequest(entry);
  deps.metrics.observe(entry);
  const fields = {
    id: entry.id, group: entry.group, alias: entry.alias, provider: entry.provider, model: entry.upstreamModel,
    client: entry.clientProtocol, upstream: entry.upstreamProtocol, compat: entry.compat, stream: entry.stream,
    status: entry.status, outcome: entry.outcome, attempts: entry.attempts, in: entry.inputTokens, out: entry.outputTokens,
    ttfb_ms: entry.ttfbMs, ms: entry.latencyMs, error: entry.errorMessage,
  };
  if (entry.outcome === "error" && entry.status >= 500) deps.logger.warn("request", fields);
  else deps.logger.info("request", fields);
}
