// In charge of generating load: N concurrent request loops for a duration or a count, with per-request timings and checks.
export interface Job {
  url: string;
  headers: Record<string, string>;
  body: Uint8Array<ArrayBuffer>;
  /** Text the end of every good answer contains (checked on its last two chunks). */
  marker: string;
}

export interface LoadResult {
  ok: number;
  errors: number;
  firstError?: string;
  /** Wall time of the measured window (first request start → last answer end). */
  elapsedMs: number;
  /** Per successful request, ms. */
  latencies: number[];
  ttfb: number[];
  bytes: number;
}

const decoder = new TextDecoder();
/** A request still unanswered after this is a failure (a stalled stream must not stall the benchmark). */
export const REQUEST_TIMEOUT_MS = 5_000;
/** A target that failed this many requests stops early: its row is reported as failing, not measured further. */
export const MAX_ERRORS = 3;

function tailText(previous: Uint8Array | undefined, last: Uint8Array | undefined): string {
  if (!last) return "";
  if (!previous) return decoder.decode(last);
  const joined = new Uint8Array(previous.length + last.length);
  joined.set(previous);
  joined.set(last, previous.length);
  return decoder.decode(joined);
}

interface One {
  ok: boolean;
  error?: string;
  latency: number;
  ttfb: number;
  bytes: number;
}

/** One request: time to the first body chunk, time to the end, and a check of status and ending. */
async function once(job: Job): Promise<One> {
  const started = performance.now();
  try {
    const response = await fetch(job.url, { method: "POST", headers: job.headers, body: job.body, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    if (!response.body) return { ok: false, error: `HTTP ${response.status}, no body`, latency: 0, ttfb: 0, bytes: 0 };
    const reader = response.body.getReader();
    let chunk = await reader.read();
    const ttfb = performance.now() - started;
    let previous: Uint8Array | undefined;
    let last: Uint8Array | undefined;
    let bytes = 0;
    while (!chunk.done) {
      previous = last;
      last = chunk.value;
      bytes += chunk.value.length;
      chunk = await reader.read();
    }
    const latency = performance.now() - started;
    if (response.status !== 200) return { ok: false, error: `HTTP ${response.status}: ${tailText(previous, last).slice(0, 300)}`, latency, ttfb, bytes };
    if (!tailText(previous, last).includes(job.marker)) return { ok: false, error: `answer does not end with ${job.marker}: …${tailText(previous, last).slice(-200)}`, latency, ttfb, bytes };
    return { ok: true, latency, ttfb, bytes };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error), latency: 0, ttfb: 0, bytes: 0 };
  }
}

/** Runs `concurrency` loops until `durationMs` has passed (or `count` requests were started, when given). */
export async function runLoad(job: Job, concurrency: number, limit: { durationMs?: number; count?: number }): Promise<LoadResult> {
  const result: LoadResult = { ok: 0, errors: 0, elapsedMs: 0, latencies: [], ttfb: [], bytes: 0 };
  const started = performance.now();
  const deadline = limit.durationMs !== undefined ? started + limit.durationMs : Number.POSITIVE_INFINITY;
  let remaining = limit.count ?? Number.POSITIVE_INFINITY;
  const loop = async () => {
    while (remaining > 0 && performance.now() < deadline) {
      remaining--;
      const one = await once(job);
      if (one.ok) {
        result.ok++;
        result.latencies.push(one.latency);
        result.ttfb.push(one.ttfb);
        result.bytes += one.bytes;
      } else {
        result.errors++;
        result.firstError ??= one.error;
        if (result.errors >= MAX_ERRORS) remaining = 0;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  result.elapsedMs = performance.now() - started;
  return result;
}

/** Sends one request and returns its whole answer text (for the full checks before a scenario is measured). */
export async function fetchText(job: Job): Promise<{ status: number; text: string }> {
  const response = await fetch(job.url, { method: "POST", headers: job.headers, body: job.body, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  return { status: response.status, text: await response.text() };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

/** Merges passes of the same target (latencies concatenated, time and counts summed). */
export function mergeResults(results: LoadResult[]): LoadResult {
  const merged: LoadResult = { ok: 0, errors: 0, elapsedMs: 0, latencies: [], ttfb: [], bytes: 0 };
  for (const result of results) {
    merged.ok += result.ok;
    merged.errors += result.errors;
    merged.firstError ??= result.firstError;
    merged.elapsedMs += result.elapsedMs;
    merged.bytes += result.bytes;
    for (const value of result.latencies) merged.latencies.push(value);
    for (const value of result.ttfb) merged.ttfb.push(value);
  }
  return merged;
}
