// In charge of turning a Gemini Schema (OpenAPI subset, UPPER-CASE types, `nullable`) into plain lower-case JSON Schema.
import type { JsonSchema } from "../../unified/request.ts";
import { isRecord } from "../shared/json.ts";

/**
 * Idempotent on JSON Schema, so it serves both `parameters` (Gemini Schema)
 * and `parametersJsonSchema` / `responseJsonSchema` (JSON Schema that Gemini
 * CLI nonetheless sends with upper-case types).
 * @see https://ai.google.dev/api/caching#Schema
 */
export function geminiSchemaToJsonSchema(schema: unknown): JsonSchema {
  const out = convert(schema, 0);
  return isRecord(out) ? out : {};
}

const MAX_DEPTH = 64;

/** Keys whose value is one subschema. */
const SCHEMA_KEYS = new Set(["items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames", "unevaluatedProperties", "additionalItems"]);
/** Keys whose value is an array of subschemas. */
const SCHEMA_ARRAY_KEYS = new Set(["anyOf", "oneOf", "allOf", "prefixItems"]);
/** Keys whose value maps names to subschemas. */
const SCHEMA_MAP_KEYS = new Set(["properties", "$defs", "definitions", "patternProperties", "dependentSchemas"]);
/** Counts are int64 in the Gemini proto, so proto JSON may carry them as strings. */
const COUNT_KEYS = new Set(["minItems", "maxItems", "minLength", "maxLength", "minProperties", "maxProperties"]);
/** snake_case spellings the proto JSON mapping accepts inside `parameters`. */
const SNAKE_KEYS: Record<string, string> = {
  any_of: "anyOf",
  min_items: "minItems",
  max_items: "maxItems",
  min_length: "minLength",
  max_length: "maxLength",
  min_properties: "minProperties",
  max_properties: "maxProperties",
  property_ordering: "propertyOrdering",
};

function lowerType(value: unknown): unknown {
  if (typeof value === "string") return value.toLowerCase();
  if (Array.isArray(value)) return value.map((item) => (typeof item === "string" ? item.toLowerCase() : item));
  return value;
}

function convert(node: unknown, depth: number): unknown {
  if (!isRecord(node) || depth > MAX_DEPTH) return isRecord(node) ? {} : node;
  const out: JsonSchema = {};
  for (const [rawKey, value] of Object.entries(node)) {
    const key = SNAKE_KEYS[rawKey] ?? rawKey;
    if (key === "type") {
      const type = lowerType(value);
      if (type !== "type_unspecified") out.type = type;
    } else if (key === "format" && value === "enum") {
      // Gemini marks string enums with format "enum"; JSON Schema has no such format.
      continue;
    } else if (key === "example") {
      out.examples = [value];
    } else if (SCHEMA_KEYS.has(key)) {
      out[key] = isRecord(value) ? convert(value, depth + 1) : Array.isArray(value) ? value.map((item) => convert(item, depth + 1)) : value;
    } else if (SCHEMA_ARRAY_KEYS.has(key) && Array.isArray(value)) {
      out[key] = value.map((item) => convert(item, depth + 1));
    } else if (SCHEMA_MAP_KEYS.has(key) && isRecord(value)) {
      const map: JsonSchema = {};
      for (const [name, child] of Object.entries(value)) map[name] = convert(child, depth + 1);
      out[key] = map;
    } else if (COUNT_KEYS.has(key) && typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) {
      out[key] = Number(value);
    } else {
      out[key] = value;
    }
  }
  return applyNullable(out);
}

/** OpenAPI `nullable: true` becomes a JSON Schema type union with "null". */
function applyNullable(schema: JsonSchema): JsonSchema {
  if (schema.nullable !== true) {
    if (schema.nullable === false) delete schema.nullable;
    return schema;
  }
  const type = schema.type;
  if (typeof type === "string") {
    delete schema.nullable;
    schema.type = type === "null" ? "null" : [type, "null"];
  } else if (Array.isArray(type)) {
    delete schema.nullable;
    if (!type.includes("null")) schema.type = [...type, "null"];
  }
  return schema;
}
