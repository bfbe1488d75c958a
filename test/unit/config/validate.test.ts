import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { loadConfig } from "../../../src/config/load.ts";
import { groupIssues, isLoopbackHost, targetProblem } from "../../../src/config/validate.ts";
import { configError, dirWith, errorLines, OLLAMA_PROVIDER, tempDir } from "./helpers.ts";

describe("schema errors name file, field, value and reason", () => {
  test("unknown protocol", () => {
    expect(errorLines(`[[providers]]\nid = "x"\nprotocol = "openia"\nbase_url = "http://h"\n`)).toEqual([
      'config.toml: providers[0].protocol = "openia": must be one of openai, claude, gemini, ollama, openai-responses',
    ]);
  });

  test("missing required field", () => {
    expect(errorLines(`[[providers]]\nid = "x"\nprotocol = "openai"\n`)).toEqual(["config.toml: providers[0].base_url: is required"]);
  });

  test("wrong types and ranges", () => {
    expect(errorLines(`[server]\nport = 70000\nlog_requests = "yes"\nhost = 5\n`)).toEqual([
      "config.toml: server.host = 5: must be a string",
      "config.toml: server.port = 70000: must be an integer between 0 and 65535",
      'config.toml: server.log_requests = "yes": must be true or false',
    ]);
  });

  test("id pattern and empty alias targets", () => {
    const lines = errorLines(`${OLLAMA_PROVIDER}\n[[groups]]\nname = "my group"\n[[groups.aliases]]\nalias = "a"\ntargets = []\n`);
    expect(lines).toEqual([
      "config.toml: groups[0].name = \"my group\": may only contain letters, digits, '_', '.' and '-'",
      "config.toml: groups[0].aliases[0].targets = []: must have at least 1 item",
    ]);
  });

  test("the file label is the path the error came from", () => {
    const dir = dirWith("ccproxy.toml", `[server]\nport = "x"\n`);
    const error = configError(() => loadConfig({ env: {}, cwd: dir, argvPath: join(dir, "ccproxy.toml") }));
    expect(error.message).toBe('ccproxy.toml: server.port = "x": must be an integer between 0 and 65535');
    const outside = configError(() => loadConfig({ env: {}, cwd: tempDir(), argvPath: join(dir, "ccproxy.toml") }));
    expect(outside.message).toBe(`${join(dir, "ccproxy.toml")}: server.port = "x": must be an integer between 0 and 65535`);
  });
});

describe("unknown sections and fields are errors", () => {
  test("typos get a suggestion", () => {
    expect(errorLines(`[[provider]]\nid = "x"\n[server]\nprot = 1\n`)).toEqual([
      'config.toml: provider: unknown section (did you mean "providers"?)',
      'config.toml: server.prot: unknown field (did you mean "port"?)',
    ]);
  });

  test("in providers, groups and aliases", () => {
    const text = `[[providers]]\nid = "ollama"\nprotocol = "ollama"\nbase_url = "http://h"\napi_key = "k"\n[[groups]]\nname = "g"\ncolour = "red"\n[[groups.aliases]]\nalias = "a"\ntargets = ["ollama/m"]\ntarget = "x"\n`;
    const lines = errorLines(text);
    expect(lines).toContain('config.toml: providers[0].api_key: unknown field (did you mean "api_keys"?)');
    expect(lines.some((line) => line.startsWith("config.toml: groups[0].colour: unknown field (known: name, prompt_injection"))).toBe(true);
    expect(lines).toContain('config.toml: groups[0].aliases[0].target: unknown field (did you mean "targets"?)');
  });

  test("free-form tables (headers, env) accept any name", () => {
    const text = `[[providers]]\nid = "o"\nprotocol = "openai"\nbase_url = "https://h"\nheaders = { "X-Anything" = "1" }\n[[mcp_servers]]\nname = "m"\ncommand = ["x"]\nenv = { FOO = "bar" }\n`;
    expect(() => loadConfigText(text)).not.toThrow();
  });
});

