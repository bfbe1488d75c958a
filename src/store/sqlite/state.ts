// In charge of the state table: small named values (active group, rotation cursors, tool-mode memory).
import type { Database } from "bun:sqlite";

export const ACTIVE_GROUP_KEY = "active_group";

export function getState(database: Database, key: string): string | null {
  const row = database.query<{ value: string }, { key: string }>("SELECT value FROM state WHERE key = $key").get({ key });
  return row?.value ?? null;
}

export function setState(database: Database, key: string, value: string, now: number): void {
  database
    .query("INSERT INTO state (key, value, updated_at) VALUES ($key, $value, $now) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at")
    .run({ key, value, now });
}

export function deleteState(database: Database, key: string): boolean {
  return database.query("DELETE FROM state WHERE key = $key").run({ key }).changes > 0;
}
