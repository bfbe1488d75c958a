import { afterEach, describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { openStore } from "../../../src/store/index.ts";
import { journalMode, openDatabase } from "../../../src/store/sqlite/db.ts";
import { SqliteStore } from "../../../src/store/sqlite/index.ts";
import { MIGRATIONS, migrate } from "../../../src/store/sqlite/migrations.ts";
import { StoreConflictError, type Store } from "../../../src/store/types.ts";
import { group, tempDataDir } from "./helpers.ts";

const opened: Store[] = [];

function open(dataDir: string): Store {
  const store = openStore({ dataDir, onError: (error) => { throw error; } });
  opened.push(store);
  return store;
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
});

describe("opening", () => {
  test("creates data_dir and ccproxy.db in WAL mode with foreign keys on", async () => {
    const dataDir = tempDataDir();
    const store = open(dataDir);
    expect(existsSync(join(dataDir, "ccproxy.db"))).toBe(true);
    expect(store).toBeInstanceOf(SqliteStore);
    const database = (store as SqliteStore).database;
    expect(journalMode(database)).toBe("wal");
    expect(database.query<{ foreign_keys: number }, []>("PRAGMA foreign_keys").get()?.foreign_keys).toBe(1);
    expect(database.query<{ timeout: number }, []>("PRAGMA busy_timeout").get()?.timeout).toBe(5000);
  });

  test("migrations are applied once: opening twice changes nothing", async () => {
    const dataDir = tempDataDir();
    await open(dataDir).close();
    const database = openDatabase(dataDir);
    try {
      expect(migrate(database)).toEqual([]);
      const rows = database.query<{ version: number; name: string }, []>("SELECT version, name FROM schema_migrations ORDER BY version").all();
      expect(rows).toEqual(MIGRATIONS.map(({ version, name }) => ({ version, name })));
    } finally {
      database.close();
    }
    const again = open(dataDir);
    expect(await again.listGroups()).toEqual([]);
  });

  test("a fresh database gets every migration, in order", () => {
    const database = new Database(":memory:", { strict: true });
    expect(migrate(database)).toEqual(MIGRATIONS.map((migration) => migration.version));
    database.close();
  });

  test("migrations must be ordered, and a newer database is refused", () => {
    const database = new Database(":memory:", { strict: true });
    expect(() => migrate(database, [{ version: 2, name: "b", sql: "" }, { version: 1, name: "a", sql: "" }])).toThrow("must have a version above 2");
    migrate(database);
    database.run("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 0)");
    expect(() => migrate(database)).toThrow("database schema version 999 is newer");
    database.close();
  });

  test(":memory: works without a directory", async () => {
    const store = open(":memory:");
    await store.setActiveGroup("x");
    expect(await store.getActiveGroup()).toBe("x");
  });
});

describe("state", () => {
  test("active group and generic values", async () => {
    const store = open(":memory:");
    expect(await store.getActiveGroup()).toBeNull();
    await store.setActiveGroup("work");
    await store.setActiveGroup("fast");
    expect(await store.getActiveGroup()).toBe("fast");
    expect(await store.getState("rotation")).toBeNull();
    await store.setState("rotation", JSON.stringify({ "key:a": 2 }));
    expect(JSON.parse((await store.getState("rotation")) ?? "null")).toEqual({ "key:a": 2 });
    expect(await store.deleteState("rotation")).toBe(true);
    expect(await store.deleteState("rotation")).toBe(false);
    expect(await store.getState("rotation")).toBeNull();
  });
});

