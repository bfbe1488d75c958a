// In charge of small helpers the config tests share: temp dirs with a config file, error capture.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "../../../src/config/errors.ts";
import { parseConfig } from "../../../src/config/load.ts";

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "ccproxy-config-"));
}

/** A temp directory holding `name` with `text`; answers the directory. */
export function dirWith(name: string, text: string): string {
  const dir = tempDir();
  writeFileSync(join(dir, name), text);
  return dir;
}

/** Runs `action`, expecting a ConfigError; answers it. */
export function configError(action: () => unknown): ConfigError {
  try {
    action();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError, got none");
}

/** The ConfigError message lines for a TOML text parsed as "config.toml". */
export function errorLines(text: string, env: Record<string, string | undefined> = {}): string[] {
  return configError(() => parseConfig(text, { source: "config.toml", env })).message.split("\n");
}

export const OLLAMA_PROVIDER = `
[[providers]]
id = "ollama"
protocol = "ollama"
base_url = "http://127.0.0.1:11434"
`;
