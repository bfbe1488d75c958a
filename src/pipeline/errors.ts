// In charge of turning anything thrown into the client's error answer, secrets scrubbed.
import type { ProtocolCodec } from "../protocols/codec.ts";
import { ProxyError } from "../unified/errors.ts";
import { scrubSecrets } from "../upstream/secrets.ts";

export function toProxyError(error: unknown): ProxyError {
  if (error instanceof ProxyError) return error;
  return new ProxyError("internal", `internal error: ${error instanceof Error ? error.message : String(error)}`);
}

export function errorResponse(codec: ProtocolCodec, error: ProxyError, secrets: readonly string[]): Response {
  const scrubbed = error.message === scrubSecrets(error.message, secrets) ? error : new ProxyError(error.kind, scrubSecrets(error.message, secrets), { status: error.status, upstream: error.upstream, retryAfter: error.retryAfter });
  const { status, body } = codec.encodeError(scrubbed);
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (error.retryAfter !== undefined) headers["retry-after"] = String(Math.ceil(error.retryAfter));
  return new Response(JSON.stringify(body), { status, headers });
}