describe("groups and keys", () => {
  test("put, replace, list in creation order, delete", async () => {
    const store = open(":memory:");
    await store.putGroup(group("b"));
    await store.putGroup(group("a"));
    await store.putGroup({ ...group("b"), prompt_injection: "enhance", prompt_text: "Be brief." });
    const groups = await store.listGroups();
    expect(groups.map((entry) => entry.name)).toEqual(["b", "a"]);
    expect(groups[0]).toMatchObject({ prompt_injection: "enhance", prompt_text: "Be brief.", aliases: [{ alias: "*", targets: ["ollama/*"] }] });
    expect(await store.deleteGroup("a")).toBe(true);
    expect(await store.deleteGroup("a")).toBe(false);
    expect((await store.listGroups()).map((entry) => entry.name)).toEqual(["b"]);
  });

  test("stored groups get defaults for fields added later", async () => {
    const store = open(":memory:") as SqliteStore;
    store.database.run(`INSERT INTO groups (name, definition, created_at, updated_at) VALUES ('old', '{"name":"old","aliases":[]}', 0, 0)`);
    expect(await store.listGroups()).toEqual([{ name: "old", prompt_injection: "off", prompt_text: "", prompt_position: "system", tool_filter: [], temperature_ratio: 1, aliases: [] }]);
  });

  test("a corrupt stored group is reported and left out", async () => {
    const errors: unknown[] = [];
    const store = openStore({ dataDir: ":memory:", onError: (error) => errors.push(error) }) as SqliteStore;
    opened.push(store);
    store.database.run(`INSERT INTO groups (name, definition, created_at, updated_at) VALUES ('bad', '{"name":"bad","temperature_ratio":"hot"}', 0, 0), ('worse', 'not json', 1, 1)`);
    await store.putGroup(group("good"));
    expect((await store.listGroups()).map((entry) => entry.name)).toEqual(["good"]);
    expect(errors.map(String)).toEqual([expect.stringContaining("stored group 'bad'"), expect.stringContaining("stored group 'worse'")]);
  });

  test("keys: upsert by name, a value held by another name is a conflict", async () => {
    const store = open(":memory:");
    await store.putKey({ name: "cli", key: "sk-1" });
    await store.putKey({ name: "ide", key: "sk-2" });
    await store.putKey({ name: "cli", key: "sk-3" });
    expect(await store.listKeys()).toEqual([{ name: "cli", key: "sk-3" }, { name: "ide", key: "sk-2" }]);
    await expect(store.putKey({ name: "other", key: "sk-2" })).rejects.toBeInstanceOf(StoreConflictError);
    await store.putKey({ name: "ide", key: "sk-2" });
    expect(await store.deleteKey("ide")).toBe(true);
    expect(await store.deleteKey("ide")).toBe(false);
    expect(await store.listKeys()).toEqual([{ name: "cli", key: "sk-3" }]);
  });

  test("syncDeclared deletes what the file declares and keeps the rest", async () => {
    const store = open(":memory:");
    await store.putGroup(group("default"));
    await store.putGroup(group("runtime"));
    await store.putKey({ name: "cli", key: "sk-1" });
    await store.putKey({ name: "adhoc", key: "sk-2" });
    const removed = await store.syncDeclared({ groups: ["default", "declared-only"], keys: ["cli"] });
    expect(removed).toEqual({ groups: ["default"], keys: ["cli"] });
    expect((await store.listGroups()).map((entry) => entry.name)).toEqual(["runtime"]);
    expect(await store.listKeys()).toEqual([{ name: "adhoc", key: "sk-2" }]);
    expect(await store.syncDeclared({ groups: [], keys: [] })).toEqual({ groups: [], keys: [] });
    expect((await store.listGroups()).map((entry) => entry.name)).toEqual(["runtime"]);
  });
});

describe("persistence", () => {
  test("everything survives a reopen of the same data_dir", async () => {
    const dataDir = tempDataDir();
    const first = open(dataDir);
    await first.setActiveGroup("work");
    await first.setState("rotation", "{}");
    await first.putGroup(group("work", "claude-*"));
    await first.putKey({ name: "cli", key: "sk-1" });
    first.logRequest({
      id: "req_persist", time: 1, group: "work", alias: "claude-x", clientProtocol: "claude", compat: false, stream: false,
      status: 200, outcome: "ok", attempts: 1, inputTokens: 1, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0, latencyMs: 5,
    });
    await first.close();

    const second = open(dataDir);
    expect(await second.getActiveGroup()).toBe("work");
    expect(await second.getState("rotation")).toBe("{}");
    expect((await second.listGroups())[0].aliases[0].alias).toBe("claude-*");
    expect(await second.listKeys()).toEqual([{ name: "cli", key: "sk-1" }]);
    expect((await second.recentLogs(10)).map((entry) => entry.id)).toEqual(["req_persist"]);
  });
});
