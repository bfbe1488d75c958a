// In charge of turning schema violations and unknown fields into issues a human can act on.
import type { TSchema } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { ValueErrorType, type ValueError } from "@sinclair/typebox/errors";
import { type ConfigIssue, type FieldPath, formatPath, pointerToPath, renderValue } from "./errors.ts";
import { isPlainTable, type SubstitutedValue } from "./env.ts";

/** The JSON-schema keywords this module reads; TypeBox schemas are plain JSON schema objects. */
interface SchemaShape {
  type?: string;
  const?: unknown;
  anyOf?: SchemaShape[];
  properties?: Record<string, SchemaShape>;
  items?: SchemaShape;
  pattern?: string;
  minLength?: number;
  minItems?: number;
  minimum?: number;
  maximum?: number;
}

function shape(schema: TSchema): SchemaShape {
  return schema as SchemaShape;
}

/**
 * Every field the schema does not know, at any depth where the schema is a fixed-field object.
 * TOML typos (`protocl = "openai"`, `[[provider]]`) must not be ignored silently, so they are
 * errors, with the nearest known name suggested. Free-form tables (headers, env) accept any key.
 */
export function unknownFieldIssues(schema: TSchema, document: unknown, source: string): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const visit = (node: SchemaShape, value: unknown, path: FieldPath): void => {
    if (node.type === "array" && node.items && Array.isArray(value)) {
      value.forEach((item, index) => visit(node.items as SchemaShape, item, [...path, index]));
      return;
    }
    if (node.type !== "object" || !node.properties || !isPlainTable(value)) return;
    const known = Object.keys(node.properties);
    for (const [key, item] of Object.entries(value)) {
      const child = node.properties[key];
      if (child) {
        visit(child, item, [...path, key]);
        continue;
      }
      const what = path.length === 0 ? "unknown section" : "unknown field";
      const suggestion = nearest(key, known);
      const hint = suggestion ? `did you mean "${suggestion}"?` : `known: ${known.join(", ")}`;
      issues.push({ source, field: formatPath([...path, key]), reason: `${what} (${hint})` });
    }
  };
  visit(shape(schema), document, []);
  return issues;
}

/**
 * Schema violations, one per field (TypeBox may report several for one field; the first is the
 * most precise). `substituted` lets a message say the value came from an environment variable.
 */
export function schemaIssues(schema: TSchema, value: unknown, source: string, substituted: Map<string, SubstitutedValue>): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const seen = new Set<string>();
  for (const error of Value.Errors(schema, value)) {
    const path = pointerToPath(error.path);
    const field = formatPath(path);
    if (seen.has(field)) continue;
    seen.add(field);
    const variable = substituted.get(field)?.variable;
    const rendered = error.value === undefined ? undefined : renderValue(error.value, path);
    issues.push({
      source,
      field,
      value: rendered !== undefined && variable ? `${rendered} (from env:${variable})` : rendered,
      reason: describe(error),
    });
  }
  return issues;
}

/**
 * Environment variables are strings; where the schema wants a number or a boolean (port = "env:PORT"),
 * a value that spells one cleanly is converted in place. Anything else is left for the schema check.
 */
export function convertSubstituted(schema: TSchema, document: unknown, substituted: Map<string, SubstitutedValue>): void {
  for (const { path } of substituted.values()) {
    const parent = lookup(document, path.slice(0, -1));
    const last = path.at(-1);
    const node = schemaAt(shape(schema), path);
    if (last === undefined || !node || parent === undefined) continue;
    const container = parent as Record<string | number, unknown>;
    const text = container[last];
    if (typeof text !== "string") continue;
    const wanted = node.anyOf?.find((member) => member.type !== "string")?.type ?? node.type;
    if ((wanted === "integer" || wanted === "number") && /^-?[0-9]+(\.[0-9]+)?$/.test(text.trim())) container[last] = Number(text.trim());
    else if (wanted === "boolean" && (text === "true" || text === "false")) container[last] = text === "true";
  }
}

function schemaAt(node: SchemaShape, path: FieldPath): SchemaShape | undefined {
  let current: SchemaShape | undefined = node;
  for (const segment of path) {
    if (!current) return undefined;
    current = typeof segment === "number" ? current.items : current.properties?.[segment];
  }
  return current;
}

function lookup(document: unknown, path: FieldPath): object | undefined {
  let current: unknown = document;
  for (const segment of path) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return typeof current === "object" && current !== null ? current : undefined;
}

function describe(error: ValueError): string {
  if (error.type === ValueErrorType.ObjectRequiredProperty) return "is required";
  return expectation(shape(error.schema), error.value) ?? error.message;
}

/** What the schema wanted, phrased for a TOML author. */
function expectation(node: SchemaShape, value: unknown): string | undefined {
  if (node.anyOf) return unionExpectation(node.anyOf, value);
  switch (node.type) {
    case "integer":
    case "number":
      return numberExpectation(node, value);
    case "boolean":
      return "must be true or false";
    case "string":
      return stringExpectation(node, value);
    case "array":
      if (!Array.isArray(value)) return "must be a list";
      return node.minItems !== undefined && value.length < node.minItems ? `must have at least ${node.minItems} item${node.minItems === 1 ? "" : "s"}` : undefined;
    case "object":
      return "must be a table";
    default:
      return undefined;
  }
}

function unionExpectation(members: SchemaShape[], value: unknown): string | undefined {
  const literals = members.map((member) => member.const);
  if (literals.every((literal) => typeof literal === "string")) return `must be one of ${literals.join(", ")}`;
  // Elysia's t.Integer / t.Number are unions with a numeric-string form; the number member is what TOML users mean.
  const numeric = members.find((member) => member.type === "integer" || member.type === "number");
  return numeric ? numberExpectation(numeric, value) : undefined;
}

function numberExpectation(node: SchemaShape, value: unknown): string {
  const kind = node.type === "integer" ? "an integer" : "a number";
  const { minimum, maximum } = node;
  if (minimum !== undefined && maximum !== undefined) return `must be ${kind} between ${minimum} and ${maximum}`;
  if (minimum !== undefined) return typeof value === "number" && value < minimum ? `must be at least ${minimum}` : `must be ${kind} ≥ ${minimum}`;
  if (maximum !== undefined) return `must be ${kind} ≤ ${maximum}`;
  return `must be ${kind}`;
}

function stringExpectation(node: SchemaShape, value: unknown): string {
  if (typeof value !== "string") return "must be a string";
  if (node.pattern !== undefined && !new RegExp(node.pattern).test(value)) {
    return node.pattern === "^[a-zA-Z0-9_.-]+$" ? "may only contain letters, digits, '_', '.' and '-'" : `must match ${node.pattern}`;
  }
  if (node.minLength !== undefined && value.length < node.minLength) {
    return node.minLength === 1 ? "must not be empty" : `must be at least ${node.minLength} characters long`;
  }
  return "is not valid";
}

/** The known name within edit distance 2 of a typo, if exactly one is closest. */
function nearest(name: string, known: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of known) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}
