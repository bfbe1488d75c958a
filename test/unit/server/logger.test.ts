import { expect, test } from "bun:test";
import { createLogger } from "../../../src/server/logger.ts";
import { buildSnapshot } from "../../../src/config/runtime.ts";
import { parseConfig } from "../../../src/config/load.ts";

test("every log line is scrubbed of configured secrets, MCP credentials included", () => {
  const config = parseConfig(
    `[[keys]]\nname = "k"\nkey = "sk-access-key-123456"\n[[providers]]\nid = "p"\nprotocol = "openai"\nbase_url = "http://127.0.0.1:1/v1"\napi_keys = ["sk-provider-abcdef123"]\n[[mcp_servers]]\nname = "gh"\ncommand = ["gh-mcp"]\nenv = { GITHUB_TOKEN = "ghp_secret_token_value", LOG_LEVEL = "debug" }\n`,
    { source: "t", env: {} },
  );
  const snapshot = buildSnapshot(config, [], []);
  const lines: string[] = [];
  const logger = createLogger("debug", (line) => lines.push(line));
  logger.secrets = () => snapshot.secrets;
  logger.info("mcp server stderr", { line: "auth with ghp_secret_token_value failed", level: "debug" });
  logger.warn("upstream said", { error: "key sk-provider-abcdef123 is invalid; client used sk-access-key-123456" });
  const text = lines.join("\n");
  for (const secret of ["ghp_secret_token_value", "sk-provider-abcdef123", "sk-access-key-123456"]) expect(text).not.toContain(secret);
  expect(text).toContain("[redacted]");
  expect(text).toContain('"level":"debug"');
});
