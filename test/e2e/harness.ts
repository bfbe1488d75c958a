// In charge of starting ccproxy in a test, in front of fake upstreams, with a config written as TOML.
import { parseConfig } from "../../src/config/load.ts";
import { startServer, type RunningServer } from "../../src/serve.ts";
import { silentLogger, type Logger } from "../../src/server/logger.ts";
import type { ProtocolName } from "../../src/unified/protocol.ts";
import { startFakeUpstream, type FakeUpstream } from "../fakes/server.ts";

export interface Harness {
  proxy: RunningServer;
  url: string;
  fakes: Record<ProtocolName, FakeUpstream>;
  stop(): Promise<void>;
}

export const ACCESS_KEY = "sk-ccp-test-key-0001";
export const ADMIN_KEY = "admin-test-key-0001";
export const PROVIDER_KEY = "sk-provider-secret-abcdef";

/** The providers section for the fakes: ids `openai`, `claude`, `gemini`, `ollama`, `openai-responses`. */
export function providersToml(fakes: Record<ProtocolName, FakeUpstream>, extra = ""): string {
  return (Object.keys(fakes) as ProtocolName[])
    .map((protocol) => `[[providers]]\nid = "${protocol}"\nprotocol = "${protocol}"\nbase_url = "${fakes[protocol].baseUrl}"\napi_keys = ["${PROVIDER_KEY}"]\ntimeout_ms = 5000\n${extra}`)
    .join("\n");
}

/** A default group with alias `<protocol>-model` → `<protocol>/upstream-<protocol>` for each fake. */
export function defaultGroupToml(name = "default"): string {
  const aliases = (["openai", "claude", "gemini", "ollama", "openai-responses"] as const)
    .map((protocol) => `[[groups.aliases]]\nalias = "${protocol}-model"\ntargets = ["${protocol}/upstream-${protocol}"]`)
    .join("\n");
  return `[[groups]]\nname = "${name}"\n${aliases}\n`;
}

export interface HarnessOptions {
  /** Extra TOML appended (more groups, etc.). */
  toml?: string;
  keys?: boolean;
  admin?: boolean;
  /** Replace the whole [server]/[[keys]]/providers/groups text (fakes given). */
  build?: (fakes: Record<ProtocolName, FakeUpstream>) => string;
  dataDir?: string;
  /** Extra [server] lines. */
  server?: string;
  logger?: Logger;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const fakes = {
    openai: await startFakeUpstream("openai"),
    claude: await startFakeUpstream("claude"),
    gemini: await startFakeUpstream("gemini"),
    ollama: await startFakeUpstream("ollama"),
    "openai-responses": await startFakeUpstream("openai-responses"),
  } satisfies Record<ProtocolName, FakeUpstream>;
  const text = options.build
    ? options.build(fakes)
    : [
        `[server]\nhost = "127.0.0.1"\nport = 0\n${options.admin === false ? "" : `admin_key = "${ADMIN_KEY}"`}\n${options.server ?? ""}`,
        options.keys === false ? "" : `[[keys]]\nname = "test"\nkey = "${ACCESS_KEY}"`,
        providersToml(fakes),
        defaultGroupToml(),
        options.toml ?? "",
      ].join("\n");
  const load = () => {
    const config = parseConfig(text, { source: "test.toml", env: {} });
    return { config, source: "test.toml", text };
  };
  const proxy = await startServer({ loaded: load(), reload: load, logger: options.logger ?? silentLogger, dataDir: options.dataDir ?? ":memory:" });
  return {
    proxy,
    url: proxy.url,
    fakes,
    async stop() {
      await proxy.stop();
      await Promise.all(Object.values(fakes).map((fake) => fake.close()));
    },
  };
}
