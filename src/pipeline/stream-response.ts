// In charge of the client's streamed body: first-output peek (failover still possible), then pull-through.
import { ProxyError } from "../unified/errors.ts";
import type { UnifiedEvent } from "../unified/events.ts";
import type { StreamConverter } from "./converters.ts";
import { firstError, hasOutput } from "./converters.ts";
import { idleReader } from "./read-with-idle.ts";

export interface StreamHooks {
  onEvents(events: readonly UnifiedEvent[]): void;
  /** Called once: the stream ended normally, with an error frame, or the client went away. */
  onDone(outcome: "ok" | "error" | "cancelled", error?: ProxyError): void;
  abortUpstream(reason: unknown): void;
  /** Every piece of wire text written to the client (request logging). */
  onText?(text: string): void;
}

function asProxyError(error: unknown): ProxyError {
  if (error instanceof ProxyError) return error;
  return new ProxyError("upstream", `upstream stream failed: ${error instanceof Error ? error.message : String(error)}`);
}

/**
 * Reads the upstream until the converter has produced real output. An error
 * before that is thrown, so the caller can fail over; nothing has reached the
 * client yet. Then returns a stream that pulls the rest chunk by chunk.
 */
export async function openClientStream(
  body: ReadableStream<Uint8Array>,
  converter: StreamConverter,
  idleMs: number,
  hooks: StreamHooks,
): Promise<ReadableStream<Uint8Array>> {
  const reader = idleReader(body, idleMs);
  const text = new TextDecoder();
  const bytes = new TextEncoder();
  let head = "";
  let ended = false;

  // Peek phase: errors here propagate to the failover loop.
  for (;;) {
    let chunk;
    try {
      chunk = await reader.read();
    } catch (error) {
      hooks.abortUpstream(error);
      throw asProxyError(error);
    }
    const converted = chunk.done ? converter.end() : converter.push(text.decode(chunk.value, { stream: true }));
    hooks.onEvents(converted.events);
    const early = firstError(converted.events);
    if (early && !hasOutput(converted.events)) {
      reader.cancel(early);
      throw early;
    }
    head += converted.out;
    if (chunk.done || converted.stop) {
      ended = true;
      if (converted.stop) reader.cancel();
      hooks.onDone(early ? "error" : "ok", early);
      break;
    }
    if (hasOutput(converted.events)) break;
  }

  return new ReadableStream<Uint8Array>({
    start(controller) {
      if (head) {
        hooks.onText?.(head);
        controller.enqueue(bytes.encode(head));
      }
      if (ended) controller.close();
    },
    async pull(controller) {
      // A chunk may produce no client bytes (half a frame, text compat holds back, a ping):
      // keep reading until something is enqueued, or the stream would never be pulled again.
      while (!ended) {
        try {
          const chunk = await reader.read();
          const converted = chunk.done ? converter.end() : converter.push(text.decode(chunk.value, { stream: true }));
          hooks.onEvents(converted.events);
          if (converted.out) {
            hooks.onText?.(converted.out);
            controller.enqueue(bytes.encode(converted.out));
          }
          if (chunk.done || converted.stop) {
            ended = true;
            controller.close();
            if (converted.stop) reader.cancel();
            const error = firstError(converted.events);
            hooks.onDone(error ? "error" : "ok", error);
            return;
          }
          if (converted.out) return;
        } catch (error) {
          const proxyError = asProxyError(error);
          ended = true;
          hooks.abortUpstream(proxyError);
          const tail = converter.fail(proxyError);
          if (tail) controller.enqueue(bytes.encode(tail));
          controller.close();
          hooks.onDone("error", proxyError);
          return;
        }
      }
    },
    cancel(reason) {
      if (ended) return;
      ended = true;
      hooks.abortUpstream(reason ?? new Error("client disconnected"));
      reader.cancel(reason);
      hooks.onDone("cancelled");
    },
  });
}
