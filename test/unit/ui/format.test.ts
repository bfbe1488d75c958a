import { describe, expect, test } from "bun:test";
import { formatClock, formatCount, formatMs, formatRatio, formatRoute, formatTokens, statusTone } from "../../../src/ui/format.ts";

describe("formatCount", () => {
  test("compact units with one decimal below ten", () => {
    expect([0, 7, 950, 999, 1000, 1234, 9949, 9950, 12_345, 1_500_000, 2e9, -1234].map(formatCount)).toEqual(["0", "7", "950", "999", "1k", "1.2k", "9.9k", "10k", "12k", "1.5M", "2G", "-1.2k"]);
  });
  test("not a number is a dash", () => {
    expect(formatCount(Number.NaN)).toBe("–");
  });
});

describe("formatMs", () => {
  test("ms, seconds, minutes; missing values are a dash", () => {
    expect([0, 850, 1234, 12_345, 60_000, 65_000, null, undefined].map(formatMs)).toEqual(["0 ms", "850 ms", "1.23 s", "12.3 s", "1 min", "1 min 5 s", "–", "–"]);
  });
});

describe("formatRatio", () => {
  test("whole percentages above ten, one decimal below; nothing of nothing is 0%", () => {
    expect([formatRatio(0, 0), formatRatio(1, 40), formatRatio(1, 3), formatRatio(3, 3), formatRatio(1, 8)]).toEqual(["0%", "2.5%", "33%", "100%", "13%"]);
  });
});

describe("formatClock", () => {
  const now = Date.UTC(2025, 0, 15, 18, 0, 0);
  test("same day: time only; another day: date and minutes (in the given zone)", () => {
    expect(formatClock(Date.UTC(2025, 0, 15, 14, 3, 22), now, "UTC")).toBe("14:03:22");
    expect(formatClock(Date.UTC(2025, 0, 14, 23, 59, 0), now, "UTC")).toBe("2025-01-14 23:59");
    // 23:30 UTC on the 14th is already the 15th in Tokyo.
    expect(formatClock(Date.UTC(2025, 0, 14, 23, 30, 0), Date.UTC(2025, 0, 15, 2, 0, 0), "Asia/Tokyo")).toBe("08:30:00");
    expect(formatClock(Date.UTC(2025, 0, 14, 23, 30, 0), Date.UTC(2025, 0, 15, 2, 0, 0), "UTC")).toBe("2025-01-14 23:30");
  });
});

describe("log entry text", () => {
  const entry = { alias: "claude-*", provider: "openai", upstreamModel: "gpt-5", inputTokens: 1200, outputTokens: 30, cacheReadTokens: 0, cacheWriteTokens: 0 };
  test("tokens show cache only when there is some", () => {
    expect(formatTokens(entry)).toBe("in 1.2k · out 30");
    expect(formatTokens({ ...entry, cacheReadTokens: 800, cacheWriteTokens: 200 })).toBe("in 1.2k · out 30 · cache 1k");
  });
  test("route: alias → provider/model, or not routed", () => {
    expect(formatRoute(entry)).toBe("claude-* → openai/gpt-5");
    expect(formatRoute({ alias: "nope" })).toBe("nope → (not routed)");
  });
  test("status tones: 2xx ok, 4xx and 499 warn, 5xx error", () => {
    expect([200, 304, 400, 404, 499, 500, 502].map(statusTone)).toEqual(["ok", "ok", "warn", "warn", "warn", "error", "error"]);
  });
});
