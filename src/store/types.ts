// In charge of the storage contract: what the rest of ccproxy may ask of a database, backend-agnostic.
import type { GroupConfig, KeyConfig } from "../config/schema.ts";

export type RequestOutcome = "ok" | "error" | "cancelled";

/** One proxied request, as logged when it finished. */
export interface RequestLogEntry {
  /** The request id (also sent to the client). */
  id: string;
  /** When the request arrived, epoch ms. */
  time: number;
  group: string;
  /** The model the client asked for. */
  alias: string;
  /** The provider of the last attempt; absent when nothing was routed (unknown model). */
  provider?: string;
  upstreamModel?: string;
  clientProtocol: string;
  upstreamProtocol?: string;
  compat: boolean;
  stream: boolean;
  /** HTTP status answered, 499 when the client cancelled. */
  status: number;
  outcome: RequestOutcome;
  errorClass?: string;
  errorMessage?: string;
  attempts: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  /** ms until the first byte went to the client. */
  ttfbMs?: number;
  latencyMs: number;
  /** The access key's name, when the client presented one. */
  keyName?: string;
  /** Stored only when given (server.log_requests). */
  requestBody?: string;
  responseBody?: string;
}

export type StatsDimension = "alias" | "provider" | "model" | "key" | "day";

export interface StatsQuery {
  /** Inclusive lower bound, epoch ms; absent: from the first log. */
  from?: number;
  /** Exclusive upper bound, epoch ms; absent: up to now. */
  to?: number;
  by: StatsDimension;
}

export interface StatsRow {
  /** The bucket: alias, provider id, upstream model, key name, or UTC day "YYYY-MM-DD". "(none)" when unset. */
  key: string;
  requests: number;
  /** outcome = "error". */
  errors: number;
  /** outcome = "cancelled" (extension). */
  cancelled: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  /** Nearest-rank percentiles of latencyMs over every request of the bucket. */
  p50LatencyMs: number;
  p95LatencyMs: number;
}

export interface RecentLogsOptions {
  /** Include stored request/response bodies (default false: they can be large). */
  withBodies?: boolean;
}

/** The label a StatsRow gets for requests without a value in the grouped column. */
export const NO_VALUE_KEY = "(none)";

/**
 * Everything ccproxy persists. All methods are async so that a network backend (Postgres, Redis)
 * can implement the same contract, except logRequest, which is fire-and-forget: it must never
 * put storage work on the request's path.
 */
export interface Store {
  /** The group `/switch/...` uses; null when never set. */
  getActiveGroup(): Promise<string | null>;
  setActiveGroup(name: string): Promise<void>;

  /** Small named state (rotation cursors, tool-mode memory), values are opaque strings (JSON). */
  getState(key: string): Promise<string | null>;
  setState(key: string, value: string): Promise<void>;
  deleteState(key: string): Promise<boolean>;

  /** Groups created through the admin API (file groups are not stored). */
  listGroups(): Promise<GroupConfig[]>;
  /** Insert or replace by name. */
  putGroup(group: GroupConfig): Promise<void>;
  deleteGroup(name: string): Promise<boolean>;

  /** Access keys created through the admin API. */
  listKeys(): Promise<KeyConfig[]>;
  /** Insert or replace by name; throws StoreConflictError when another name holds the same key value. */
  putKey(key: KeyConfig): Promise<void>;
  deleteKey(name: string): Promise<boolean>;

  /**
   * At startup: deletes stored groups and keys whose names the file declares (the file wins for
   * what it declares). Answers the names removed.
   */
  syncDeclared(declared: { groups: readonly string[]; keys: readonly string[] }): Promise<{ groups: string[]; keys: string[] }>;

  /** Queues the entry; it is written in a later batch. Never throws, never blocks. */
  logRequest(entry: RequestLogEntry): void;
  /** Writes every queued entry now. */
  flush(): Promise<void>;
  /** Newest first. */
  recentLogs(limit: number, options?: RecentLogsOptions): Promise<RequestLogEntry[]>;
  /** One request's log with its bodies, null when unknown or pruned. */
  getLog(id: string): Promise<RequestLogEntry | null>;
  /** Deletes logs (and their bodies) with time < cutoff (epoch ms). Answers the number deleted. */
  pruneLogs(olderThanMs: number): Promise<number>;

  stats(query: StatsQuery): Promise<StatsRow[]>;

  /** Flushes queued logs, then releases the backend. Further logRequest calls are dropped. */
  close(): Promise<void>;
}

/** A write that would break a uniqueness rule (two key names with the same key value). */
export class StoreConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StoreConflictError";
  }
}
