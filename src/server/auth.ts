// In charge of reading the client's access key in any of the protocols' styles (config.md "Client authentication").
import { ProxyError } from "../unified/errors.ts";

/** Bearer (OpenAI, Ollama, Claude), x-api-key (Claude), x-goog-api-key or ?key= (Gemini). */
export function presentedKey(headers: Headers, url: URL): string | undefined {
  const authorization = headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
    if (match) return match[1]!.trim();
  }
  return headers.get("x-api-key") ?? headers.get("x-goog-api-key") ?? url.searchParams.get("key") ?? undefined;
}

/** The key's name; open proxy (no keys configured) → undefined. Throws 401 otherwise. */
export function authenticate(keys: Map<string, string>, headers: Headers, url: URL, openAllowed = true): string | undefined {
  if (keys.size === 0) {
    if (openAllowed) return undefined;
    // Every key was deleted at run time on a non-loopback listener: stay closed rather than open.
    throw new ProxyError("authentication", "no access keys are configured; this server refuses unauthenticated clients off loopback");
  }
  const key = presentedKey(headers, url);
  if (!key) throw new ProxyError("authentication", "missing access key: send it as Authorization: Bearer, x-api-key, x-goog-api-key or ?key=");
  const name = keys.get(key);
  if (name === undefined) throw new ProxyError("authentication", "invalid access key");
  return name;
}

/** Constant-time comparison for the admin key. */
export function sameSecret(a: string, b: string): boolean {
  const left = new TextEncoder().encode(a);
  const right = new TextEncoder().encode(b);
  if (left.length !== right.length) return false;
  let diff = 0;
  for (let i = 0; i < left.length; i++) diff |= left[i]! ^ right[i]!;
  return diff === 0;
}
