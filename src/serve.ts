// In charge of starting a configured ccproxy: config → store → runtime → app → listen. Used by the CLI and tests.
import { resolve } from "node:path";
import { buildApp, VERSION } from "./app.ts";
import { loadConfig, type LoadedConfig } from "./config/load.ts";
import { Runtime } from "./config/runtime.ts";
import type { Config } from "./config/schema.ts";
import { RoundRobin } from "./routing/rotation.ts";
import { createLogger, type Logger } from "./server/logger.ts";
import { openStore } from "./store/index.ts";
import { isLoopbackHost } from "./config/validate.ts";
import type { Store } from "./store/types.ts";

export interface ServeOptions {
  loaded: LoadedConfig;
  /** Re-reads the same source for /admin/reload. */
  reload(): LoadedConfig;
  logger?: Logger;
  /** Overrides [server].data_dir (":memory:" in tests). */
  dataDir?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  runtime: Runtime;
  store: Store;
  stop(): Promise<void>;
}

export { isLoopbackHost as isLoopback } from "./config/validate.ts";

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const config = options.loaded.config;
  const logger = options.logger ?? createLogger(config.server.log_level);
  const dataDir = options.dataDir ?? resolve(config.server.data_dir);
  const store = await openStore({ dataDir });
  const runtime = await Runtime.open(config, store);
  // Keys created through the admin API count too; they live in the store.
  if (runtime.snapshot.keys.size === 0 && !isLoopbackHost(config.server.host)) {
    await store.close();
    throw new Error(`refusing to serve an open proxy on ${config.server.host}: add [[keys]] to the configuration (or listen on 127.0.0.1)`);
  }
  const rotation = new RoundRobin();
  const app = buildApp({
    runtime,
    store,
    logger,
    rotation,
    async reloadConfig(): Promise<Config> {
      return options.reload().config;
    },
  });
  const limitBytes = Math.ceil(config.server.body_limit_mb * 1024 * 1024) + 1024 * 1024;
  const server = Bun.serve({
    hostname: config.server.host,
    port: config.server.port,
    maxRequestBodySize: limitBytes,
    // Streams to slow models can be silent for minutes; upstream idle timeouts bound them instead.
    idleTimeout: 0,
    fetch: (request) => app.handle(request),
  });
  const retention = config.server.log_retention_days;
  const pruneTimer = retention > 0 ? setInterval(() => store.pruneLogs(Date.now() - retention * 86_400_000).catch(() => {}), 3_600_000) : undefined;
  pruneTimer?.unref?.();
  const host = config.server.host.includes(":") ? `[${config.server.host}]` : config.server.host;
  return {
    url: `http://${host}:${server.port}`,
    port: server.port ?? config.server.port,
    runtime,
    store,
    async stop() {
      if (pruneTimer) clearInterval(pruneTimer);
      await server.stop(true);
      await store.close();
    },
  };
}

export { VERSION };
