// In charge of collecting one request's facts as it runs and recording them once, off the hot path.
import type { RequestLogEntry } from "../store/types.ts";
import type { ProxyError } from "../unified/errors.ts";
import type { ProtocolName } from "../unified/protocol.ts";
import { mergeUsage, type Usage } from "../unified/usage.ts";
import type { PipelineDeps } from "./types.ts";

export class RequestLog {
  readonly entry: RequestLogEntry;
  usage: Usage | undefined;
  private done = false;

  constructor(
    private readonly deps: PipelineDeps,
    init: { id: string; group: string; clientProtocol: ProtocolName; compat: boolean; stream: boolean; keyName?: string },
    private readonly startedAt: number,
  ) {
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
    this.deps.store.logRequest(entry);
    const { logger } = this.deps;
    const fields = {
      id: entry.id, group: entry.group, alias: entry.alias, provider: entry.provider, model: entry.upstreamModel,
      client: entry.clientProtocol, upstream: entry.upstreamProtocol, compat: entry.compat, stream: entry.stream,
      status, outcome, attempts: entry.attempts, in: entry.inputTokens, out: entry.outputTokens,
      ttfb_ms: entry.ttfbMs, ms: entry.latencyMs, error: entry.errorMessage,
    };
    if (outcome === "error" && status >= 500) logger.warn("request", fields);
    else logger.info("request", fields);
  }
}
