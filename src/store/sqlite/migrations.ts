// In charge of the database schema: forward-only migrations, applied once each, in order.
import type { Database } from "bun:sqlite";

export interface Migration {
  /** Strictly increasing; never renumber or edit a released migration, add a new one. */
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "initial",
    sql: `
      CREATE TABLE state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );

      CREATE TABLE groups (
        name TEXT PRIMARY KEY,
        definition TEXT NOT NULL,          -- GroupConfig as JSON (aliases included)
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );

      CREATE TABLE access_keys (
        name TEXT PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,          -- authentication looks keys up by value
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );

      CREATE TABLE request_logs (
        seq INTEGER PRIMARY KEY,           -- rowid: insertion order, ties on time
        id TEXT NOT NULL,
        time INTEGER NOT NULL,
        group_name TEXT NOT NULL,
        alias TEXT NOT NULL,
        provider TEXT,
        upstream_model TEXT,
        client_protocol TEXT NOT NULL,
        upstream_protocol TEXT,
        compat INTEGER NOT NULL,
        stream INTEGER NOT NULL,
        status INTEGER NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'error', 'cancelled')),
        error_class TEXT,
        error_message TEXT,
        attempts INTEGER NOT NULL,
        input_tokens INTEGER NOT NULL,
        output_tokens INTEGER NOT NULL,
        cache_read_tokens INTEGER NOT NULL,
        cache_write_tokens INTEGER NOT NULL,
        ttfb_ms INTEGER,
        latency_ms INTEGER NOT NULL,
        key_name TEXT
      );
      CREATE INDEX request_logs_time ON request_logs (time);
      CREATE INDEX request_logs_id ON request_logs (id);

      -- Bodies apart, so stats and log lists never read them.
      CREATE TABLE request_bodies (
        seq INTEGER PRIMARY KEY REFERENCES request_logs (seq) ON DELETE CASCADE,
        request_body TEXT,
        response_body TEXT
      );
    `,
  },
  {
    version: 2,
    name: "responses",
    sql: `
      -- Responses API answers for previous_response_id (never for store: false requests).
      CREATE TABLE responses (
        id TEXT PRIMARY KEY,               -- resp_… as the client saw it
        created_at INTEGER NOT NULL,
        key_name TEXT,                     -- only the same access key may continue or read it
        response TEXT NOT NULL,            -- the Response object (JSON)
        items TEXT NOT NULL                -- input + output items to replay (JSON array)
      );
      CREATE INDEX responses_created_at ON responses (created_at);

      -- Output items by their own id, for input items {"type": "item_reference", "id"} (the AI SDK sends them).
      CREATE TABLE response_items (
        id TEXT PRIMARY KEY,
        response_id TEXT NOT NULL REFERENCES responses (id) ON DELETE CASCADE,
        item TEXT NOT NULL                 -- the output item (JSON)
      );
      CREATE INDEX response_items_response ON response_items (response_id);
    `,
  },
];

/**
 * Applies the migrations not yet recorded in schema_migrations, all in one IMMEDIATE transaction
 * (a second process starting at the same time waits, then sees them applied). Refuses a database
 * written by a newer ccproxy, whose schema this code does not know.
 */
export function migrate(database: Database, migrations: readonly Migration[] = MIGRATIONS, now: number = Date.now()): number[] {
  assertOrdered(migrations);
  database.run(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  )`);
  const apply = database.transaction((): number[] => {
    const rows = database.query<{ version: number }, []>("SELECT version FROM schema_migrations").all();
    const applied = new Set(rows.map((row) => row.version));
    const newest = migrations.at(-1)?.version ?? 0;
    const unknown = [...applied].filter((version) => version > newest);
    if (unknown.length > 0) throw new Error(`database schema version ${Math.max(...unknown)} is newer than this ccproxy knows (${newest}); upgrade ccproxy`);
    const done: number[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      database.run(migration.sql);
      database.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($version, $name, $applied_at)").run({ version: migration.version, name: migration.name, applied_at: now });
      done.push(migration.version);
    }
    return done;
  });
  return apply.immediate();
}

function assertOrdered(migrations: readonly Migration[]): void {
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i].version <= migrations[i - 1].version) throw new Error(`migration ${migrations[i].name} must have a version above ${migrations[i - 1].version}`);
  }
}
