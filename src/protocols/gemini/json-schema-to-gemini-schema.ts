// In charge of cleaning a JSON Schema down to the subset Gemini's Schema accepts (tool parameters, responseSchema).
import type { JsonSchema } from "../../unified/request.ts";
import { isRecord } from "../shared/json.ts";
import type { GeminiSchema } from "./wire-types.ts";

/**
 * Gemini answers 400 "Unknown name" for any keyword outside its Schema
 * (additionalProperties, $schema, exclusiveMinimum, default …), "only allowed
 * for OBJECT type" for properties on other types, and only knows string enums.
 * Local `$ref`s are inlined (recursion cut at a depth), type arrays become
 * `nullable`, and exclusive bounds become the nearest inclusive ones.
 * @see https://ai.google.dev/api/caching#Schema
 */
export function jsonSchemaToGeminiSchema(schema: JsonSchema): GeminiSchema {
  return convert(schema, { root: schema, refs: [], depth: 0 });
}

interface Walk {
  root: JsonSchema;
  /** `$ref`s being inlined on the current path, to stop recursive schemas. */
  refs: string[];
  depth: number;
}

type GeminiType = NonNullable<GeminiSchema["type"]>;
const TYPES: Record<string, GeminiType> = { string: "STRING", number: "NUMBER", integer: "INTEGER", boolean: "BOOLEAN", array: "ARRAY", object: "OBJECT" };
const FORMATS: Record<GeminiType, string[]> = {
  STRING: ["enum", "date-time"],
  NUMBER: ["float", "double"],
  INTEGER: ["int32", "int64"],
  BOOLEAN: [],
  ARRAY: [],
  OBJECT: [],
};
const MAX_DEPTH = 24;

function convert(input: unknown, walk: Walk): GeminiSchema {
  if (!isRecord(input) || walk.depth > MAX_DEPTH) return {};
  const resolved = resolveRef(input, walk);
  if (resolved === "recursive") return { type: "OBJECT", description: describeRecursion(input) };
  const node = mergeAllOf(resolved.node, resolved.walk);
  const next: Walk = { ...resolved.walk, depth: resolved.walk.depth + 1 };

  const union = anyOfOf(node);
  const typeList = typeListOf(node.type);
  const nullable = node.nullable === true || typeList.includes("null") || union.nullable;
  const types = typeList.filter((type) => type !== "null");
  if (types.length > 1) return multiType(node, types, nullable, next);

  const out: GeminiSchema = {};
  const type = TYPES[types[0] ?? inferType(node)];
  if (type) out.type = type;
  copyAnnotations(node, out);
  if (nullable) out.nullable = true;
  applyEnum(node, out);
  if (type === undefined || type === "OBJECT") applyObject(node, out, next);
  if (type === "ARRAY") applyArray(node, out, next);
  if (type === "STRING") applyString(node, out);
  if (type === "NUMBER" || type === "INTEGER") applyNumber(node, out, type);
  if (union.schemas.length === 1 && type === undefined) return mergeInto(out, convert(union.schemas[0], next));
  if (union.schemas.length > 0) out.anyOf = union.schemas.map((schema) => convert(schema, next));
  return out;
}

/** Inlines `#`, `#/$defs/…` and `#/definitions/…`; remote refs are dropped (the rest of the node stays). */
function resolveRef(node: JsonSchema, walk: Walk): { node: JsonSchema; walk: Walk } | "recursive" {
  const ref = node.$ref;
  if (typeof ref !== "string") return { node, walk };
  const { $ref: _ref, ...siblings } = node;
  if (walk.refs.includes(ref) || walk.refs.length > 8) return "recursive";
  const target = lookup(walk.root, ref);
  if (!target) return { node: siblings, walk };
  const merged = { ...target, ...siblings };
  return resolveRef(merged, { ...walk, refs: [...walk.refs, ref] });
}

