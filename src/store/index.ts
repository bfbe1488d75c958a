// In charge of choosing and opening the Store backend (SQLite today; the interface allows others).
import { SqliteStore, type SqliteStoreOptions } from "./sqlite/index.ts";
import type { Store } from "./types.ts";

export type { RecentLogsOptions, RequestLogEntry, RequestOutcome, StatsDimension, StatsQuery, StatsRow, Store, StoredResponse, TimeseriesBucket, TimeseriesQuery, TimeseriesRow } from "./types.ts";
export { BUCKET_MS, NO_VALUE_KEY, StoreConflictError } from "./types.ts";
export { MEMORY as IN_MEMORY } from "./sqlite/db.ts";

export type OpenStoreOptions = SqliteStoreOptions;

/** Opens `${dataDir}/ccproxy.db` (created, migrated); `dataDir: ":memory:"` for a throwaway store. */
export function openStore(options: OpenStoreOptions): Store {
  return new SqliteStore(options);
}
