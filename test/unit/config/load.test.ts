import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_CONFIG_TEXT } from "../../../src/config/default.ts";
import { ConfigError, loadConfig, parseConfig } from "../../../src/config/load.ts";
import { configError, dirWith, tempDir } from "./helpers.ts";

const REPOSITORY_CONFIG = join(import.meta.dir, "../../../config.toml");

const MINIMAL = `
[server]
port = 8080
`;

describe("embedded default", () => {
  test("is the repository's config.toml", () => {
    expect(DEFAULT_CONFIG_TEXT).toBe(readFileSync(REPOSITORY_CONFIG, "utf8"));
  });

  test("loads with no environment variables and no file", () => {
    const loaded = loadConfig({ env: {}, cwd: tempDir() });
    expect(loaded.source).toBe("embedded");
    expect(loaded.text).toBe(DEFAULT_CONFIG_TEXT);
    const { server, keys, providers, groups, mcp_servers } = loaded.config;
    expect(server).toMatchObject({ host: "127.0.0.1", port: 11435, data_dir: "./data", admin_key: "", log_requests: false });
    expect(keys).toEqual([]);
    expect(providers.map((provider) => [provider.id, provider.protocol, provider.base_url])).toEqual([["ollama", "ollama", "http://127.0.0.1:11434"]]);
    expect(groups.map((group) => group.name)).toEqual(["default"]);
    expect(groups[0].aliases).toEqual([{ alias: "*", targets: ["ollama/*"] }]);
    expect(mcp_servers).toEqual([]);
  });

  test("shows every documented field, set or commented", () => {
    const fields = [
      "host", "port", "data_dir", "admin_key", "log_requests", "body_limit_mb", "max_attempts", "log_level", "log_retention_days",
      "[[keys]]", "name", "key", "id", "protocol", "base_url", "api_keys", "tools", "timeout_ms", "max_tokens_cap", "extra_body",
      "first_byte_timeout_ms", "idle_timeout_ms", "headers", "prompt_injection", "prompt_text", "prompt_position", "tool_filter",
      "temperature_ratio", "[[groups.aliases]]", "alias", "targets", "[[mcp_servers]]", "command", "url", "env",
    ];
    for (const field of fields) expect(DEFAULT_CONFIG_TEXT).toContain(field);
    for (const example of ["openrouter", "anthropic", "gemini", "env:OPENAI_API_KEY"]) expect(DEFAULT_CONFIG_TEXT).toContain(example);
  });
});

describe("choosing the file", () => {
  test("./config.toml in the working directory", () => {
    const dir = dirWith("config.toml", MINIMAL);
    const loaded = loadConfig({ env: {}, cwd: dir });
    expect(loaded.source).toBe(join(dir, "config.toml"));
    expect(loaded.config.server.port).toBe(8080);
    expect(loaded.text).toBe(MINIMAL);
  });

  test("$CCPROXY_CONFIG beats ./config.toml, --config beats both", () => {
    const dir = dirWith("config.toml", MINIMAL);
    const fromEnv = dirWith("env.toml", "[server]\nport = 9001\n");
    const fromArgv = dirWith("argv.toml", "[server]\nport = 9002\n");
    const env = { CCPROXY_CONFIG: join(fromEnv, "env.toml") };
    expect(loadConfig({ env, cwd: dir }).config.server.port).toBe(9001);
    expect(loadConfig({ env, cwd: dir, argvPath: join(fromArgv, "argv.toml") }).config.server.port).toBe(9002);
  });

  test("a relative --config path is taken from the working directory", () => {
    const dir = dirWith("other.toml", MINIMAL);
    expect(loadConfig({ env: {}, cwd: dir, argvPath: "other.toml" }).source).toBe(join(dir, "other.toml"));
  });

  test("an explicit path that does not exist is an error, not the default", () => {
    const dir = tempDir();
    const fromArgv = configError(() => loadConfig({ env: {}, cwd: dir, argvPath: "missing.toml" }));
    expect(fromArgv.message).toBe("missing.toml: file not found (given by --config)");
    const fromEnv = configError(() => loadConfig({ env: { CCPROXY_CONFIG: "/nonexistent/ccproxy.toml" }, cwd: dir }));
    expect(fromEnv.message).toBe("/nonexistent/ccproxy.toml: file not found (given by CCPROXY_CONFIG)");
  });

  test("an empty file is a valid configuration of defaults", () => {
    const config = parseConfig("", { source: "config.toml", env: {} });
    expect(config.server.port).toBe(11435);
    expect(config.providers).toEqual([]);
  });

  test("defaults fill what the file leaves out", () => {
    const config = parseConfig(
      `[[providers]]\nid = "o"\nprotocol = "openai"\nbase_url = "https://api.openai.com/v1"\n[[groups]]\nname = "g"\n`,
      { source: "config.toml", env: {} },
    );
    expect(config.providers[0]).toEqual({ id: "o", protocol: "openai", base_url: "https://api.openai.com/v1", api_keys: [], tools: "native", timeout_ms: 600000, headers: {} });
    expect(config.groups[0]).toEqual({ name: "g", prompt_injection: "off", prompt_text: "", prompt_position: "system", tool_filter: [], temperature_ratio: 1, aliases: [] });
  });
});

