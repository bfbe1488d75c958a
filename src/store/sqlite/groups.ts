// In charge of the groups table (groups the admin API created) and the startup sync with the file.
import type { Database } from "bun:sqlite";
import { Value } from "@sinclair/typebox/value";
import { type GroupConfig, GroupSchema } from "../../config/schema.ts";

/**
 * Stored groups in creation order. A row that no longer fits the schema (hand-edited database)
 * is reported through `onInvalid` and left out rather than taking the server down.
 */
export function listGroups(database: Database, onInvalid: (error: Error) => void): GroupConfig[] {
  const rows = database.query<{ name: string; definition: string }, []>("SELECT name, definition FROM groups ORDER BY created_at, rowid").all();
  const groups: GroupConfig[] = [];
  for (const row of rows) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(row.definition);
    } catch (error) {
      onInvalid(new Error(`stored group '${row.name}' is not valid JSON: ${String(error)}`));
      continue;
    }
    // Defaults fill fields added to the schema after the row was written.
    const group: unknown = Value.Default(GroupSchema, parsed);
    if (Value.Check(GroupSchema, group)) groups.push({ ...group, name: row.name });
    else onInvalid(new Error(`stored group '${row.name}' does not match the group schema: ${Value.Errors(GroupSchema, group).First()?.message ?? "invalid"}`));
  }
  return groups;
}

export function putGroup(database: Database, group: GroupConfig, now: number): void {
  database
    .query(
      "INSERT INTO groups (name, definition, created_at, updated_at) VALUES ($name, $definition, $now, $now) " +
        "ON CONFLICT (name) DO UPDATE SET definition = excluded.definition, updated_at = excluded.updated_at",
    )
    .run({ name: group.name, definition: JSON.stringify(group), now });
}

export function deleteGroup(database: Database, name: string): boolean {
  return database.query("DELETE FROM groups WHERE name = $name").run({ name }).changes > 0;
}

/** Deletes the stored groups and keys the file declares (the file wins); answers the names removed. */
export function syncDeclared(database: Database, declared: { groups: readonly string[]; keys: readonly string[] }): { groups: string[]; keys: string[] } {
  const sync = database.transaction(() => {
    const groups = database
      .query<{ name: string }, { names: string }>("DELETE FROM groups WHERE name IN (SELECT value FROM json_each($names)) RETURNING name")
      .all({ names: JSON.stringify(declared.groups) })
      .map((row) => row.name);
    const keys = database
      .query<{ name: string }, { names: string }>("DELETE FROM access_keys WHERE name IN (SELECT value FROM json_each($names)) RETURNING name")
      .all({ names: JSON.stringify(declared.keys) })
      .map((row) => row.name);
    return { groups: groups.sort(), keys: keys.sort() };
  });
  return sync.immediate();
}
