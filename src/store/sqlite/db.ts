// In charge of opening the SQLite file with the pragmas ccproxy relies on.
import { Database } from "bun:sqlite";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

export const MEMORY = ":memory:";
export const DATABASE_FILE = "ccproxy.db";

/** The database path for a data directory; ":memory:" stays in memory (tests). */
export function databasePath(dataDir: string): string {
  return dataDir === MEMORY ? MEMORY : join(dataDir, DATABASE_FILE);
}

/**
 * Opens (creating data_dir as needed) with:
 * - journal_mode=WAL: readers (admin stats) never block the log writer, and the reverse;
 * - synchronous=NORMAL: safe with WAL (a power cut may lose the last commits, never corrupt);
 * - busy_timeout: a second process (a CLI, a restart overlapping) waits instead of failing;
 * - foreign_keys: request bodies are deleted with their log rows.
 * `strict` makes bun:sqlite bind `$name` from `{ name }` and reject missing parameters.
 * Statements go through `database.query()`, which bun:sqlite compiles once per SQL text and caches.
 */
export function openDatabase(dataDir: string): Database {
  const path = databasePath(dataDir);
  if (path !== MEMORY) mkdirSync(dataDir, { recursive: true });
  const database = new Database(path, { create: true, strict: true });
  database.run("PRAGMA journal_mode = WAL");
  database.run("PRAGMA synchronous = NORMAL");
  database.run("PRAGMA busy_timeout = 5000");
  database.run("PRAGMA foreign_keys = ON");
  return database;
}

/** The journal mode in effect ("wal" for files, "memory" for :memory:). */
export function journalMode(database: Database): string {
  const row = database.query<{ journal_mode: string }, []>("PRAGMA journal_mode").get();
  return row?.journal_mode ?? "";
}
