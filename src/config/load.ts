// In charge of turning config.toml (or the embedded default) into a checked Config, or every reason it is not one.
import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";
import { Value } from "@sinclair/typebox/value";
import { DEFAULT_CONFIG_TEXT, EMBEDDED_SOURCE } from "./default.ts";
import { applyServerOverrides, type Environment, isPlainTable, substituteEnv } from "./env.ts";
import { ConfigError, type ConfigIssue } from "./errors.ts";
import { type Config, ConfigSchema } from "./schema.ts";
import { convertSubstituted, schemaIssues, unknownFieldIssues } from "./schema-check.ts";
import { semanticIssues } from "./validate.ts";

export { ConfigError, type ConfigIssue } from "./errors.ts";

export interface LoadOptions {
  /** The `--config PATH` argument, when given. */
  argvPath?: string;
  env: Environment;
  cwd: string;
}

export interface LoadedConfig {
  config: Config;
  /** Absolute path of the file read, or "embedded". */
  source: string;
  /** The TOML text the configuration came from (before env substitution). */
  text: string;
}

/**
 * --config PATH, else $CCPROXY_CONFIG, else ./config.toml, else the embedded default.
 * A path given explicitly (flag or variable) must exist: silently serving the default instead of
 * the file the user named would hide the mistake. Throws ConfigError.
 */
export function loadConfig(options: LoadOptions): LoadedConfig {
  const chosen = choosePath(options);
  if (!chosen) {
    return { config: parseConfig(DEFAULT_CONFIG_TEXT, { source: EMBEDDED_SOURCE, env: options.env }), source: EMBEDDED_SOURCE, text: DEFAULT_CONFIG_TEXT };
  }
  const label = labelFor(chosen.path, options.cwd);
  let text: string;
  try {
    text = readFileSync(chosen.path, "utf8");
  } catch (error) {
    const reason = error instanceof Error && "code" in error && error.code === "ENOENT" ? `file not found (given by ${chosen.origin})` : `cannot read file: ${errorText(error)}`;
    throw new ConfigError([{ source: label, field: "", reason }]);
  }
  return { config: parseConfig(text, { source: label, env: options.env }), source: chosen.path, text };
}

interface ChosenPath {
  path: string;
  origin: "--config" | "CCPROXY_CONFIG" | "./config.toml";
}

function choosePath(options: LoadOptions): ChosenPath | null {
  if (options.argvPath) return { path: resolve(options.cwd, options.argvPath), origin: "--config" };
  const fromEnv = options.env.CCPROXY_CONFIG;
  if (fromEnv) return { path: resolve(options.cwd, fromEnv), origin: "CCPROXY_CONFIG" };
  const local = resolve(options.cwd, "config.toml");
  return existsSync(local) ? { path: local, origin: "./config.toml" } : null;
}

/** Paths under the working directory are shown relative (`config.toml`), others absolute. */
function labelFor(path: string, cwd: string): string {
  const fromCwd = relative(cwd, path);
  return fromCwd !== "" && !fromCwd.startsWith("..") && !isAbsolute(fromCwd) ? fromCwd : path;
}

export interface ParseOptions {
  /** File label used in messages. */
  source: string;
  env: Environment;
}

/**
 * TOML text → Config: parse, substitute "env:NAME", apply CCPROXY_* overrides, fill defaults,
 * check schema, unknown fields and cross references. All problems are collected into one
 * ConfigError. Used for the first load and for POST /admin/reload alike.
 */
export function parseConfig(text: string, options: ParseOptions): Config {
  const { source, env } = options;
  const document = parseToml(text, source);
  const substitution = substituteEnv(document, env, source);
  const value = isPlainTable(substitution.value) ? substitution.value : {};
  const issues: ConfigIssue[] = [...substitution.issues, ...applyServerOverrides(value, env)];
  issues.push(...unknownFieldIssues(ConfigSchema, value, source));
  convertSubstituted(ConfigSchema, value, substitution.substituted);
  const withDefaults: unknown = Value.Default(ConfigSchema, value);
  issues.push(...schemaIssues(ConfigSchema, withDefaults, source, substitution.substituted));
  if (isPlainTable(withDefaults)) issues.push(...semanticIssues(withDefaults, source));
  if (issues.length > 0) throw new ConfigError(oncePerField(issues));
  // Decode runs the schema's transforms (Elysia's numeric types), so numbers are numbers.
  return Value.Decode(ConfigSchema, withDefaults);
}

/** A field the schema already rejected gets no second, derived complaint from the semantic checks. */
function oncePerField(issues: ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    if (issue.field === "") return true;
    const where = `${issue.source}\u0000${issue.field}`;
    if (seen.has(where)) return false;
    seen.add(where);
    return true;
  });
}

function parseToml(text: string, source: string): Record<string, unknown> {
  try {
    const parsed: unknown = Bun.TOML.parse(text);
    return isPlainTable(parsed) ? parsed : {};
  } catch (error) {
    const message = errorText(error).replace(/^TOML Parse error:\s*/, "");
    const line = errorLine(text, message);
    throw new ConfigError([{ source: line ? `${source}:${line}` : source, field: "", reason: `invalid TOML: ${message}` }]);
  }
}

/**
 * Bun's TOML errors carry no position. The first line whose prefix of the document fails with
 * the same message is where the problem starts (config files are small, so this is cheap).
 */
function errorLine(text: string, message: string): number | undefined {
  const lines = text.split("\n");
  for (let count = 1; count <= lines.length; count++) {
    try {
      Bun.TOML.parse(`${lines.slice(0, count).join("\n")}\n`);
    } catch (error) {
      if (errorText(error).replace(/^TOML Parse error:\s*/, "") === message) return count;
    }
  }
  return undefined;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
