// In charge of calling an upstream with the right deadlines: connect + first byte, then idle gaps.
import { ProxyError } from "../unified/errors.ts";

export interface UpstreamCall {
  url: string;
  headers: Record<string, string>;
  /** A Blob when the client's own text is forwarded with a part swapped (see swapModelBody). */
  body: string | Blob;
  /** Aborts when the client goes away. */
  clientSignal: AbortSignal;
  /** Until response headers arrive. */
  firstByteTimeoutMs: number;
}

export interface UpstreamAnswer {
  response: Response;
  /** Aborts the upstream request (client disconnect, idle timeout, our own error). */
  abort(reason?: unknown): void;
  signal: AbortSignal;
}

/**
 * One fetch whose AbortController is owned here, so the pipeline can abort it
 * later (idle timeout, disconnect after the headers arrived). Connection errors
 * and the first-byte timeout become ProxyErrors that failover understands.
 */
export async function callUpstream(call: UpstreamCall): Promise<UpstreamAnswer> {
  const controller = new AbortController();
  const onClientAbort = () => controller.abort(new ProxyError("internal", "client disconnected"));
  if (call.clientSignal.aborted) onClientAbort();
  else call.clientSignal.addEventListener("abort", onClientAbort, { once: true });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new ProxyError("timeout", `upstream did not answer within ${call.firstByteTimeoutMs} ms`));
  }, call.firstByteTimeoutMs);
  try {
    const response = await fetch(call.url, {
      method: "POST",
      headers: call.headers,
      body: call.body,
      signal: controller.signal,
    });
    return { response, abort: (reason) => controller.abort(reason), signal: controller.signal };
  } catch (error) {
    call.clientSignal.removeEventListener("abort", onClientAbort);
    if (timedOut) throw new ProxyError("timeout", `upstream did not answer within ${call.firstByteTimeoutMs} ms`, { status: 504 });
    if (call.clientSignal.aborted) throw new ProxyError("internal", "client disconnected", { status: 499 });
    const message = error instanceof Error ? error.message : String(error);
    throw new ProxyError("upstream", `upstream connection failed: ${message}`, { status: 502 });
  } finally {
    clearTimeout(timer);
  }
}
