// In charge of the overview's time maths: range presets, bucket choice, and timeseries rows → aligned chart columns (pure).
import { BUCKET_MS, type TimeseriesBucket, type TimeseriesRow } from "../store/types.ts";

export interface RangePreset {
  id: string;
  label: string;
  spanMs: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const RANGE_PRESETS: readonly RangePreset[] = [
  { id: "15m", label: "Last 15 minutes", spanMs: 15 * MINUTE },
  { id: "1h", label: "Last hour", spanMs: HOUR },
  { id: "6h", label: "Last 6 hours", spanMs: 6 * HOUR },
  { id: "24h", label: "Last 24 hours", spanMs: DAY },
  { id: "7d", label: "Last 7 days", spanMs: 7 * DAY },
  { id: "30d", label: "Last 30 days", spanMs: 30 * DAY },
];

export interface TimeRange {
  from: number;
  to: number;
  bucket: TimeseriesBucket;
}

/** Keeps a chart between ~15 and ~400 points: minutes up to 6 h, hours up to 8 days, then days. */
export function pickBucket(spanMs: number): TimeseriesBucket {
  if (spanMs <= 6 * HOUR) return "minute";
  if (spanMs <= 8 * DAY) return "hour";
  return "day";
}

/** A preset ending now. Unknown ids fall back to the first hour. */
export function presetRange(id: string, now: number): TimeRange {
  const preset = RANGE_PRESETS.find((candidate) => candidate.id === id) ?? RANGE_PRESETS[1];
  return { from: now - preset.spanMs, to: now, bucket: pickBucket(preset.spanMs) };
}

/** A range typed by hand; a message when it cannot be used. */
export function customRange(from: number, to: number): TimeRange | string {
  if (!Number.isFinite(from) || !Number.isFinite(to)) return "Enter both a start and an end time.";
  if (to <= from) return "The end must be after the start.";
  return { from, to, bucket: pickBucket(to - from) };
}

/** UTC-aligned bucket starts covering [from, to), as the server aligns them. */
export function bucketStarts(range: TimeRange): number[] {
  const width = BUCKET_MS[range.bucket];
  const starts: number[] = [];
  for (let start = Math.floor(range.from / width) * width; start < range.to; start += width) starts.push(start);
  return starts;
}

export type Metric = "requests" | "errors" | "inputTokens" | "outputTokens" | "cacheReadTokens" | "cacheWriteTokens" | "p50LatencyMs" | "p95LatencyMs";

/** Column-oriented data, as uPlot wants it: x in epoch seconds, one array per metric. */
export interface TotalsColumns {
  x: number[];
  /** Counts are 0 in empty buckets; latencies are null there (no request, no latency). */
  values: Record<Metric, (number | null)[]>;
}

const METRICS: readonly Metric[] = ["requests", "errors", "inputTokens", "outputTokens", "cacheReadTokens", "cacheWriteTokens", "p50LatencyMs", "p95LatencyMs"];
const isLatency = (metric: Metric) => metric === "p50LatencyMs" || metric === "p95LatencyMs";

/** Rows of a timeseries answer without `by` → one column per metric over every bucket of the range. */
export function totalsColumns(rows: readonly TimeseriesRow[], range: TimeRange): TotalsColumns {
  const starts = bucketStarts(range);
  const index = new Map(starts.map((start, position) => [start, position]));
  const values = {} as Record<Metric, (number | null)[]>;
  for (const metric of METRICS) values[metric] = starts.map(() => (isLatency(metric) ? null : 0));
  for (const row of rows) {
    const position = index.get(row.time);
    if (position === undefined) continue;
    for (const metric of METRICS) values[metric][position] = row[metric];
  }
  return { x: starts.map((start) => start / 1000), values };
}

export interface SeriesColumns {
  x: number[];
  /** Series names, busiest first; "other" gathers the rest when there are more than the limit. */
  keys: string[];
  requests: number[][];
}

export const OTHER_SERIES = "other";

/** Rows of a timeseries answer with `by` → requests per series, the `limit` busiest kept apart. */
export function seriesColumns(rows: readonly TimeseriesRow[], range: TimeRange, limit = 6): SeriesColumns {
  const starts = bucketStarts(range);
  const index = new Map(starts.map((start, position) => [start, position]));
  const totals = new Map<string, number>();
  for (const row of rows) totals.set(row.key ?? "", (totals.get(row.key ?? "") ?? 0) + row.requests);
  const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([key]) => key);
  const kept = ranked.length > limit ? ranked.slice(0, limit - 1) : ranked;
  const keys = ranked.length > limit ? [...kept, OTHER_SERIES] : kept;
  const requests = keys.map(() => starts.map(() => 0));
  for (const row of rows) {
    const position = index.get(row.time);
    if (position === undefined) continue;
    const slot = kept.indexOf(row.key ?? "");
    requests[slot === -1 ? keys.length - 1 : slot][position] += row.requests;
  }
  return { x: starts.map((start) => start / 1000), keys, requests };
}

export interface Totals {
  requests: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  cacheTokens: number;
}

/** The overview cards: sums over the range. */
export function sumRows(rows: readonly TimeseriesRow[]): Totals {
  const totals: Totals = { requests: 0, errors: 0, inputTokens: 0, outputTokens: 0, cacheTokens: 0 };
  for (const row of rows) {
    totals.requests += row.requests;
    totals.errors += row.errors;
    totals.inputTokens += row.inputTokens;
    totals.outputTokens += row.outputTokens;
    totals.cacheTokens += row.cacheReadTokens + row.cacheWriteTokens;
  }
  return totals;
}
