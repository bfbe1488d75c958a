import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { SqliteStore } from "../../../src/store/sqlite/index.ts";
import { logEntry } from "./helpers.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = Date.UTC(2025, 0, 15, 10, 0, 0);

let store: SqliteStore;

beforeAll(async () => {
  store = new SqliteStore({ dataDir: ":memory:" });
  // Minute 0: four requests via provider "a" (latencies 10, 20, 30, 40), one an error.
  for (const [index, latency] of [40, 10, 30, 20].entries()) {
    store.logRequest(logEntry({ id: `a${index}`, time: T0 + index * 1000, provider: "a", alias: "x", latencyMs: latency, inputTokens: 10, outputTokens: 1, cacheReadTokens: 2, cacheWriteTokens: 3, outcome: index === 0 ? "error" : "ok" }));
  }
  // Minute 0: one request via provider "b"; minute 2: one via "a"; an hour later: one unrouted.
  store.logRequest(logEntry({ id: "b0", time: T0 + 59_999, provider: "b", alias: "y", latencyMs: 5, inputTokens: 1, outputTokens: 1 }));
  store.logRequest(logEntry({ id: "a9", time: T0 + 2 * MINUTE + 5, provider: "a", alias: "x", latencyMs: 7, inputTokens: 1, outputTokens: 0, outcome: "cancelled", status: 499 }));
  store.logRequest(logEntry({ id: "n0", time: T0 + HOUR + 1, provider: undefined, upstreamModel: undefined, alias: "z", latencyMs: 3, inputTokens: 0, outputTokens: 0, outcome: "error", status: 404 }));
  await store.flush();
});

afterAll(async () => {
  await store.close();
});

describe("timeseries", () => {
  test("per minute, one series: empty buckets left out, nearest-rank percentiles per bucket", async () => {
    const rows = await store.timeseries({ bucket: "minute" });
    expect(rows).toEqual([
      { time: T0, requests: 5, errors: 1, cancelled: 0, inputTokens: 41, outputTokens: 5, cacheReadTokens: 8, cacheWriteTokens: 12, p50LatencyMs: 20, p95LatencyMs: 40 },
      { time: T0 + 2 * MINUTE, requests: 1, errors: 0, cancelled: 1, inputTokens: 1, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, p50LatencyMs: 7, p95LatencyMs: 7 },
      { time: T0 + HOUR, requests: 1, errors: 1, cancelled: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, p50LatencyMs: 3, p95LatencyMs: 3 },
    ]);
  });

  test("per hour by provider: one row per (bucket, series), busiest series first, (none) for unrouted", async () => {
    const rows = await store.timeseries({ bucket: "hour", by: "provider" });
    expect(rows.map((row) => [row.time, row.key, row.requests, row.p50LatencyMs])).toEqual([
      [T0, "a", 5, 20],
      [T0, "b", 1, 5],
      [T0 + HOUR, "(none)", 1, 3],
    ]);
  });

  test("from is inclusive, to exclusive; day buckets are UTC days", async () => {
    const rows = await store.timeseries({ bucket: "day", from: T0 + 59_999, to: T0 + HOUR + 1 });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ time: Date.UTC(2025, 0, 15), requests: 2 });
  });

  test("by alias and by key", async () => {
    const byAlias = await store.timeseries({ bucket: "day", by: "alias" });
    expect(byAlias.map((row) => [row.key, row.requests])).toEqual([["x", 5], ["y", 1], ["z", 1]]);
    const byKey = await store.timeseries({ bucket: "day", by: "key" });
    expect(byKey.map((row) => [row.key, row.requests])).toEqual([["(none)", 7]]);
  });
});
