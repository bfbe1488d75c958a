// In charge of keeping request logging off the request path: entries queue in memory and are written in batches.
import type { RequestLogEntry } from "./types.ts";

export interface LogQueueOptions {
  /** Writes one batch; may be synchronous (SQLite) or asynchronous (a network database). */
  write: (batch: RequestLogEntry[]) => void | Promise<void>;
  /** A failed batch is reported here and dropped: logging must never take requests down with it. */
  onError: (error: unknown) => void;
  /** Longest time an entry waits in memory. */
  intervalMs?: number;
  /** A batch this large is written without waiting for the interval. */
  maxBatch?: number;
}

export const DEFAULT_LOG_INTERVAL_MS = 250;
export const DEFAULT_LOG_BATCH = 200;

export class LogQueue {
  private queue: RequestLogEntry[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Batches are written one after the other, in order. */
  private writing: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly intervalMs: number;
  private readonly maxBatch: number;

  constructor(private readonly options: LogQueueOptions) {
    this.intervalMs = options.intervalMs ?? DEFAULT_LOG_INTERVAL_MS;
    this.maxBatch = options.maxBatch ?? DEFAULT_LOG_BATCH;
  }

  /** Queues a copy of the entry (the caller may reuse its object). Dropped after close(). */
  push(entry: RequestLogEntry): void {
    if (this.closed) return;
    this.queue.push({ ...entry });
    if (this.queue.length >= this.maxBatch) this.schedule(0);
    else if (this.timer === undefined) this.schedule(this.intervalMs);
  }

  get pending(): number {
    return this.queue.length;
  }

  /** Writes everything queued so far; resolves when it is stored (or reported as failed). */
  flush(): Promise<void> {
    this.cancelTimer();
    const batch = this.queue;
    this.queue = [];
    if (batch.length > 0) {
      this.writing = this.writing.then(async () => {
        try {
          await this.options.write(batch);
        } catch (error) {
          this.options.onError(error);
        }
      });
    }
    return this.writing;
  }

  /** Flushes and stops accepting entries. */
  close(): Promise<void> {
    this.closed = true;
    return this.flush();
  }

  private schedule(delayMs: number): void {
    this.cancelTimer();
    // A timer, even for 0 ms, so the write never runs inside the caller's call stack.
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, delayMs);
    // Pending logs must not keep the process alive; close() flushes them on shutdown.
    this.timer.unref?.();
  }

  private cancelTimer(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