describe("env: substitution", () => {
  const TEXT = `
[server]
admin_key = "env:ADMIN"
[[providers]]
id = "ollama"
protocol = "ollama"
base_url = "http://127.0.0.1:11434"
[[providers]]
id = "openrouter"
protocol = "openai"
base_url = "env:OPENROUTER_URL"
api_keys = ["env:KEY_1", "literal", "env:KEY_2"]
headers = { Authorization = "env:AUTH", "X-Title" = "ccproxy" }
`;

  test("replaces values at any depth, in arrays and tables", () => {
    const env = { ADMIN: "admin-secret", OPENROUTER_URL: "https://openrouter.ai/api/v1", KEY_1: "k1", KEY_2: "k2", AUTH: "Bearer x" };
    const config = parseConfig(TEXT, { source: "config.toml", env });
    expect(config.server.admin_key).toBe("admin-secret");
    expect(config.providers[1].base_url).toBe("https://openrouter.ai/api/v1");
    expect(config.providers[1].api_keys).toEqual(["k1", "literal", "k2"]);
    expect(config.providers[1].headers).toEqual({ Authorization: "Bearer x", "X-Title": "ccproxy" });
  });

  test("a variable set to the empty string counts as set", () => {
    const env = { ADMIN: "", OPENROUTER_URL: "https://openrouter.ai/api/v1", KEY_1: "k1", KEY_2: "k2", AUTH: "a" };
    expect(parseConfig(TEXT, { source: "config.toml", env }).server.admin_key).toBe("");
  });

  test("each missing variable is named with its field, all at once", () => {
    const error = configError(() => parseConfig(TEXT, { source: "config.toml", env: { ADMIN: "a", OPENROUTER_URL: "https://x.test" } }));
    expect(error.message.split("\n")).toEqual([
      'config.toml: providers[1].api_keys[0] = "env:KEY_1": environment variable KEY_1 is not set',
      'config.toml: providers[1].api_keys[2] = "env:KEY_2": environment variable KEY_2 is not set',
      'config.toml: providers[1].headers.Authorization = "env:AUTH": environment variable AUTH is not set',
    ]);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.issues[0]).toEqual({ source: "config.toml", field: "providers[1].api_keys[0]", value: '"env:KEY_1"', reason: "environment variable KEY_1 is not set" });
  });

  test("a value from env: that fails the schema says where it came from", () => {
    const error = configError(() => parseConfig(`[server]\nlog_level = "env:LEVEL"\n`, { source: "config.toml", env: { LEVEL: "loud" } }));
    expect(error.message).toBe('config.toml: server.log_level = "loud" (from env:LEVEL): must be one of debug, info, warn, error');
  });

  test("an invalid variable name is reported", () => {
    const error = configError(() => parseConfig(`[server]\nhost = "env:1-bad"\n`, { source: "config.toml", env: {} }));
    expect(error.message).toBe('config.toml: server.host = "env:1-bad": "1-bad" is not a valid environment variable name');
  });
});

describe("CCPROXY_* overrides", () => {
  test("override [server] fields of the file", () => {
    const env = { CCPROXY_HOST: "0.0.0.0", CCPROXY_PORT: "9999", CCPROXY_DATA_DIR: "/var/lib/ccproxy", CCPROXY_ADMIN_KEY: "admin" };
    const config = parseConfig(MINIMAL, { source: "config.toml", env });
    expect(config.server).toMatchObject({ host: "0.0.0.0", port: 9999, data_dir: "/var/lib/ccproxy", admin_key: "admin" });
  });

  test("apply to the embedded default too, and create [server] when absent", () => {
    expect(loadConfig({ env: { CCPROXY_PORT: "1234" }, cwd: tempDir() }).config.server.port).toBe(1234);
    expect(parseConfig("", { source: "config.toml", env: { CCPROXY_HOST: "::1" } }).server.host).toBe("::1");
  });

  test("empty variables are ignored", () => {
    const config = parseConfig(MINIMAL, { source: "config.toml", env: { CCPROXY_PORT: "", CCPROXY_HOST: "" } });
    expect(config.server.port).toBe(8080);
    expect(config.server.host).toBe("127.0.0.1");
  });

  test("a port that is not an integer in range is an error naming the variable", () => {
    for (const port of ["abc", "70000", "80.5", "-1"]) {
      const error = configError(() => parseConfig(MINIMAL, { source: "config.toml", env: { CCPROXY_PORT: port } }));
      expect(error.message).toBe(`environment: CCPROXY_PORT = ${JSON.stringify(port)}: must be an integer between 0 and 65535`);
    }
  });
});

describe("env: values in typed fields", () => {
  test("numbers and booleans are converted where the schema wants them", () => {
    const config = parseConfig(`[server]\nport = "env:PORT"\nlog_requests = "env:LOG"\nbody_limit_mb = "env:LIMIT"\n`, {
      source: "config.toml",
      env: { PORT: "8081", LOG: "true", LIMIT: "0.5" },
    });
    expect(config.server.port).toBe(8081);
    expect(config.server.log_requests).toBe(true);
    expect(config.server.body_limit_mb).toBe(0.5);
  });

  test("a variable that does not spell the type fails the schema check", () => {
    const error = configError(() => parseConfig(`[server]\nlog_requests = "env:LOG"\n`, { source: "config.toml", env: { LOG: "yes" } }));
    expect(error.message).toBe('config.toml: server.log_requests = "yes" (from env:LOG): must be true or false');
  });
});
