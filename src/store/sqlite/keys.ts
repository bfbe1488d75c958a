// In charge of the access_keys table: client keys the admin API created at run time.
import type { Database } from "bun:sqlite";
import type { KeyConfig } from "../../config/schema.ts";
import { StoreConflictError } from "../types.ts";

export function listKeys(database: Database): KeyConfig[] {
  return database.query<KeyConfig, []>("SELECT name, key FROM access_keys ORDER BY created_at, rowid").all();
}

/** Upsert by name; a key value held by another name is a conflict (authentication maps value → name). */
export function putKey(database: Database, key: KeyConfig, now: number): void {
  const write = database.transaction(() => {
    const holder = database.query<{ name: string }, { key: string; name: string }>("SELECT name FROM access_keys WHERE key = $key AND name <> $name").get({ key: key.key, name: key.name });
    if (holder) throw new StoreConflictError(`the key value of '${key.name}' is already used by key '${holder.name}'`);
    database
      .query("INSERT INTO access_keys (name, key, created_at, updated_at) VALUES ($name, $key, $now, $now) ON CONFLICT (name) DO UPDATE SET key = excluded.key, updated_at = excluded.updated_at")
      .run({ name: key.name, key: key.key, now });
  });
  write.immediate();
}

export function deleteKey(database: Database, name: string): boolean {
  return database.query("DELETE FROM access_keys WHERE name = $name").run({ name }).changes > 0;
}
