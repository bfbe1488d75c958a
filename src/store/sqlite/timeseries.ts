// In charge of usage over time (dashboard charts), aggregated in SQL from request_logs per UTC time bucket.
import type { Database } from "bun:sqlite";
import { BUCKET_MS, type TimeseriesQuery, type TimeseriesRow } from "../types.ts";
import { AGGREGATES, bucketExpression } from "./stats.ts";

interface Row extends Omit<TimeseriesRow, "key"> {
  key: string;
}

/**
 * Same nearest-rank percentiles as stats.ts, partitioned by (bucket, series). `time / $width` is
 * integer division (time is an INTEGER column), so buckets are aligned to UTC epoch multiples.
 * The series expression is a fixed text per dimension, never built from input.
 */
function timeseriesSql(query: TimeseriesQuery): string {
  const series = query.by ? bucketExpression(query.by) : "''";
  const partition = `time / $width, ${series}`;
  return `
    WITH ranked AS (
      SELECT (time / $width) * $width AS bucket_time, ${series} AS series_key,
        outcome, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, latency_ms,
        ROW_NUMBER() OVER (PARTITION BY ${partition} ORDER BY latency_ms) AS latency_rank,
        COUNT(*) OVER (PARTITION BY ${partition}) AS bucket_size
      FROM request_logs
      WHERE time >= $from AND time < $to
    )
    SELECT
      bucket_time AS time,
      series_key AS key,
      ${AGGREGATES}
    FROM ranked
    GROUP BY bucket_time, series_key
    ORDER BY bucket_time ASC, requests DESC, series_key ASC`;
}

export function timeseries(database: Database, query: TimeseriesQuery): TimeseriesRow[] {
  const rows = database.query<Row, { width: number; from: number; to: number }>(timeseriesSql(query)).all({
    width: BUCKET_MS[query.bucket],
    from: query.from ?? Number.MIN_SAFE_INTEGER,
    to: query.to ?? Number.MAX_SAFE_INTEGER,
  });
  if (query.by) return rows;
  // Without `by` there is one series; the placeholder key is not part of the answer.
  return rows.map(({ key: _key, ...row }) => row);
}
