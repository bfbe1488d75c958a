// In charge of structured one-line JSON logs on stdout; callers never pass secrets (errors are scrubbed first).
import { scrubSecrets } from "../upstream/secrets.ts";

export type LogLevel = "debug" | "info" | "warn" | "error";
const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  level: LogLevel;
  /** Where the secrets to scrub from every line come from (set once the configuration is known). */
  secrets?: () => readonly string[];
  /** Writes what is buffered (before exit). */
  flush(): void;
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/**
 * Lines to stdout are buffered and written together every few milliseconds (or at 64 KiB):
 * one write per request would cost a syscall on every request of a busy proxy.
 */
function bufferedStdout(): { write: (line: string) => void; flush: () => void } {
  let buffer: string[] = [];
  let size = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (buffer.length === 0) return;
    const text = buffer.join("\n") + "\n";
    buffer = [];
    size = 0;
    process.stdout.write(text);
  };
  return {
    write(line) {
      buffer.push(line);
      size += line.length;
      if (size > 65_536) flush();
      else if (!timer) {
        timer = setTimeout(flush, 5);
        timer.unref?.();
      }
    },
    flush,
  };
}

let lastMs = 0;
let lastIso = "";

/** Many lines share a millisecond under load; the timestamp text is made once per millisecond. */
function isoNow(): string {
  const now = Date.now();
  if (now !== lastMs) {
    lastMs = now;
    lastIso = new Date(now).toISOString();
  }
  return lastIso;
}

export function createLogger(level: LogLevel = "info", write?: (line: string) => void): Logger {
  const sink = write ? { write, flush: () => {} } : bufferedStdout();
  const logger: Logger = {
    level,
    flush: sink.flush,
    debug: (message, fields) => emit("debug", message, fields),
    info: (message, fields) => emit("info", message, fields),
    warn: (message, fields) => emit("warn", message, fields),
    error: (message, fields) => emit("error", message, fields),
  };
  function emit(at: LogLevel, message: string, fields?: Record<string, unknown>): void {
    if (RANK[at] < RANK[logger.level]) return;
    // Written by hand around one JSON.stringify of the caller's fields: spreading them into a new
    // object per line was a measurable share of a request's CPU (bench/).
    const head = `{"time":"${isoNow()}","level":"${at}","msg":${JSON.stringify(message)}`;
    const rest = fields === undefined ? "{}" : JSON.stringify(fields);
    const line = rest.length > 2 ? `${head},${rest.slice(1)}` : `${head}}`;
    // The last line of defence: whatever a field carried (an upstream error, an MCP server's
    // stderr), no configured secret is written out.
    sink.write(logger.secrets ? scrubSecrets(line, logger.secrets()) : line);
  }
  return logger;
}

export const silentLogger: Logger = createLogger("error", () => {});
