// In charge of which headers cross the proxy (RFC 9110 §7.6.1: hop-by-hop fields are not forwarded).
const HOP_BY_HOP = new Set([
  "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade",
  "host", "content-length", "content-encoding",
]);

/** Client headers a same-protocol upstream needs to see (feature flags, not credentials). */
const FORWARDED_CLIENT_HEADERS: Record<string, readonly string[]> = {
  claude: ["anthropic-beta"],
  openai: ["openai-beta"],
  gemini: [],
  ollama: [],
};

export function forwardedClientHeaders(protocol: string, incoming: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of FORWARDED_CLIENT_HEADERS[protocol] ?? []) {
    const value = incoming.get(name);
    if (value) out[name] = value;
  }
  return out;
}

/** Upstream answer headers worth passing to the client (rate-limit hints, request ids). */
export function passedResponseHeaders(upstream: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  upstream.forEach((value, key) => {
    if (HOP_BY_HOP.has(key)) return;
    if (key.startsWith("x-ratelimit") || key.startsWith("anthropic-ratelimit") || key === "retry-after" || key === "request-id" || key === "x-request-id") {
      out[key === "x-request-id" ? "x-upstream-request-id" : key] = value;
    }
  });
  return out;
}
