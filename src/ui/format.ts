// In charge of turning numbers, times and log entries into short display text (pure, no DOM).
import type { RequestLogEntry } from "../store/types.ts";

/** 950 → "950", 1234 → "1.2k", 12345 → "12k", 1.5e6 → "1.5M": compact enough for cards and table cells. */
export function formatCount(value: number): string {
  if (!Number.isFinite(value)) return "–";
  const sign = value < 0 ? "-" : "";
  const size = Math.abs(value);
  const units: [number, string][] = [[1e9, "G"], [1e6, "M"], [1e3, "k"]];
  for (const [unit, suffix] of units) {
    if (size >= unit) {
      const scaled = size / unit;
      // One decimal below 10 ("1.2k"), none above ("12k"); never "10.0k".
      const text = scaled < 9.95 ? scaled.toFixed(1).replace(/\.0$/, "") : Math.round(scaled).toString();
      return `${sign}${text}${suffix}`;
    }
  }
  return `${sign}${Math.round(size)}`;
}

/** 850 → "850 ms", 1234 → "1.23 s", 65000 → "1 min 5 s"; null (no data) → "–". */
export function formatMs(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  if (value < 1000) return `${Math.round(value)} ms`;
  if (value < 60_000) return `${(value / 1000).toFixed(value < 10_000 ? 2 : 1)} s`;
  const minutes = Math.floor(value / 60_000);
  const seconds = Math.round((value % 60_000) / 1000);
  return seconds ? `${minutes} min ${seconds} s` : `${minutes} min`;
}

/** A percentage of errors: "0%", "2.5%", "100%". */
export function formatRatio(part: number, whole: number): string {
  if (whole <= 0) return "0%";
  const percent = (part / whole) * 100;
  return `${percent >= 10 || Number.isInteger(percent) ? Math.round(percent) : percent.toFixed(1)}%`;
}

/**
 * A log time for the live tail: "14:03:22" when on the same day as `now`, else "2025-01-15 14:03".
 * `timeZone` exists for tests; the browser's zone is used otherwise.
 */
export function formatClock(epochMs: number, now: number, timeZone?: string): string {
  const parts = (ms: number) => {
    const values: Record<string, string> = {};
    for (const part of new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" }).formatToParts(ms)) values[part.type] = part.value;
    return values;
  };
  const time = parts(epochMs);
  const today = parts(now);
  const sameDay = time.year === today.year && time.month === today.month && time.day === today.day;
  return sameDay ? `${time.hour}:${time.minute}:${time.second}` : `${time.year}-${time.month}-${time.day} ${time.hour}:${time.minute}`;
}

/** "in 120 · out 30 · cache 10": cache reads and writes together, shown only when there are some. */
export function formatTokens(entry: Pick<RequestLogEntry, "inputTokens" | "outputTokens" | "cacheReadTokens" | "cacheWriteTokens">): string {
  const cache = entry.cacheReadTokens + entry.cacheWriteTokens;
  return `in ${formatCount(entry.inputTokens)} · out ${formatCount(entry.outputTokens)}${cache ? ` · cache ${formatCount(cache)}` : ""}`;
}

/** "claude-* → openai/gpt-5" or "gpt-x → (not routed)" when no target was reached. */
export function formatRoute(entry: Pick<RequestLogEntry, "alias" | "provider" | "upstreamModel">): string {
  if (!entry.provider) return `${entry.alias} → (not routed)`;
  return `${entry.alias} → ${entry.provider}/${entry.upstreamModel ?? "?"}`;
}

export type StatusTone = "ok" | "warn" | "error";

/** 2xx ok, 499 (client cancelled) and 4xx warn, 5xx error: the colour of the status badge. */
export function statusTone(status: number): StatusTone {
  if (status >= 200 && status < 400) return "ok";
  if (status >= 500) return "error";
  return "warn";
}
