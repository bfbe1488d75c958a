import { describe, expect, test } from "bun:test";
import type { TimeseriesRow } from "../../../src/store/types.ts";
import { bucketStarts, customRange, OTHER_SERIES, pickBucket, presetRange, seriesColumns, sumRows, totalsColumns } from "../../../src/ui/series.ts";

const MINUTE = 60_000;
const T0 = Date.UTC(2025, 0, 15, 10, 0, 0);

function row(time: number, overrides: Partial<TimeseriesRow> = {}): TimeseriesRow {
  return { time, requests: 1, errors: 0, cancelled: 0, inputTokens: 10, outputTokens: 2, cacheReadTokens: 1, cacheWriteTokens: 0, p50LatencyMs: 100, p95LatencyMs: 200, ...overrides };
}

describe("ranges and buckets", () => {
  test("bucket width keeps charts between a few and a few hundred points", () => {
    expect(pickBucket(15 * MINUTE)).toBe("minute");
    expect(pickBucket(6 * 60 * MINUTE)).toBe("minute");
    expect(pickBucket(24 * 60 * MINUTE)).toBe("hour");
    expect(pickBucket(7 * 24 * 60 * MINUTE)).toBe("hour");
    expect(pickBucket(30 * 24 * 60 * MINUTE)).toBe("day");
  });
  test("presets end now; unknown ids mean the last hour", () => {
    expect(presetRange("15m", T0)).toEqual({ from: T0 - 15 * MINUTE, to: T0, bucket: "minute" });
    expect(presetRange("30d", T0).bucket).toBe("day");
    expect(presetRange("nope", T0)).toEqual({ from: T0 - 60 * MINUTE, to: T0, bucket: "minute" });
  });
  test("custom ranges need both ends in order", () => {
    expect(customRange(T0, T0 + 2 * 86_400_000)).toEqual({ from: T0, to: T0 + 2 * 86_400_000, bucket: "hour" });
    expect(customRange(T0, T0)).toBe("The end must be after the start.");
    expect(customRange(Number.NaN, T0)).toBe("Enter both a start and an end time.");
  });
  test("bucket starts are UTC-aligned like the server's and cover [from, to)", () => {
    expect(bucketStarts({ from: T0 + 30_000, to: T0 + 3 * MINUTE, bucket: "minute" })).toEqual([T0, T0 + MINUTE, T0 + 2 * MINUTE]);
    expect(bucketStarts({ from: T0, to: T0 + 3 * MINUTE + 1, bucket: "minute" })).toHaveLength(4);
  });
});

describe("totalsColumns", () => {
  test("fills empty buckets: counts with 0, latencies with null (no line through them)", () => {
    const range = { from: T0, to: T0 + 4 * MINUTE, bucket: "minute" as const };
    const columns = totalsColumns([row(T0 + MINUTE, { requests: 3, errors: 1 }), row(T0 + 3 * MINUTE), row(T0 - MINUTE)], range);
    expect(columns.x).toEqual([T0 / 1000, T0 / 1000 + 60, T0 / 1000 + 120, T0 / 1000 + 180]);
    expect(columns.values.requests).toEqual([0, 3, 0, 1]);
    expect(columns.values.errors).toEqual([0, 1, 0, 0]);
    expect(columns.values.p95LatencyMs).toEqual([null, 200, null, 200]);
  });
});

describe("seriesColumns", () => {
  const range = { from: T0, to: T0 + 2 * MINUTE, bucket: "minute" as const };
  test("one column per series, busiest first", () => {
    const columns = seriesColumns([row(T0, { key: "b", requests: 1 }), row(T0, { key: "a", requests: 2 }), row(T0 + MINUTE, { key: "b", requests: 5 })], range);
    expect(columns.keys).toEqual(["b", "a"]);
    expect(columns.requests).toEqual([[1, 5], [2, 0]]);
  });
  test("beyond the limit the quietest series are summed into 'other'", () => {
    const rows = ["a", "b", "c", "d"].map((key, index) => row(T0, { key, requests: 10 - index }));
    const columns = seriesColumns(rows, range, 3);
    expect(columns.keys).toEqual(["a", "b", OTHER_SERIES]);
    expect(columns.requests.map((values) => values[0])).toEqual([10, 9, 8 + 7]);
  });
});

test("sumRows adds cache reads and writes together", () => {
  expect(sumRows([row(T0), row(T0 + MINUTE, { cacheWriteTokens: 4, errors: 1 })])).toEqual({ requests: 2, errors: 1, inputTokens: 20, outputTokens: 4, cacheTokens: 6 });
});