function lookup(root: JsonSchema, ref: string): JsonSchema | undefined {
  if (ref === "#") return root;
  if (!ref.startsWith("#/")) return undefined;
  let current: unknown = root;
  for (const raw of ref.slice(2).split("/")) {
    const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return isRecord(current) ? current : undefined;
}

function describeRecursion(node: JsonSchema): string {
  const description = typeof node.description === "string" ? node.description + " " : "";
  return `${description}(recursive schema ${String(node.$ref)}; nested levels not described)`;
}

/** `allOf` parts are merged into one node: properties and required are unioned, other keys keep the first value. */
function mergeAllOf(node: JsonSchema, walk: Walk): JsonSchema {
  if (!Array.isArray(node.allOf)) return node;
  const { allOf, ...rest } = node;
  let out: JsonSchema = rest;
  for (const part of allOf) {
    if (!isRecord(part)) continue;
    const resolved = resolveRef(part, walk);
    if (resolved === "recursive") continue;
    const partNode = mergeAllOf(resolved.node, resolved.walk);
    const properties = { ...(isRecord(partNode.properties) ? partNode.properties : {}), ...(isRecord(out.properties) ? out.properties : {}) };
    const required = [...new Set([...stringList(out.required), ...stringList(partNode.required)])];
    out = { ...partNode, ...out };
    if (Object.keys(properties).length > 0) out.properties = properties;
    if (required.length > 0) out.required = required;
  }
  return out;
}

/** `anyOf`/`oneOf` members, with `{type: "null"}` members folded into `nullable`. */
function anyOfOf(node: JsonSchema): { schemas: JsonSchema[]; nullable: boolean } {
  const members = [...(Array.isArray(node.anyOf) ? node.anyOf : []), ...(Array.isArray(node.oneOf) ? node.oneOf : [])].filter(isRecord);
  const schemas = members.filter((member) => !(member.type === "null" && Object.keys(member).length === 1));
  return { schemas, nullable: schemas.length < members.length };
}

function typeListOf(type: unknown): string[] {
  if (typeof type === "string") return [type.toLowerCase()];
  if (Array.isArray(type)) return type.filter((item): item is string => typeof item === "string").map((item) => item.toLowerCase());
  return [];
}

function inferType(node: JsonSchema): string {
  if (isRecord(node.properties)) return "object";
  if (node.items !== undefined || Array.isArray(node.prefixItems)) return "array";
  const values = enumValues(node);
  if (values && values.every((value) => typeof value === "string")) return "string";
  return "";
}

/** `type: ["string", "number"]` has no Gemini form but `anyOf` of each type. */
function multiType(node: JsonSchema, types: string[], nullable: boolean, walk: Walk): GeminiSchema {
  const { description, title, ...rest } = node;
  const out: GeminiSchema = { anyOf: types.map((type) => convert({ ...rest, type }, walk)) };
  if (typeof title === "string") out.title = title;
  if (typeof description === "string") out.description = description;
  if (nullable) out.nullable = true;
  return out;
}

function copyAnnotations(node: JsonSchema, out: GeminiSchema): void {
  if (typeof node.title === "string") out.title = node.title;
  if (typeof node.description === "string") out.description = node.description;
}

function enumValues(node: JsonSchema): unknown[] | undefined {
  if (Array.isArray(node.enum)) return node.enum;
  if (node.const !== undefined) return [node.const];
  return undefined;
}

/** Gemini enums are string-only: non-string enums on a non-string type move into the description instead. */
function applyEnum(node: JsonSchema, out: GeminiSchema): void {
  const values = enumValues(node);
  if (!values) return;
  const present = values.filter((value) => value !== null);
  if (present.length < values.length) out.nullable = true;
  if (out.type === undefined || out.type === "STRING") {
    out.type = "STRING";
    out.enum = present.map((value) => (typeof value === "string" ? value : JSON.stringify(value)));
    return;
  }
  const allowed = `Allowed values: ${present.map((value) => JSON.stringify(value)).join(", ")}.`;
  out.description = out.description ? `${out.description} ${allowed}` : allowed;
}

function applyObject(node: JsonSchema, out: GeminiSchema, walk: Walk): void {
  if (isRecord(node.properties)) {
    const properties: Record<string, GeminiSchema> = {};
    for (const [name, child] of Object.entries(node.properties)) properties[name] = convert(child, walk);
    out.properties = properties;
    const required = stringList(node.required).filter((name) => name in properties);
    if (required.length > 0) out.required = required;
    const ordering = stringList(node.propertyOrdering).filter((name) => name in properties);
    if (ordering.length > 0) out.propertyOrdering = ordering;
  }
  if (out.type === undefined && out.properties) out.type = "OBJECT";
  copyCount(node, out, "minProperties");
  copyCount(node, out, "maxProperties");
}

function applyArray(node: JsonSchema, out: GeminiSchema, walk: Walk): void {
  const items = Array.isArray(node.prefixItems) ? node.prefixItems[0] : Array.isArray(node.items) ? node.items[0] : node.items;
  // Gemini rejects an ARRAY without `items` ("items: missing field"); an untyped list is closest to strings.
  out.items = isRecord(items) && Object.keys(items).length > 0 ? convert(items, walk) : { type: "STRING" };
  copyCount(node, out, "minItems");
  copyCount(node, out, "maxItems");
}

function applyString(node: JsonSchema, out: GeminiSchema): void {
  if (typeof node.format === "string" && FORMATS.STRING.includes(node.format)) out.format = node.format;
  copyCount(node, out, "minLength");
  copyCount(node, out, "maxLength");
  if (typeof node.pattern === "string") out.pattern = node.pattern;
}

/** Exclusive bounds become inclusive ones (integers step by one); the stricter bound wins. */
function applyNumber(node: JsonSchema, out: GeminiSchema, type: "NUMBER" | "INTEGER"): void {
  if (typeof node.format === "string" && FORMATS[type].includes(node.format)) out.format = node.format;
  const step = type === "INTEGER" ? 1 : 0;
  const minimum = [finite(node.minimum), finite(node.exclusiveMinimum) !== undefined ? Number(node.exclusiveMinimum) + step : undefined].filter((value): value is number => value !== undefined);
  const maximum = [finite(node.maximum), finite(node.exclusiveMaximum) !== undefined ? Number(node.exclusiveMaximum) - step : undefined].filter((value): value is number => value !== undefined);
  if (minimum.length > 0) out.minimum = Math.max(...minimum);
  if (maximum.length > 0) out.maximum = Math.min(...maximum);
}

function finite(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

function copyCount(node: JsonSchema, out: GeminiSchema, key: "minItems" | "maxItems" | "minLength" | "maxLength" | "minProperties" | "maxProperties"): void {
  const value = node[key];
  const number = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (typeof number === "number" && Number.isInteger(number) && number >= 0) out[key] = number;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

/** A lone `anyOf` member merged into its (typeless) parent; the parent's annotations win. */
function mergeInto(parent: GeminiSchema, child: GeminiSchema): GeminiSchema {
  const out: GeminiSchema = { ...child, ...parent };
  if (parent.nullable || child.nullable) out.nullable = true;
  return out;
}
