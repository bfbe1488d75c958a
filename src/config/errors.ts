// In charge of configuration errors: one issue per problem, all of them reported at once.
import { looksLikeSecretName, maskSecret } from "./mask.ts";

/** A path into the parsed TOML document: table keys and array indices. */
export type FieldPath = ReadonlyArray<string | number>;

export interface ConfigIssue {
  /** Where the problem is: a file label, or "environment" for CCPROXY_* overrides. */
  source: string;
  /** `providers[1].api_keys[0]`; empty for whole-document problems (malformed TOML). */
  field: string;
  /** The offending value, already rendered for humans (secrets masked); absent when missing. */
  value?: string;
  reason: string;
}

/** Every configuration problem found by one load; the message lists each on its own line. */
export class ConfigError extends Error {
  readonly issues: ConfigIssue[];

  constructor(issues: ConfigIssue[]) {
    super(issues.map(formatIssue).join("\n"));
    this.name = "ConfigError";
    this.issues = issues;
  }
}

/** `config.toml: providers[0].protocol = "openia": must be one of openai, claude, gemini, ollama` */
export function formatIssue(issue: ConfigIssue): string {
  if (issue.field === "") return `${issue.source}: ${issue.reason}`;
  const where = issue.value === undefined ? issue.field : `${issue.field} = ${issue.value}`;
  return `${issue.source}: ${where}: ${issue.reason}`;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** ["providers", 1, "api_keys", 0] → `providers[1].api_keys[0]`; odd keys → `headers["X-Api-Key"]`. */
export function formatPath(path: FieldPath): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += out === "" ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** JSON pointer (TypeBox error paths) → segments; numeric segments become indices. */
export function pointerToPath(pointer: string): FieldPath {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((raw) => raw.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((segment) => (/^(0|[1-9][0-9]*)$/.test(segment) ? Number(segment) : segment));
}

const SECRET_FIELDS = new Set(["key", "api_keys", "admin_key"]);

/** Whether the value at this path is a credential (access keys, provider keys, auth headers). */
export function isSecretPath(path: FieldPath): boolean {
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    if (typeof segment !== "string") continue;
    if (SECRET_FIELDS.has(segment)) return true;
    const parent = path[i - 1];
    if ((parent === "headers" || parent === "env") && looksLikeSecretName(segment)) return true;
  }
  return false;
}

const MAX_VALUE_CHARS = 80;

/** Renders a value for an error message: JSON, shortened, secrets masked. */
export function renderValue(value: unknown, path: FieldPath): string {
  if (typeof value === "string" && isSecretPath(path)) return maskSecret(value);
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
}