describe("semantic errors", () => {
  test("duplicate provider ids, group names, key names, key values, mcp server names", () => {
    const text = `
[[keys]]
name = "a"
key = "sk-ccp-0123456789abcdef"
[[keys]]
name = "a"
key = "sk-ccp-0123456789abcdef"
${OLLAMA_PROVIDER}
${OLLAMA_PROVIDER}
[[groups]]
name = "g"
[[groups]]
name = "g"
[[mcp_servers]]
name = "m"
url = "http://127.0.0.1:1/mcp"
[[mcp_servers]]
name = "m"
url = "http://127.0.0.1:2/mcp"
`;
    expect(errorLines(text)).toEqual([
      'config.toml: keys[1].name = "a": duplicate of keys[0].name',
      "config.toml: keys[1].key = sk…ef (23 chars): duplicate of keys[0].key",
      'config.toml: providers[1].id = "ollama": duplicate of providers[0].id',
      'config.toml: groups[1].name = "g": duplicate of groups[0].name',
      'config.toml: mcp_servers[1].name = "m": duplicate of mcp_servers[0].name',
    ]);
  });

  test("alias targets: no slash, unknown provider, duplicate alias", () => {
    const text = `${OLLAMA_PROVIDER}
[[groups]]
name = "default"
[[groups.aliases]]
alias = "a"
targets = ["qwen3-coder", "openrouter/qwen/qwen3-coder:free", "ollama/qwen3"]
[[groups.aliases]]
alias = "a"
targets = ["ollama/x"]
`;
    expect(errorLines(text)).toEqual([
      'config.toml: groups[0].aliases[1].alias = "a": duplicate of groups[0].aliases[0].alias',
      'config.toml: groups[0].aliases[0].targets[0] = "qwen3-coder": must be "<provider id>/<model>" (split at the first "/")',
      'config.toml: groups[0].aliases[0].targets[1] = "openrouter/qwen/qwen3-coder:free": names unknown provider "openrouter" (providers: ollama)',
    ]);
  });

  test("base_url must be http(s)", () => {
    expect(errorLines(`[[providers]]\nid = "x"\nprotocol = "openai"\nbase_url = "ftp://files"\n`)).toEqual([
      'config.toml: providers[0].base_url = "ftp://files": must be an http:// or https:// URL',
    ]);
    expect(errorLines(`[[providers]]\nid = "x"\nprotocol = "openai"\nbase_url = "localhost:8080"\n`)).toEqual([
      'config.toml: providers[0].base_url = "localhost:8080": must be an http:// or https:// URL',
    ]);
    expect(errorLines(`[[providers]]\nid = "x"\nprotocol = "openai"\nbase_url = "not a url"\n`)).toEqual([
      'config.toml: providers[0].base_url = "not a url": must be an absolute http:// or https:// URL',
    ]);
  });

  test("mcp server with neither or both of command and url, or a non-http url", () => {
    const text = `[[mcp_servers]]\nname = "none"\n[[mcp_servers]]\nname = "both"\ncommand = ["x"]\nurl = "http://h/mcp"\n[[mcp_servers]]\nname = "ws"\nurl = "ws://h/mcp"\n`;
    expect(errorLines(text)).toEqual([
      "config.toml: mcp_servers[0]: needs command (stdio server) or url (HTTP server)",
      "config.toml: mcp_servers[1]: set either command (stdio server) or url (HTTP server), not both",
      'config.toml: mcp_servers[2].url = "ws://h/mcp": must be an http:// or https:// URL',
    ]);
  });

  test("all problems are reported together, a field only once", () => {
    const text = `[server]\nport = -1\n[[providers]]\nid = "x"\nprotocol = "openia"\nbase_url = "ftp://h"\n[[groups]]\nname = "g"\n[[groups.aliases]]\nalias = "a"\ntargets = ["x/"]\n`;
    expect(errorLines(text)).toEqual([
      "config.toml: server.port = -1: must be an integer between 0 and 65535",
      'config.toml: providers[0].protocol = "openia": must be one of openai, claude, gemini, ollama, openai-responses',
      'config.toml: groups[0].aliases[0].targets[0] = "x/": must be at least 3 characters long',
      'config.toml: providers[0].base_url = "ftp://h": must be an http:// or https:// URL',
    ]);
  });
});

describe("malformed TOML", () => {
  test("names the file, the line and the parser's reason", () => {
    expect(errorLines(`[server]\nport = 1\n\n[[providers]]\nid = "a"\nid = "b"\n`)).toEqual(["config.toml:6: invalid TOML: Cannot redefine key 'id'"]);
    expect(errorLines(`[server]\nhost = "x\n`)[0]).toStartWith("config.toml:2: invalid TOML: ");
  });
});

describe("helpers the admin API reuses", () => {
  test("targetProblem and groupIssues", () => {
    const providers = new Set(["ollama"]);
    expect(targetProblem("ollama/qwen3", providers)).toBeNull();
    expect(targetProblem("ollama/*", providers)).toBeNull();
    expect(targetProblem("/qwen3", providers)).toContain("<provider id>/<model>");
    expect(targetProblem("other/qwen3", providers)).toBe('names unknown provider "other" (providers: ollama)');
    const issues = groupIssues({ name: "g", aliases: [{ alias: "a", targets: ["other/m"] }] }, providers, "admin", ["group"]);
    expect(issues).toEqual([{ source: "admin", field: "group.aliases[0].targets[0]", value: '"other/m"', reason: 'names unknown provider "other" (providers: ollama)' }]);
  });

  test("isLoopbackHost", () => {
    for (const host of ["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"]) expect(isLoopbackHost(host)).toBe(true);
    for (const host of ["0.0.0.0", "192.168.1.2", "::", "example.com"]) expect(isLoopbackHost(host)).toBe(false);
  });
});

function loadConfigText(text: string): unknown {
  const dir = dirWith("config.toml", text);
  return loadConfig({ env: {}, cwd: dir }).config;
}
