import { describe, expect, test } from "bun:test";
import { maskConfig, maskSecret } from "../../../src/config/mask.ts";
import { parseConfig } from "../../../src/config/load.ts";

describe("maskSecret", () => {
  test("shows at most 4 characters and the length", () => {
    expect(maskSecret("sk-abcdefghijklmnopqrstf3")).toBe("sk…f3 (25 chars)");
    const secret = "sk-or-v1-0123456789abcdef0123456789abcdef";
    const masked = maskSecret(secret);
    const shown = masked.replace(/ \(\d+ chars\)$/, "").replace("…", "");
    expect(shown.length).toBeLessThanOrEqual(4);
    expect(masked).not.toContain(secret.slice(0, 5));
  });

  test("short secrets are fully masked, empty stays empty", () => {
    expect(maskSecret("abc")).toBe("*** (3 chars)");
    expect(maskSecret("12345678901")).toBe("*** (11 chars)");
    expect(maskSecret("")).toBe("");
  });
});

describe("maskConfig", () => {
  const config = parseConfig(
    `
[server]
admin_key = "admin-0123456789"
[[keys]]
name = "cli"
key = "sk-ccp-local-0123456789"
[[providers]]
id = "o"
protocol = "openai"
base_url = "https://api.openai.com/v1"
api_keys = ["sk-proj-0123456789abcdef", "sk-proj-fedcba9876543210"]
headers = { Authorization = "Bearer abcdefghijklmnop", "X-Api-Key" = "0123456789abcdef", "x-auth-token" = "tok-0123456789", "X-Title" = "ccproxy" }
[[mcp_servers]]
name = "s"
url = "https://mcp.example/mcp"
headers = { Authorization = "Bearer 0123456789abcdef" }
env = { GITHUB_TOKEN = "ghp_0123456789abcdef", MODE = "fast" }
`,
    { source: "config.toml", env: {} },
  );

  test("masks every credential and nothing else", () => {
    const masked = maskConfig(config);
    expect(masked.server.admin_key).toBe("ad…89 (16 chars)");
    expect(masked.keys[0]).toEqual({ name: "cli", key: "sk…89 (23 chars)" });
    expect(masked.providers[0].api_keys).toEqual(["sk…ef (24 chars)", "sk…10 (24 chars)"]);
    expect(masked.providers[0].headers).toEqual({
      Authorization: "Be…op (23 chars)",
      "X-Api-Key": "01…ef (16 chars)",
      "x-auth-token": "to…89 (14 chars)",
      "X-Title": "ccproxy",
    });
    expect(masked.mcp_servers[0].headers).toEqual({ Authorization: "Be…ef (23 chars)" });
    expect(masked.mcp_servers[0].env).toEqual({ GITHUB_TOKEN: "gh…ef (20 chars)", MODE: "fast" });
    expect(masked.providers[0].base_url).toBe(config.providers[0].base_url);
    expect(masked.groups).toEqual(config.groups);
  });

  test("leaves the original untouched", () => {
    maskConfig(config);
    expect(config.providers[0].api_keys[0]).toBe("sk-proj-0123456789abcdef");
    expect(config.keys[0].key).toBe("sk-ccp-local-0123456789");
  });
});
