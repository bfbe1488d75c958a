// In charge of small helpers the MCP tests share: fake server configs, a capturing logger, polling.
import { join } from "node:path";
import type { McpServerConfig } from "../../../src/config/schema.ts";
import { createLogger, type Logger } from "../../../src/server/logger.ts";

export const STDIO_SERVER_SCRIPT = join(import.meta.dir, "stdio-server.ts");

/** The fake stdio server, run with the same bun that runs the tests. */
export function stdioServer(name: string, env?: Record<string, string>): McpServerConfig {
  return { name, command: [process.execPath, STDIO_SERVER_SCRIPT], ...(env ? { env } : {}) };
}

export interface CapturedLog {
  logger: Logger;
  lines(): Array<Record<string, unknown>>;
}

export function captureLogger(): CapturedLog {
  const lines: string[] = [];
  return { logger: createLogger("debug", (line) => lines.push(line)), lines: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

/** Polls until `check` answers something truthy; fails the test with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | Promise<T>, timeoutMs = 5_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(10);
  }
}

/** True while a process with this id exists. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
