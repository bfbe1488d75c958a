// In charge of the request_logs and request_bodies tables: batch inserts, listing, retention.
import type { Database } from "bun:sqlite";
import type { RequestLogEntry, RequestOutcome } from "../types.ts";

interface LogRow {
  seq: number;
  id: string;
  time: number;
  group_name: string;
  alias: string;
  provider: string | null;
  upstream_model: string | null;
  client_protocol: string;
  upstream_protocol: string | null;
  compat: number;
  stream: number;
  status: number;
  outcome: RequestOutcome;
  error_class: string | null;
  error_message: string | null;
  attempts: number;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  ttfb_ms: number | null;
  latency_ms: number;
  key_name: string | null;
  request_body?: string | null;
  response_body?: string | null;
}

/** In the order of INSERT_LOG's columns: positional binding costs less than named (bench/ showed it per request). */
type LogParameters = [
  id: string, time: number, group_name: string, alias: string, provider: string | null, upstream_model: string | null,
  client_protocol: string, upstream_protocol: string | null, compat: number, stream: number, status: number, outcome: RequestOutcome,
  error_class: string | null, error_message: string | null, attempts: number, input_tokens: number, output_tokens: number,
  cache_read_tokens: number, cache_write_tokens: number, ttfb_ms: number | null, latency_ms: number, key_name: string | null,
];

const INSERT_LOG = `INSERT INTO request_logs (
  id, time, group_name, alias, provider, upstream_model, client_protocol, upstream_protocol, compat, stream,
  status, outcome, error_class, error_message, attempts, input_tokens, output_tokens, cache_read_tokens,
  cache_write_tokens, ttfb_ms, latency_ms, key_name
) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

const INSERT_BODY = "INSERT INTO request_bodies (seq, request_body, response_body) VALUES ($seq, $request_body, $response_body)";

/** Writes a batch in one transaction: one fsync-worthy commit for up to hundreds of requests. */
export function insertLogs(database: Database, entries: readonly RequestLogEntry[]): void {
  const insertLog = database.query<never, LogParameters>(INSERT_LOG);
  const insertBody = database.query<never, { seq: number; request_body: string | null; response_body: string | null }>(INSERT_BODY);
  const write = database.transaction(() => {
    for (const entry of entries) {
      const result = insertLog.run(...toParameters(entry));
      if (entry.requestBody === undefined && entry.responseBody === undefined) continue;
      insertBody.run({ seq: Number(result.lastInsertRowid), request_body: entry.requestBody ?? null, response_body: entry.responseBody ?? null });
    }
  });
  write.immediate();
}

/** Integer columns: latencies measured with performance.now() are fractional; tokens may be estimates. */
function whole(value: number): number {
  return Number.isFinite(value) ? Math.round(value) : 0;
}

function toParameters(entry: RequestLogEntry): LogParameters {
  return [
    entry.id, whole(entry.time), entry.group, entry.alias, entry.provider ?? null, entry.upstreamModel ?? null,
    entry.clientProtocol, entry.upstreamProtocol ?? null, entry.compat ? 1 : 0, entry.stream ? 1 : 0, entry.status, entry.outcome,
    entry.errorClass ?? null, entry.errorMessage ?? null, entry.attempts, whole(entry.inputTokens), whole(entry.outputTokens),
    whole(entry.cacheReadTokens), whole(entry.cacheWriteTokens), entry.ttfbMs === undefined ? null : whole(entry.ttfbMs),
    whole(entry.latencyMs), entry.keyName ?? null,
  ];
}

function fromRow(row: LogRow): RequestLogEntry {
  const entry: RequestLogEntry = {
    id: row.id,
    time: row.time,
    group: row.group_name,
    alias: row.alias,
    clientProtocol: row.client_protocol,
    compat: row.compat === 1,
    stream: row.stream === 1,
    status: row.status,
    outcome: row.outcome,
    attempts: row.attempts,
    inputTokens: row.input_tokens,
    outputTokens: row.output_tokens,
    cacheReadTokens: row.cache_read_tokens,
    cacheWriteTokens: row.cache_write_tokens,
    latencyMs: row.latency_ms,
  };
  // Optional fields are left out rather than set to undefined, so JSON answers stay small.
  if (row.provider !== null) entry.provider = row.provider;
  if (row.upstream_model !== null) entry.upstreamModel = row.upstream_model;
  if (row.upstream_protocol !== null) entry.upstreamProtocol = row.upstream_protocol;
  if (row.error_class !== null) entry.errorClass = row.error_class;
  if (row.error_message !== null) entry.errorMessage = row.error_message;
  if (row.ttfb_ms !== null) entry.ttfbMs = row.ttfb_ms;
  if (row.key_name !== null) entry.keyName = row.key_name;
  if (row.request_body != null) entry.requestBody = row.request_body;
  if (row.response_body != null) entry.responseBody = row.response_body;
  return entry;
}

const LIST_LOGS = "SELECT * FROM request_logs ORDER BY time DESC, seq DESC LIMIT $limit";
const LIST_LOGS_WITH_BODIES =
  "SELECT l.*, b.request_body, b.response_body FROM request_logs l LEFT JOIN request_bodies b ON b.seq = l.seq ORDER BY l.time DESC, l.seq DESC LIMIT $limit";

export function recentLogs(database: Database, limit: number, withBodies: boolean): RequestLogEntry[] {
  const bounded = Math.max(0, Math.floor(Number.isFinite(limit) ? limit : 0));
  return database
    .query<LogRow, { limit: number }>(withBodies ? LIST_LOGS_WITH_BODIES : LIST_LOGS)
    .all({ limit: bounded })
    .map(fromRow);
}

export function getLog(database: Database, id: string): RequestLogEntry | null {
  const row = database
    .query<LogRow, { id: string }>("SELECT l.*, b.request_body, b.response_body FROM request_logs l LEFT JOIN request_bodies b ON b.seq = l.seq WHERE l.id = $id ORDER BY l.seq DESC LIMIT 1")
    .get({ id });
  return row ? fromRow(row) : null;
}

/** Deletes rows with time < cutoff; bodies go with them (ON DELETE CASCADE). */
export function pruneLogs(database: Database, cutoff: number): number {
  return database.query("DELETE FROM request_logs WHERE time < $cutoff").run({ cutoff }).changes;
}
