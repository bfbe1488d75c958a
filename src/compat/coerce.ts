// In charge of turning what a model wrote for an argument into the JSON value the tool's schema asks for.
import type { JsonSchema } from "../unified/request.ts";
import { extractJsonValue } from "./json-repair.ts";

type ValueType = "string" | "integer" | "number" | "boolean" | "array" | "object" | "null";

const VALUE_TYPES: ReadonlySet<string> = new Set(["string", "integer", "number", "boolean", "array", "object", "null"]);

/** Loose names models put in the `type` attribute. */
const TYPE_ALIASES: Record<string, ValueType> = {
  str: "string", text: "string", int: "integer", float: "number", double: "number",
  bool: "boolean", list: "array", dict: "object", json: "object", map: "object",
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function asSchema(value: unknown): JsonSchema | undefined {
  return isRecord(value) ? value : undefined;
}

const typeCache = new WeakMap<JsonSchema, ValueType[]>();
const NO_TYPES: ValueType[] = [];

/** The value types a schema admits, in the schema's own order; empty when it says nothing. Cached per schema object (do not mutate the result). */
export function schemaTypes(schema: JsonSchema | undefined): ValueType[] {
  if (!schema) return NO_TYPES;
  let types = typeCache.get(schema);
  if (!types) {
    types = readSchemaTypes(schema);
    typeCache.set(schema, types);
  }
  return types;
}

function readSchemaTypes(schema: JsonSchema): ValueType[] {
  const out: ValueType[] = [];
  const add = (name: unknown): void => {
    if (typeof name === "string" && VALUE_TYPES.has(name) && !out.includes(name as ValueType)) out.push(name as ValueType);
  };
  const declared = schema.type;
  if (Array.isArray(declared)) declared.forEach(add);
  else add(declared);
  for (const key of ["anyOf", "oneOf"] as const) {
    const alternatives = schema[key];
    if (Array.isArray(alternatives)) for (const alternative of alternatives) schemaTypes(asSchema(alternative)).forEach(add);
  }
  if (out.length === 0) {
    if (isRecord(schema.properties)) add("object");
    else if (schema.items !== undefined) add("array");
    else if (Array.isArray(schema.enum) && schema.enum.length > 0) add(jsonTypeOf(schema.enum[0]));
  }
  return out;
}

export function jsonTypeOf(value: unknown): ValueType {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  if (typeof value === "boolean") return "boolean";
  if (typeof value === "object") return "object";
  return "string";
}

function typeFromAttribute(attribute: string | undefined): ValueType | undefined {
  if (!attribute) return undefined;
  if (VALUE_TYPES.has(attribute)) return attribute as ValueType;
  const name = attribute.trim().toLowerCase().split("|")[0] ?? "";
  if (VALUE_TYPES.has(name)) return name as ValueType;
  return TYPE_ALIASES[name];
}

/**
 * The tool's schema wins over the `type` attribute (compat-mode.md): the
 * attribute is only used when the schema says nothing about the value.
 */
export function coerceArgument(raw: string, schema: JsonSchema | undefined, typeAttribute?: string): unknown {
  if (isPlainStringSchema(schema)) return raw; // the common case, first
  const enumMatch = matchEnum(raw, schema);
  if (enumMatch.found) return enumMatch.value;
  let types = schemaTypes(schema);
  const named = typeFromAttribute(typeAttribute);
  if (types.length === 0) {
    types = named ? [named] : ["string"];
  } else if (types.includes("null") && raw.trim() === "null") {
    return null; // a nullable field: "null" means null, whatever type the model named
  } else if (named && types.includes(named)) {
    // Among several admitted types, the one the model named is tried first.
    const parsed = parseAs(raw, named, schema);
    if (parsed.ok) return parsed.value;
  }
  for (const type of orderForText(types)) {
    const parsed = parseAs(raw, type, schema);
    if (parsed.ok) return parsed.value;
  }
  return raw;
}

/** A string schema without enum: every text is the value as it is, and the `type` attribute is not even read. */
export function isPlainStringSchema(schema: JsonSchema | undefined): boolean {
  if (!schema || schema.enum !== undefined) return false;
  const types = schemaTypes(schema);
  return types.length === 1 && types[0] === "string";
}

/** Strings are tried last: every text is a valid string, so it must not shadow a more specific reading. */
function orderForText(types: ValueType[]): ValueType[] {
  // Usually already in that order (one type, or string last): no copy per argument.
  const stringAt = types.indexOf("string");
  if (stringAt < 0 || stringAt === types.length - 1) return types;
  const nonString = types.filter((type) => type !== "string");
  return types.includes("string") ? [...nonString, "string"] : nonString;
}

type Parsed = { ok: true; value: unknown } | { ok: false };
const FAIL: Parsed = { ok: false };

function parseAs(raw: string, type: ValueType, schema: JsonSchema | undefined): Parsed {
  const text = unquoteScalar(raw.trim());
  switch (type) {
    case "string": return { ok: true, value: raw };
    case "null": return text === "null" || text === "None" ? { ok: true, value: null } : FAIL;
    case "boolean": return parseBoolean(text);
    case "integer": {
      const number = parseNumber(text);
      return number.ok && Number.isInteger(number.value) ? number : FAIL;
    }
    case "number": return parseNumber(text);
    case "array": return parseStructured(text, "array", schema);
    case "object": return parseStructured(text, "object", schema);
    default: {
      const unreachable: never = type;
      return unreachable;
    }
  }
}

/** `"42"` for an integer: the quotes are the model's, not part of the value (strings never get here). */
function unquoteScalar(text: string): string {
  const first = text[0];
  if (text.length >= 2 && (first === '"' || first === "'") && text.endsWith(first) && text.indexOf(first, 1) === text.length - 1) return text.slice(1, -1).trim();
  return text;
}

function parseBoolean(text: string): Parsed {
  const lower = text.toLowerCase();
  if (lower === "true" || lower === "yes" || lower === "1") return { ok: true, value: true };
  if (lower === "false" || lower === "no" || lower === "0") return { ok: true, value: false };
  return FAIL;
}

function parseNumber(text: string): { ok: true; value: number } | { ok: false } {
  if (text === "" || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return { ok: false };
  const value = Number(text);
  return Number.isFinite(value) ? { ok: true, value } : { ok: false };
}

function parseStructured(text: string, type: "array" | "object", schema: JsonSchema | undefined): Parsed {
  const extracted = extractJsonValue(stripFence(text));
  if (extracted.ok) {
    const value = extracted.value;
    if (type === "object" && isRecord(value)) return { ok: true, value: conformToSchema(value, schema) };
    if (type === "array" && Array.isArray(value)) return { ok: true, value: conformToSchema(value, schema) };
    // A single item where a list is expected: the model forgot the brackets.
    if (type === "array" && extracted.whole) return { ok: true, value: [conformToSchema(value, asSchema(schema?.items))] };
    return FAIL;
  }
  if (type === "array" && text !== "" && schemaTypes(asSchema(schema?.items)).includes("string")) return { ok: true, value: [text] };
  return FAIL;
}

function stripFence(text: string): string {
  if (!text.startsWith("```")) return text;
  const newline = text.indexOf("\n");
  const close = text.lastIndexOf("```");
  return newline > 0 && close > newline ? text.slice(newline + 1, close).trim() : text;
}

function matchEnum(raw: string, schema: JsonSchema | undefined): { found: true; value: unknown } | { found: false } {
  const members = schema?.enum;
  if (!Array.isArray(members) || members.length === 0) return { found: false };
  const text = raw.trim();
  for (const member of members) if (typeof member === "string" ? member === raw || member === text : JSON.stringify(member) === text) return { found: true, value: member };
  const lower = text.toLowerCase();
  for (const member of members) if (typeof member === "string" && member.toLowerCase() === lower) return { found: true, value: member };
  return { found: false };
}

/**
 * Brings an already-parsed JSON value (Hermes arguments, a JSON array
 * argument) in line with the schema: numbers written as strings become
 * numbers, and so on, recursively.
 */
export function conformToSchema(value: unknown, schema: JsonSchema | undefined): unknown {
  if (!schema) return value;
  if (typeof value === "string") {
    const types = schemaTypes(schema);
    return types.length === 0 || types.includes("string") ? value : coerceArgument(value, schema);
  }
  if (Array.isArray(value)) {
    const items = asSchema(schema.items);
    return items ? value.map((item) => conformToSchema(item, items)) : value;
  }
  if (isRecord(value)) {
    const properties = asSchema(schema.properties);
    if (!properties) return value;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = conformToSchema(item, asSchema(properties[key]));
    return out;
  }
  const types = schemaTypes(schema);
  // A number or boolean where only a string fits: the schema wins.
  if (value !== null && types.length > 0 && !types.includes(jsonTypeOf(value)) && !(jsonTypeOf(value) === "integer" && types.includes("number"))) {
    if (types.includes("string")) return String(value);
  }
  return value;
}
