// In charge of what the environment contributes: "env:NAME" values and the CCPROXY_* [server] overrides.
import { type ConfigIssue, type FieldPath, formatPath } from "./errors.ts";

export type Environment = Record<string, string | undefined>;

const ENV_PREFIX = "env:";
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface SubstitutedValue {
  variable: string;
  path: FieldPath;
}

export interface SubstitutionResult {
  value: unknown;
  issues: ConfigIssue[];
  /** field path (formatted) → where the value came from, so later steps can convert it and messages can cite it. */
  substituted: Map<string, SubstitutedValue>;
}

/**
 * Replaces every string "env:NAME" (at any depth: arrays such as api_keys, tables such as headers)
 * by the variable's value. Only whole values are replaced; keys of tables are never touched.
 * A variable set to "" counts as set. A missing one is an issue naming the variable and the field.
 */
export function substituteEnv(document: unknown, env: Environment, source: string): SubstitutionResult {
  const issues: ConfigIssue[] = [];
  const substituted = new Map<string, SubstitutedValue>();

  const visit = (value: unknown, path: FieldPath): unknown => {
    if (typeof value === "string") return value.startsWith(ENV_PREFIX) ? replace(value, path) : value;
    if (Array.isArray(value)) return value.map((item, index) => visit(item, [...path, index]));
    if (isPlainTable(value)) {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) out[key] = visit(item, [...path, key]);
      return out;
    }
    return value;
  };

  const replace = (text: string, path: FieldPath): string => {
    const name = text.slice(ENV_PREFIX.length);
    const field = formatPath(path);
    if (!VARIABLE_NAME.test(name)) {
      issues.push({ source, field, value: JSON.stringify(text), reason: `"${name}" is not a valid environment variable name` });
      return text;
    }
    const resolved = env[name];
    if (resolved === undefined) {
      issues.push({ source, field, value: JSON.stringify(text), reason: `environment variable ${name} is not set` });
      return text;
    }
    substituted.set(field, { variable: name, path });
    return resolved;
  };

  return { value: visit(document, []), issues, substituted };
}

/** TOML tables parse to plain objects; dates and other class instances are left alone. */
export function isPlainTable(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** The overrides in the order the docs list them; an empty variable counts as unset. */
export const SERVER_OVERRIDES = [
  { variable: "CCPROXY_HOST", field: "host" },
  { variable: "CCPROXY_PORT", field: "port" },
  { variable: "CCPROXY_DATA_DIR", field: "data_dir" },
  { variable: "CCPROXY_ADMIN_KEY", field: "admin_key" },
] as const;

/**
 * Writes CCPROXY_HOST / _PORT / _DATA_DIR / _ADMIN_KEY over `document.server` (created when absent).
 * The port must be a decimal integer 0–65535; anything else is an issue attributed to the variable.
 */
export function applyServerOverrides(document: Record<string, unknown>, env: Environment): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const server = isPlainTable(document.server) ? document.server : {};
  if (document.server === undefined || isPlainTable(document.server)) document.server = server;
  for (const { variable, field } of SERVER_OVERRIDES) {
    const raw = env[variable];
    if (raw === undefined || raw === "") continue;
    if (field !== "port") {
      server[field] = raw;
      continue;
    }
    const port = /^[0-9]{1,5}$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
    if (Number.isInteger(port) && port <= 65535) server.port = port;
    else issues.push({ source: "environment", field: variable, value: JSON.stringify(raw), reason: "must be an integer between 0 and 65535" });
  }
  return issues;
}
