// In charge of the responses tables: Responses API answers kept for previous_response_id and item_reference.
import type { Database } from "bun:sqlite";
import type { StoredResponse } from "../types.ts";

/** A hard bound besides the time retention: a proxy is not an archive (oldest rows go first). */
export const MAX_STORED_RESPONSES = 10_000;

interface Row {
  id: string;
  created_at: number;
  key_name: string | null;
  response: string;
  items: string;
}

function toEntry(row: Row): StoredResponse {
  const entry: StoredResponse = { id: row.id, time: row.created_at, response: row.response, items: row.items };
  if (row.key_name !== null) entry.keyName = row.key_name;
  return entry;
}

/** Upsert by id with its output items, then trims the table to `limit` rows (oldest first; items follow by cascade). */
export function putResponse(database: Database, entry: StoredResponse, limit = MAX_STORED_RESPONSES): void {
  const write = database.transaction(() => {
    database.query("DELETE FROM responses WHERE id = $id").run({ id: entry.id });
    database
      .query("INSERT INTO responses (id, created_at, key_name, response, items) VALUES ($id, $time, $key, $response, $items)")
      .run({ id: entry.id, time: entry.time, key: entry.keyName ?? null, response: entry.response, items: entry.items });
    const insertItem = database.query("INSERT OR REPLACE INTO response_items (id, response_id, item) VALUES ($id, $response, $item)");
    for (const item of entry.outputItems ?? []) insertItem.run({ id: item.id, response: entry.id, item: item.item });
    database.query("DELETE FROM responses WHERE rowid IN (SELECT rowid FROM responses ORDER BY created_at DESC, rowid DESC LIMIT -1 OFFSET $limit)").run({ limit });
  });
  write.immediate();
}

export function getResponse(database: Database, id: string): StoredResponse | null {
  const row = database.query<Row, { id: string }>("SELECT id, created_at, key_name, response, items FROM responses WHERE id = $id").get({ id });
  return row ? toEntry(row) : null;
}

export function getResponseItems(database: Database, ids: readonly string[], keyName: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  const select = database.query<{ item: string }, { id: string; key: string | null }>(
    "SELECT i.item FROM response_items i JOIN responses r ON r.id = i.response_id WHERE i.id = $id AND r.key_name IS $key",
  );
  for (const id of new Set(ids)) {
    const row = select.get({ id, key: keyName ?? null });
    if (row) out.set(id, row.item);
  }
  return out;
}

export function pruneResponses(database: Database, olderThanMs: number): number {
  return database.query("DELETE FROM responses WHERE created_at < $cutoff").run({ cutoff: olderThanMs }).changes;
}
