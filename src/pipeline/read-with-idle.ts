// In charge of reading an upstream body with a bound on the silence between chunks.
import { ProxyError } from "../unified/errors.ts";

export type ReadResult = { done: false; value: Uint8Array } | { done: true };

const silence = (idleMs: number) => new ProxyError("timeout", `upstream was silent for ${idleMs} ms`, { status: 504 });

/**
 * Wraps a reader so a read fails with a timeout ProxyError after `idleMs` of silence. One timer
 * per stream, re-armed only when it fires (a stream of hundreds of chunks must not create a
 * timer and a race per chunk): it compares the time of the last chunk with the bound.
 */
export function idleReader(body: ReadableStream<Uint8Array>, idleMs: number) {
  const reader = body.getReader();
  let last = performance.now();
  let timedOut = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // No promise or race per read: when the bound passes, the reader is cancelled, which settles a
  // pending read as done, and `timedOut` tells that apart from a real end.
  const check = () => {
    const idle = performance.now() - last;
    if (idle < idleMs) return arm(idleMs - idle);
    timedOut = true;
    timer = undefined;
    reader.cancel(silence(idleMs)).catch(() => {});
  };
  const arm = (delay: number) => {
    timer = setTimeout(check, delay);
    timer.unref?.();
  };
  arm(idleMs);
  const stop = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
  };
  return {
    async read(): Promise<ReadResult> {
      if (timedOut) throw silence(idleMs);
      const result = await reader.read();
      if (timedOut) throw silence(idleMs);
      last = performance.now();
      if (result.done) {
        stop();
        return { done: true };
      }
      return { done: false, value: result.value };
    },
    cancel(reason?: unknown): void {
      stop();
      reader.cancel(reason).catch(() => {});
    },
  };
}

/**
 * Reads a whole (non-streamed) answer; the bound covers the whole body (it usually comes at once).
 * Takes the Response, not its body: `response.text()` stays on Bun's native path, while touching
 * `.body` first builds a JS ReadableStream (measurable on every request, see bench/).
 */
export async function readAllText(response: Response, idleMs: number): Promise<string> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      response.body?.cancel().catch(() => {});
      reject(silence(idleMs));
    }, idleMs);
  });
  try {
    return await Promise.race([response.text(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
