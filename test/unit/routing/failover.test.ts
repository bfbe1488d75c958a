import { describe, expect, test } from "bun:test";
import { isRetryable } from "../../../src/routing/failover.ts";
import { ProxyError } from "../../../src/unified/errors.ts";

describe("isRetryable", () => {
  test("408, 429 and 5xx statuses retry; other 4xx do not", () => {
    for (const status of [408, 429, 500, 502, 503, 504, 529]) expect(isRetryable({ status })).toBe(true);
    for (const status of [400, 401, 403, 404, 413, 422]) expect(isRetryable({ status })).toBe(false);
  });

  test("upstream answers are judged by their status", () => {
    expect(isRetryable(new ProxyError("rate_limit", "slow down", { upstream: { status: 429 } }))).toBe(true);
    expect(isRetryable(new ProxyError("upstream", "boom", { upstream: { status: 500 } }))).toBe(true);
    expect(isRetryable(new ProxyError("invalid_request", "bad", { upstream: { status: 400 } }))).toBe(false);
    expect(isRetryable(new ProxyError("authentication", "bad key", { upstream: { status: 401 } }))).toBe(false);
  });

  test("connection errors and timeouts without an upstream answer retry", () => {
    expect(isRetryable(new ProxyError("upstream", "connection refused"))).toBe(true);
    expect(isRetryable(new ProxyError("timeout", "no first byte in 600000 ms"))).toBe(true);
    expect(isRetryable(new ProxyError("overloaded", "busy"))).toBe(true);
    expect(isRetryable(new TypeError("fetch failed"))).toBe(true);
    expect(isRetryable(new DOMException("timed out", "TimeoutError"))).toBe(true);
    expect(isRetryable(Object.assign(new Error("refused"), { code: "ECONNREFUSED" }))).toBe(true);
  });

  test("client cancels, our bugs and client mistakes do not", () => {
    expect(isRetryable(new DOMException("aborted", "AbortError"))).toBe(false);
    expect(isRetryable(new ProxyError("internal", "bug"))).toBe(false);
    expect(isRetryable(new ProxyError("invalid_request", "bad body"))).toBe(false);
    expect(isRetryable(new Error("something else"))).toBe(false);
    expect(isRetryable("nope")).toBe(false);
  });
});
