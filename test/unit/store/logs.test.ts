import { afterEach, describe, expect, test } from "bun:test";
import { openStore } from "../../../src/store/index.ts";
import { LogQueue } from "../../../src/store/log-queue.ts";
import { SqliteStore } from "../../../src/store/sqlite/index.ts";
import type { RequestLogEntry, Store } from "../../../src/store/types.ts";
import { logEntry, tempDataDir } from "./helpers.ts";

const opened: Store[] = [];

function open(options: { logIntervalMs?: number; logBatchSize?: number; dataDir?: string } = {}): SqliteStore {
  const store = new SqliteStore({ dataDir: ":memory:", onError: (error) => { throw error; }, ...options });
  opened.push(store);
  return store;
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("logRequest batching", () => {
  test("an entry is not visible before flush, and is after", async () => {
    const store = open({ logIntervalMs: 60_000 });
    store.logRequest(logEntry({ id: "req_a" }));
    expect(await store.recentLogs(10)).toEqual([]);
    await store.flush();
    expect((await store.recentLogs(10)).map((entry) => entry.id)).toEqual(["req_a"]);
  });

  test("the interval timer writes on its own", async () => {
    const store = open({ logIntervalMs: 20 });
    store.logRequest(logEntry({ id: "req_timer" }));
    expect(await store.recentLogs(10)).toEqual([]);
    await sleep(80);
    expect((await store.recentLogs(10)).map((entry) => entry.id)).toEqual(["req_timer"]);
  });

  test("a full batch is written without waiting for the interval, but never inside the caller's call", async () => {
    const store = open({ logIntervalMs: 60_000, logBatchSize: 3 });
    for (const id of ["r1", "r2", "r3"]) store.logRequest(logEntry({ id }));
    expect(await store.recentLogs(10)).toEqual([]);
    await sleep(10);
    expect((await store.recentLogs(10)).length).toBe(3);
  });

  test("the caller may reuse its entry object", async () => {
    const store = open({ logIntervalMs: 60_000 });
    const entry = logEntry({ id: "first" });
    store.logRequest(entry);
    entry.id = "mutated";
    await store.flush();
    expect((await store.recentLogs(1))[0].id).toBe("first");
  });

  test("close flushes, later entries are dropped", async () => {
    const dataDir = tempDataDir();
    const store = new SqliteStore({ dataDir, logIntervalMs: 60_000 });
    store.logRequest(logEntry({ id: "before-close" }));
    await store.close();
    store.logRequest(logEntry({ id: "after-close" }));
    await store.close();
    const reopened = open({ dataDir });
    expect((await reopened.recentLogs(10)).map((entry) => entry.id)).toEqual(["before-close"]);
  });

  test("a failed batch is reported, not thrown, and later batches still go through", async () => {
    const written: string[][] = [];
    const errors: unknown[] = [];
    let fail = true;
    const queue = new LogQueue({
      write: (batch: RequestLogEntry[]) => {
        if (fail) throw new Error("disk full");
        written.push(batch.map((entry) => entry.id));
      },
      onError: (error) => errors.push(error),
      intervalMs: 60_000,
    });
    queue.push(logEntry({ id: "lost" }));
    await queue.flush();
    fail = false;
    queue.push(logEntry({ id: "kept" }));
    await queue.close();
    expect(errors.map(String)).toEqual(["Error: disk full"]);
    expect(written).toEqual([["kept"]]);
    expect(queue.pending).toBe(0);
  });
});

describe("log rows", () => {
  test("round-trip every field; optional ones stay absent", async () => {
    const store = open();
    const full = logEntry({
      id: "full", errorClass: "rate_limit", errorMessage: "429 from upstream", keyName: "cli", compat: true, stream: false,
      status: 429, outcome: "error", attempts: 2, cacheReadTokens: 30, cacheWriteTokens: 5, latencyMs: 412.6, ttfbMs: 99.4,
    });
    const bare: RequestLogEntry = {
      id: "bare", time: full.time + 1, group: "default", alias: "nope", clientProtocol: "openai", compat: false, stream: false,
      status: 404, outcome: "error", attempts: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, latencyMs: 1,
    };
    store.logRequest(full);
    store.logRequest(bare);
    await store.flush();
    const [newest, older] = await store.recentLogs(10);
    expect(newest).toEqual(bare);
    expect(older).toEqual({ ...full, latencyMs: 413, ttfbMs: 99 });
  });

  test("recentLogs: newest first, limited", async () => {
    const store = open();
    for (let index = 0; index < 5; index++) store.logRequest(logEntry({ id: `r${index}`, time: 1000 + index }));
    store.logRequest(logEntry({ id: "same-time-later", time: 1004 }));
    await store.flush();
    expect((await store.recentLogs(3)).map((entry) => entry.id)).toEqual(["same-time-later", "r4", "r3"]);
    expect(await store.recentLogs(0)).toEqual([]);
  });

  test("bodies are stored only when given, listed on request", async () => {
    const store = open();
    store.logRequest(logEntry({ id: "with", requestBody: '{"model":"x"}', responseBody: '{"ok":true}' }));
    store.logRequest(logEntry({ id: "without", time: logEntry().time + 1 }));
    await store.flush();
    expect(store.database.query<{ count: number }, []>("SELECT COUNT(*) AS count FROM request_bodies").get()?.count).toBe(1);
    const plain = await store.recentLogs(10);
    expect(plain.every((entry) => entry.requestBody === undefined && entry.responseBody === undefined)).toBe(true);
    const withBodies = await store.recentLogs(10, { withBodies: true });
    expect(withBodies.find((entry) => entry.id === "with")).toMatchObject({ requestBody: '{"model":"x"}', responseBody: '{"ok":true}' });
    expect(withBodies.find((entry) => entry.id === "without")?.requestBody).toBeUndefined();
    expect((await store.getLog("with"))?.responseBody).toBe('{"ok":true}');
    expect(await store.getLog("unknown")).toBeNull();
  });

  test("pruneLogs deletes rows before the cutoff with their bodies", async () => {
    const store = open();
    store.logRequest(logEntry({ id: "old", time: 1_000, requestBody: "{}" }));
    store.logRequest(logEntry({ id: "edge", time: 2_000, requestBody: "{}" }));
    store.logRequest(logEntry({ id: "new", time: 3_000 }));
    await store.flush();
    expect(await store.pruneLogs(2_000)).toBe(1);
    expect((await store.recentLogs(10)).map((entry) => entry.id)).toEqual(["new", "edge"]);
    expect(store.database.query<{ count: number }, []>("SELECT COUNT(*) AS count FROM request_bodies").get()?.count).toBe(1);
  });

  test("openStore answers a working Store", async () => {
    const store = openStore({ dataDir: ":memory:" });
    opened.push(store);
    store.logRequest(logEntry());
    await store.flush();
    expect((await store.recentLogs(1)).length).toBe(1);
  });
});
