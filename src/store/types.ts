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

/** Extension (dashboard charts): the width of one time bucket, UTC-aligned. */
export type TimeseriesBucket = "minute" | "hour" | "day";

/** Bucket widths in ms; UTC days, so the answer does not depend on the server's time zone. */
export const BUCKET_MS: Readonly<Record<TimeseriesBucket, number>> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

export interface TimeseriesQuery {
  /** Inclusive lower bound, epoch ms; absent: from the first log. */
  from?: number;
  /** Exclusive upper bound, epoch ms; absent: up to now. */
  to?: number;
  bucket: TimeseriesBucket;
  /** One series per value of this column; absent: one series for all requests. */
  by?: Exclude<StatsDimension, "day">;
}

/** One non-empty (bucket, series) cell; empty buckets are left out (the reader fills them). */
export interface TimeseriesRow extends Omit<StatsRow, "key"> {
  /** Start of the bucket, epoch ms. */
  time: number;
  /** The series (alias, provider, …) when the query had `by`; NO_VALUE_KEY when unset. */
  key?: string;
}

export interface RecentLogsOptions {
  /** Include stored request/response bodies (default false: they can be large). */
  withBodies?: boolean;
}

/** A Responses API answer kept so a later request can continue it with previous_response_id. */
export interface StoredResponse {
  /** The id the client saw (resp_…). */
  id: string;
  /** When it was stored, epoch ms. */
  time: number;
  /** The access key's name of the request that made it; only that key may continue or read it. */
  keyName?: string;
  /** The Response object as the client received it (JSON text). */
  response: string;
  /** The conversation to replay in front of the next input: input items, then output items (JSON array text). */
  items: string;
  /** The output items that have an id, each as JSON text, for `item_reference` input items. */
  outputItems?: Array<{ id: string; item: string }>;
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
  /** The same figures as stats, per time bucket (and series), oldest bucket first. */
  timeseries(query: TimeseriesQuery): Promise<TimeseriesRow[]>;

  /** Stores (or replaces) a Responses answer; the backend keeps a bounded number, oldest dropped first. */
  putResponse(entry: StoredResponse): Promise<void>;
  /** null when unknown or pruned. */
  getResponse(id: string): Promise<StoredResponse | null>;
  /** Stored output items by id (JSON text), only those of responses made with the same access key. */
  getResponseItems(ids: readonly string[], keyName: string | undefined): Promise<Map<string, string>>;
  /** Deletes stored responses with time < cutoff (epoch ms); pruneLogs does it too. Answers the number deleted. */
  pruneResponses(olderThanMs: number): Promise<number>;

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
