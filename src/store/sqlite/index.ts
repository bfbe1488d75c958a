// In charge of the SQLite implementation of Store (bun:sqlite, one file per data_dir).
import type { Database } from "bun:sqlite";
import type { GroupConfig, KeyConfig } from "../../config/schema.ts";
import { LogQueue } from "../log-queue.ts";
import type { RecentLogsOptions, RequestLogEntry, StatsQuery, StatsRow, Store, StoredResponse, TimeseriesQuery, TimeseriesRow } from "../types.ts";
import { openDatabase } from "./db.ts";
import * as groups from "./groups.ts";
import * as keys from "./keys.ts";
import * as logs from "./logs.ts";
import { migrate } from "./migrations.ts";
import * as responses from "./responses.ts";
import * as state from "./state.ts";
import { stats } from "./stats.ts";
import { timeseries } from "./timeseries.ts";

export interface SqliteStoreOptions {
  /** data_dir; the database is `${dataDir}/ccproxy.db`, or in memory for ":memory:". */
  dataDir: string;
  /** Background failures (a log batch that could not be written, a corrupt stored group). */
  onError?: (error: unknown) => void;
  /** Clock for created/updated columns (tests pin it). */
  now?: () => number;
  logIntervalMs?: number;
  logBatchSize?: number;
}

/**
 * bun:sqlite is synchronous; methods are async only to honour the backend-agnostic contract.
 * Reads and admin writes are short single statements, so running them inline is cheaper than a worker.
 */
export class SqliteStore implements Store {
  readonly database: Database;
  private readonly logQueue: LogQueue;
  private readonly onError: (error: unknown) => void;
  private readonly now: () => number;
  private closed = false;

  constructor(options: SqliteStoreOptions) {
    this.onError = options.onError ?? ((error) => console.error("ccproxy store:", error));
    this.now = options.now ?? Date.now;
    this.database = openDatabase(options.dataDir);
    migrate(this.database, undefined, this.now());
    this.logQueue = new LogQueue({
      write: (batch) => logs.insertLogs(this.database, batch),
      onError: this.onError,
      intervalMs: options.logIntervalMs,
      maxBatch: options.logBatchSize,
    });
  }

  async getActiveGroup(): Promise<string | null> {
    return state.getState(this.database, state.ACTIVE_GROUP_KEY);
  }

  async setActiveGroup(name: string): Promise<void> {
    state.setState(this.database, state.ACTIVE_GROUP_KEY, name, this.now());
  }

  async getState(key: string): Promise<string | null> {
    return state.getState(this.database, key);
  }

  async setState(key: string, value: string): Promise<void> {
    state.setState(this.database, key, value, this.now());
  }

  async deleteState(key: string): Promise<boolean> {
    return state.deleteState(this.database, key);
  }

  async listGroups(): Promise<GroupConfig[]> {
    return groups.listGroups(this.database, this.onError);
  }

  async putGroup(group: GroupConfig): Promise<void> {
    groups.putGroup(this.database, group, this.now());
  }

  async deleteGroup(name: string): Promise<boolean> {
    return groups.deleteGroup(this.database, name);
  }

  async listKeys(): Promise<KeyConfig[]> {
    return keys.listKeys(this.database);
  }

  async putKey(key: KeyConfig): Promise<void> {
    keys.putKey(this.database, key, this.now());
  }

  async deleteKey(name: string): Promise<boolean> {
    return keys.deleteKey(this.database, name);
  }

  async syncDeclared(declared: { groups: readonly string[]; keys: readonly string[] }): Promise<{ groups: string[]; keys: string[] }> {
    return groups.syncDeclared(this.database, declared);
  }

  logRequest(entry: RequestLogEntry): void {
    this.logQueue.push(entry);
  }

  flush(): Promise<void> {
    return this.logQueue.flush();
  }

  async recentLogs(limit: number, options: RecentLogsOptions = {}): Promise<RequestLogEntry[]> {
    return logs.recentLogs(this.database, limit, options.withBodies ?? false);
  }

  async getLog(id: string): Promise<RequestLogEntry | null> {
    return logs.getLog(this.database, id);
  }

  /** Stored Responses answers follow the same retention as logs (server.log_retention_days). */
  async pruneLogs(olderThanMs: number): Promise<number> {
    responses.pruneResponses(this.database, olderThanMs);
    return logs.pruneLogs(this.database, olderThanMs);
  }

  async putResponse(entry: StoredResponse): Promise<void> {
    responses.putResponse(this.database, entry);
  }

  async getResponse(id: string): Promise<StoredResponse | null> {
    return responses.getResponse(this.database, id);
  }

  async getResponseItems(ids: readonly string[], keyName: string | undefined): Promise<Map<string, string>> {
    return responses.getResponseItems(this.database, ids, keyName);
  }

  async pruneResponses(olderThanMs: number): Promise<number> {
    return responses.pruneResponses(this.database, olderThanMs);
  }

  async stats(query: StatsQuery): Promise<StatsRow[]> {
    return stats(this.database, query);
  }

  async timeseries(query: TimeseriesQuery): Promise<TimeseriesRow[]> {
    return timeseries(this.database, query);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.logQueue.close();
    this.database.close();
  }
}
