import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { SqliteStore } from "../../../src/store/sqlite/index.ts";
import { logEntry } from "./helpers.ts";

const DAY = 86_400_000;
const JAN_15 = Date.UTC(2025, 0, 15, 10, 0, 0);
const JAN_16 = JAN_15 + DAY;

let store: SqliteStore;

/** Deterministic shuffle, so insertion order is not latency order. */
function shuffled<T>(items: T[]): T[] {
  const out = [...items];
  let seed = 7;
  for (let index = out.length - 1; index > 0; index--) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const other = seed % (index + 1);
    [out[index], out[other]] = [out[other], out[index]];
  }
  return out;
}

beforeAll(async () => {
  store = new SqliteStore({ dataDir: ":memory:" });
  // alias "hundred": latencies 1..100 on Jan 15 via provider "a", key "cli".
  for (const latency of shuffled(Array.from({ length: 100 }, (_, index) => index + 1))) {
    store.logRequest(logEntry({ id: `h${latency}`, time: JAN_15 + latency, alias: "hundred", provider: "a", upstreamModel: "m1", keyName: "cli", latencyMs: latency, inputTokens: 10, outputTokens: 2, cacheReadTokens: 1, cacheWriteTokens: 3 }));
  }
  // alias "pair": two requests on Jan 16 via provider "b", no key; one error, one cancelled.
  store.logRequest(logEntry({ id: "p1", time: JAN_16, alias: "pair", provider: "b", upstreamModel: "m2", latencyMs: 20, outcome: "error", status: 502, inputTokens: 5, outputTokens: 0 }));
  store.logRequest(logEntry({ id: "p2", time: JAN_16 + 1, alias: "pair", provider: "b", upstreamModel: "m2", latencyMs: 10, outcome: "cancelled", status: 499, inputTokens: 7, outputTokens: 1 }));
  // alias "single": one unrouted request.
  store.logRequest(logEntry({ id: "s1", time: JAN_16 + 2, alias: "single", provider: undefined, upstreamModel: undefined, latencyMs: 7, outcome: "error", status: 404, inputTokens: 0, outputTokens: 0 }));
  await store.flush();
});

afterAll(async () => {
  await store.close();
});

describe("stats", () => {
  test("by alias: counts, token sums and nearest-rank p50/p95", async () => {
    const rows = await store.stats({ by: "alias" });
    expect(rows).toEqual([
      { key: "hundred", requests: 100, errors: 0, cancelled: 0, inputTokens: 1000, outputTokens: 200, cacheReadTokens: 100, cacheWriteTokens: 300, p50LatencyMs: 50, p95LatencyMs: 95 },
      { key: "pair", requests: 2, errors: 1, cancelled: 1, inputTokens: 12, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0, p50LatencyMs: 10, p95LatencyMs: 20 },
      { key: "single", requests: 1, errors: 1, cancelled: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, p50LatencyMs: 7, p95LatencyMs: 7 },
    ]);
  });

  test("by provider, model and key: missing values are '(none)'", async () => {
    expect((await store.stats({ by: "provider" })).map((row) => [row.key, row.requests])).toEqual([["a", 100], ["b", 2], ["(none)", 1]]);
    expect((await store.stats({ by: "model" })).map((row) => [row.key, row.requests])).toEqual([["m1", 100], ["m2", 2], ["(none)", 1]]);
    expect((await store.stats({ by: "key" })).map((row) => [row.key, row.requests])).toEqual([["cli", 100], ["(none)", 3]]);
  });

  test("by day: UTC days in ascending order", async () => {
    const rows = await store.stats({ by: "day" });
    expect(rows.map((row) => [row.key, row.requests, row.p50LatencyMs])).toEqual([["2025-01-15", 100, 50], ["2025-01-16", 3, 10]]);
  });

  test("from is inclusive, to exclusive", async () => {
    expect((await store.stats({ by: "alias", from: JAN_16 })).map((row) => row.key)).toEqual(["pair", "single"]);
    expect((await store.stats({ by: "alias", from: JAN_16, to: JAN_16 + 1 })).map((row) => [row.key, row.requests])).toEqual([["pair", 1]]);
    const early = await store.stats({ by: "alias", to: JAN_15 + 11 });
    expect(early).toEqual([expect.objectContaining({ key: "hundred", requests: 10, p50LatencyMs: 5, p95LatencyMs: 10 })]);
    expect(await store.stats({ by: "alias", from: JAN_16 + DAY })).toEqual([]);
  });
});
