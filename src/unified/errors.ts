// In charge of the one error type codecs, routing and the pipeline raise.
export type ErrorKind =
  | "invalid_request" // 400
  | "authentication" // 401
  | "permission" // 403
  | "not_found" // 404
  | "request_too_large" // 413
  | "rate_limit" // 429
  | "timeout" // 408 / 504
  | "overloaded" // 529 / 503
  | "upstream" // 5xx from or about the upstream
  | "internal"; // 500, our bug

export class ProxyError extends Error {
  readonly kind: ErrorKind;
  readonly status: number;
  /** Set when the error came from an upstream answer (status and body already scrubbed of secrets). */
  readonly upstream?: { status: number; provider?: string };
  /** Seconds from an upstream Retry-After, when given. */
  retryAfter?: number;

  constructor(kind: ErrorKind, message: string, options: { status?: number; upstream?: { status: number; provider?: string }; retryAfter?: number } = {}) {
    super(message);
    this.name = "ProxyError";
    this.kind = kind;
    this.status = options.status ?? defaultStatus(kind);
    this.upstream = options.upstream;
    this.retryAfter = options.retryAfter;
  }
}

export function defaultStatus(kind: ErrorKind): number {
  switch (kind) {
    case "invalid_request": return 400;
    case "authentication": return 401;
    case "permission": return 403;
    case "not_found": return 404;
    case "request_too_large": return 413;
    case "rate_limit": return 429;
    case "timeout": return 504;
    case "overloaded": return 529;
    case "upstream": return 502;
    case "internal": return 500;
    default: {
      const unreachable: never = kind;
      return unreachable;
    }
  }
}

/** The kind a plain HTTP status stands for (upstream answers, our own statuses). */
export function kindForStatus(status: number): ErrorKind {
  if (status === 400 || status === 422) return "invalid_request";
  if (status === 401) return "authentication";
  if (status === 403) return "permission";
  if (status === 404) return "not_found";
  if (status === 408) return "timeout";
  if (status === 413) return "request_too_large";
  if (status === 429) return "rate_limit";
  if (status === 503 || status === 529) return "overloaded";
  if (status >= 500) return "upstream";
  return "invalid_request";
}

export function invalidRequest(message: string): ProxyError {
  return new ProxyError("invalid_request", message);
}
