// In charge of reading an upstream body chunk by chunk with a bound on the silence between chunks.
import { ProxyError } from "../unified/errors.ts";

export type ReadResult = { done: false; value: Uint8Array } | { done: true };

/**
 * Wraps a reader so each read fails with a timeout ProxyError after `idleMs`
 * of silence; the caller then aborts the upstream request.
 */
export function idleReader(body: ReadableStream<Uint8Array>, idleMs: number) {
  const reader = body.getReader();
  return {
    async read(): Promise<ReadResult> {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new ProxyError("timeout", `upstream was silent for ${idleMs} ms`, { status: 504 })), idleMs);
      });
      try {
        const result = await Promise.race([reader.read(), timeout]);
        return result.done ? { done: true } : { done: false, value: result.value };
      } finally {
        clearTimeout(timer);
      }
    },
    cancel(reason?: unknown): void {
      reader.cancel(reason).catch(() => {});
    },
  };
}

/** Reads a whole (non-streamed) body under the same idle bound. */
export async function readAllText(body: ReadableStream<Uint8Array> | null, idleMs: number): Promise<string> {
  if (!body) return "";
  const reader = idleReader(body, idleMs);
  const decoder = new TextDecoder();
  let text = "";
  for (;;) {
    const chunk = await reader.read();
    if (chunk.done) break;
    text += decoder.decode(chunk.value, { stream: true });
  }
  return text + decoder.decode();
}
