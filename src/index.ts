#!/usr/bin/env bun
// In charge of the command line entry: args → config → server → banner; signals stop it cleanly.
import { loadConfig, type LoadedConfig } from "./config/load.ts";
import { parseArgs, USAGE } from "./cli.ts";
import { startServer, VERSION, isLoopback } from "./serve.ts";

function fail(message: string): never {
  process.stderr.write(`ccproxy: ${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  if (options.help) return void process.stdout.write(USAGE + "\n");
  if (options.version) return void process.stdout.write(`ccproxy ${VERSION}\n`);

  const load = (): LoadedConfig => {
    const loaded = loadConfig({ argvPath: options.config, env: process.env, cwd: process.cwd() });
    if (options.port !== undefined) loaded.config.server.port = options.port;
    if (options.host !== undefined) loaded.config.server.host = options.host;
    return loaded;
  };
  let loaded: LoadedConfig;
  try {
    loaded = load();
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  let server;
  try {
    server = await startServer({ loaded, reload: load });
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  const { config } = server.runtime.snapshot;
  const lines = [
    `ccproxy ${VERSION} listening on ${server.url}`,
    `  config:   ${loaded.source}`,
    `  data dir: ${config.server.data_dir}`,
    `  groups:   ${[...server.runtime.snapshot.groups.keys()].join(", ") || "(none)"} (active: ${server.runtime.activeGroup})`,
    `  auth:     ${server.runtime.snapshot.keys.size > 0 ? `${server.runtime.snapshot.keys.size} access key(s) required` : "open proxy (no [[keys]]; loopback only)"}`,
    `  admin:    ${config.server.admin_key ? "enabled at /admin" : "disabled (set admin_key)"}`,
    `  docs:     ${server.url}/swagger`,
  ];
  if (server.runtime.snapshot.keys.size === 0 && isLoopback(config.server.host)) lines.push("  warning:  no access keys configured: anyone on this machine can use the proxy");
  process.stderr.write(lines.join("\n") + "\n");

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`ccproxy: ${signal}, stopping\n`);
    await server.stop();
    server.logger.flush();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGHUP", () => {
    try {
      const next = load();
      void server.runtime.replaceFile(next.config).then(() => process.stderr.write("ccproxy: configuration reloaded\n"));
    } catch (error) {
      process.stderr.write(`ccproxy: reload failed, keeping the running configuration: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  });
}

void main();
