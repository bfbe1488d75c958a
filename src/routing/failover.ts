// In charge of deciding whether a failed attempt may move on to the next target.
import { ProxyError } from "../unified/errors.ts";

/**
 * Retry (on the next target or key) only what another upstream might answer differently:
 * connection errors, timeouts, 408, 429 and 5xx. Other 4xx mean the request itself is wrong and
 * would fail everywhere. A client cancel (AbortError) and our own bugs (internal, no upstream)
 * are never retried. Callers only ask before the first byte reached the client.
 */
export function isRetryable(error: unknown): boolean {
  if (error instanceof ProxyError) {
    if (error.upstream) return retryableStatus(error.upstream.status);
    switch (error.kind) {
      case "timeout":
      case "rate_limit":
      case "overloaded":
      case "upstream":
        return true;
      case "invalid_request":
      case "authentication":
      case "permission":
      case "not_found":
      case "request_too_large":
      case "internal":
        return false;
      default: {
        const unreachable: never = error.kind;
        return unreachable;
      }
    }
  }
  if (error instanceof Error) {
    if (error.name === "AbortError") return false;
    // fetch rejects with TypeError on refused/reset connections and DNS failures; AbortSignal.timeout with TimeoutError.
    return error.name === "TimeoutError" || error instanceof TypeError || isConnectionCode(error);
  }
  if (typeof error === "object" && error !== null && "status" in error && typeof error.status === "number") return retryableStatus(error.status);
  return false;
}

export function retryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

function isConnectionCode(error: Error): boolean {
  const code = "code" in error ? error.code : undefined;
  return typeof code === "string" && /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EPIPE|ConnectionRefused|ConnectionClosed|FailedToOpenSocket)$/.test(code);
}
