// In charge of usage statistics, aggregated in SQL from request_logs.
import type { Database } from "bun:sqlite";
import { NO_VALUE_KEY, type StatsDimension, type StatsQuery, type StatsRow } from "../types.ts";

/** The bucket expression per dimension; fixed texts only, never built from input. */
export function bucketExpression(by: StatsDimension): string {
  switch (by) {
    case "alias":
      return `COALESCE(alias, '${NO_VALUE_KEY}')`;
    case "provider":
      return `COALESCE(provider, '${NO_VALUE_KEY}')`;
    case "model":
      return `COALESCE(upstream_model, '${NO_VALUE_KEY}')`;
    case "key":
      return `COALESCE(key_name, '${NO_VALUE_KEY}')`;
    case "day":
      // UTC days: the same answer whatever the server's time zone.
      return "strftime('%Y-%m-%d', time / 1000, 'unixepoch')";
    default: {
      const unreachable: never = by;
      return unreachable;
    }
  }
}

/**
 * Percentiles are nearest-rank: the value at rank ceil(p·n/100) of the bucket's latencies in
 * ascending order, computed with window functions so no latency list leaves SQLite.
 * `(n * p + 99) / 100` is that ceiling in integer arithmetic.
 */
/**
 * The per-bucket numbers stats and timeseries share, over a `ranked` CTE with latency_rank and
 * bucket_size: nearest-rank p50/p95 (rank = ceil(n × p / 100)).
 */
export const AGGREGATES = `COUNT(*) AS requests,
      SUM(outcome = 'error') AS errors,
      SUM(outcome = 'cancelled') AS cancelled,
      SUM(input_tokens) AS inputTokens,
      SUM(output_tokens) AS outputTokens,
      SUM(cache_read_tokens) AS cacheReadTokens,
      SUM(cache_write_tokens) AS cacheWriteTokens,
      MAX(CASE WHEN latency_rank = (bucket_size * 50 + 99) / 100 THEN latency_ms END) AS p50LatencyMs,
      MAX(CASE WHEN latency_rank = (bucket_size * 95 + 99) / 100 THEN latency_ms END) AS p95LatencyMs`;

function statsSql(by: StatsDimension): string {
  const bucket = bucketExpression(by);
  const order = by === "day" ? "bucket_key ASC" : "requests DESC, bucket_key ASC";
  return `
    WITH ranked AS (
      SELECT ${bucket} AS bucket_key, outcome, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, latency_ms,
        ROW_NUMBER() OVER (PARTITION BY ${bucket} ORDER BY latency_ms) AS latency_rank,
        COUNT(*) OVER (PARTITION BY ${bucket}) AS bucket_size
      FROM request_logs
      WHERE time >= $from AND time < $to
    )
    SELECT
      bucket_key AS key,
      ${AGGREGATES}
    FROM ranked
    GROUP BY bucket_key
    ORDER BY ${order}`;
}

export function stats(database: Database, query: StatsQuery): StatsRow[] {
  return database.query<StatsRow, { from: number; to: number }>(statsSql(query.by)).all({
    from: query.from ?? Number.MIN_SAFE_INTEGER,
    to: query.to ?? Number.MAX_SAFE_INTEGER,
  });
}
