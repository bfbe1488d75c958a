// In charge of starting a configured ccproxy: config → store → runtime → app → listen. Used by the CLI and tests.
import { resolve } from "node:path";
import { buildApp, VERSION } from "./app.ts";
import { recordPending } from "./pipeline/request-log.ts";
import { loadConfig, type LoadedConfig } from "./config/load.ts";
import { Runtime } from "./config/runtime.ts";
import type { Config } from "./config/schema.ts";
import { RoundRobin } from "./routing/rotation.ts";
import { Health } from "./routing/health.ts";
import { ToolModeMemory } from "./routing/tool-mode.ts";
import { createLogger, type Logger } from "./server/logger.ts";
import { IN_MEMORY, openStore } from "./store/index.ts";
import type { McpHub } from "./mcp/hub.ts";
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
  logger: Logger;
  port: number;
  runtime: Runtime;
  store: Store;
  stop(): Promise<void>;
}

export { isLoopbackHost as isLoopback } from "./config/validate.ts";

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const config = options.loaded.config;
  const logger = options.logger ?? createLogger(config.server.log_level);
  // ":memory:" keeps the database in memory (tests, benchmarks); anything else is a directory.
  const dataDir = options.dataDir ?? (config.server.data_dir === IN_MEMORY ? IN_MEMORY : resolve(config.server.data_dir));
  const store = await openStore({ dataDir });
  const runtime = await Runtime.open(config, store);
  logger.secrets = () => runtime.snapshot.secrets;
  // Keys created through the admin API count too; they live in the store.
  if (runtime.snapshot.keys.size === 0 && !isLoopbackHost(config.server.host)) {
    await store.close();
    throw new Error(`refusing to serve an open proxy on ${config.server.host}: add [[keys]] to the configuration (or listen on 127.0.0.1)`);
  }
  const rotation = new RoundRobin();
  const health = new Health();
  const toolModes = new ToolModeMemory();
  await restoreRoutingState(store, rotation, health, toolModes, logger);
  // MCP servers start at boot, in the background: a slow `npx -y …` must not delay listening, and
  // the first MCP list request waits (bounded) for servers still starting. Without servers the
  // MCP SDK is never loaded (and /sse, /mcp/http, /admin/mcp answer 404).
  let mcp: McpHub | undefined;
  let mcpPlugins: Parameters<typeof buildApp>[0]["mcp"];
  if (config.mcp_servers.length > 0) {
    const [{ McpHub: Hub }, { mcpRoutes, mcpAdminRoutes }] = await Promise.all([import("./mcp/hub.ts"), import("./server/mcp.ts")]);
    mcp = new Hub(config.mcp_servers, logger);
    void mcp.start();
    mcpPlugins = { routes: mcpRoutes({ hub: mcp, runtime, logger, store }), admin: mcpAdminRoutes({ hub: mcp, runtime }) };
  }
  const app = buildApp({
    mcp: mcpPlugins,
    runtime,
    store,
    logger,
    rotation,
    health,
    toolModes,
    async reloadConfig(): Promise<Config> {
      return options.reload().config;
    },
  });
  const limitBytes = Math.ceil(config.server.body_limit_mb * 1024 * 1024) + 1024 * 1024;
  // Elysia's listen() hands every static and `:param` route to Bun's native router, each with its
  // compiled handler (global hooks included); the rest (wildcards, 404s) goes through app.fetch.
  // Calling app.handle from our own Bun.serve would run Elysia's JS router on every request.
  app.listen({
    hostname: config.server.host,
    port: config.server.port,
    maxRequestBodySize: limitBytes,
    // Streams to slow models can be silent for minutes; upstream idle timeouts bound them instead.
    idleTimeout: 0,
    // Elysia defaults to reusePort: a second ccproxy on the same port must fail, not share it.
    reusePort: false,
    // Elysia turns Bun's development mode (HTML error pages with stacks) on outside NODE_ENV=production.
    development: false,
  });
  const server = app.server;
  if (!server) throw new Error("the HTTP server did not start");
  const retention = config.server.log_retention_days;
  const pruneTimer = retention > 0 ? setInterval(() => store.pruneLogs(Date.now() - retention * 86_400_000).catch(() => {}), 3_600_000) : undefined;
  pruneTimer?.unref?.();
  const saveState = () => saveRoutingState(store, rotation, health, toolModes).catch((error: unknown) => logger.warn("could not save routing state", { error: String(error) }));
  const stateTimer = setInterval(saveState, 10_000);
  stateTimer.unref?.();
  const host = config.server.host.includes(":") ? `[${config.server.host}]` : config.server.host;
  return {
    url: `http://${host}:${server.port}`,
    logger,
    port: server.port ?? config.server.port,
    runtime,
    store,
    async stop() {
      if (pruneTimer) clearInterval(pruneTimer);
      clearInterval(stateTimer);
      // Before the store closes: stopping the hub saves MCP session activity and ends stdio children.
      await mcp?.stop();
      await server.stop(true);
      await saveRoutingState(store, rotation, health, toolModes, true).catch(() => {});
      // Requests that ended in this very turn are recorded before the store closes.
      recordPending();
      await store.close();
    },
  };
}

const STATE_KEYS = { rotation: "routing.rotation", health: "routing.health", toolModes: "routing.tool_modes" } as const;

/** Rotation cursors, cooldowns and learned tool modes survive a restart (kv state in the store). */
async function restoreRoutingState(store: Store, rotation: RoundRobin, health: Health, toolModes: ToolModeMemory, logger: Logger): Promise<void> {
  const read = async (key: string): Promise<unknown> => {
    const text = await store.getState(key);
    if (!text) return undefined;
    try {
      return JSON.parse(text);
    } catch {
      logger.warn("ignoring unreadable routing state", { key });
      return undefined;
    }
  };
  rotation.import(await read(STATE_KEYS.rotation));
  health.import(await read(STATE_KEYS.health));
  toolModes.import(await read(STATE_KEYS.toolModes));
}

let lastRotation = "";

async function saveRoutingState(store: Store, rotation: RoundRobin, health: Health, toolModes: ToolModeMemory, force = false): Promise<void> {
  const cursors = JSON.stringify(rotation.export());
  if (force || cursors !== lastRotation) {
    await store.setState(STATE_KEYS.rotation, cursors);
    lastRotation = cursors;
  }
  if (health.takeChanged() || force) await store.setState(STATE_KEYS.health, JSON.stringify(health.export()));
  if (toolModes.takeChanged() || force) await store.setState(STATE_KEYS.toolModes, JSON.stringify(toolModes.export()));
}

export { VERSION };
