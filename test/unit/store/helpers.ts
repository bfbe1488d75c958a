// In charge of fixtures the store tests share: temp data dirs and log entries.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { GroupConfig } from "../../../src/config/schema.ts";
import type { RequestLogEntry } from "../../../src/store/types.ts";

export function tempDataDir(): string {
  return join(mkdtempSync(join(tmpdir(), "ccproxy-store-")), "data");
}

export function logEntry(overrides: Partial<RequestLogEntry> = {}): RequestLogEntry {
  return {
    id: "req_1",
    time: Date.UTC(2025, 0, 15, 12, 0, 0),
    group: "default",
    alias: "claude-sonnet-4",
    provider: "ollama",
    upstreamModel: "qwen3-coder",
    clientProtocol: "claude",
    upstreamProtocol: "ollama",
    compat: false,
    stream: true,
    status: 200,
    outcome: "ok",
    attempts: 1,
    inputTokens: 100,
    outputTokens: 20,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    ttfbMs: 50,
    latencyMs: 400,
    ...overrides,
  };
}

export function group(name: string, alias = "*"): GroupConfig {
  return {
    name,
    prompt_injection: "off",
    prompt_text: "",
    prompt_position: "system",
    tool_filter: [],
    temperature_ratio: 1,
    aliases: [{ alias, targets: ["ollama/*"] }],
  };
}
