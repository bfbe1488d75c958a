// In charge of testing the JSON Schema → Gemini Schema cleaning (Claude Code tool schemas, refs, unions, enums).
import { describe, expect, test } from "bun:test";
import { jsonSchemaToGeminiSchema } from "../../../../src/protocols/gemini/json-schema-to-gemini-schema.ts";
import { geminiSchemaToJsonSchema } from "../../../../src/protocols/gemini/gemini-schema-to-json-schema.ts";
import type { JsonSchema } from "../../../../src/unified/request.ts";
import { fixtureText } from "./helpers.ts";

const tools = JSON.parse(fixtureText("schemas/claude-code-tools.json")) as Array<{ name: string; parameters: JsonSchema }>;
const schemaOf = (name: string): JsonSchema => tools.find((tool) => tool.name === name)?.parameters ?? {};

/** Every key Gemini's Schema accepts; anything else is a 400 "Unknown name". */
const ALLOWED = new Set(["type", "format", "title", "description", "nullable", "enum", "properties", "required", "propertyOrdering", "minProperties", "maxProperties", "items", "minItems", "maxItems", "minimum", "maximum", "minLength", "maxLength", "pattern", "anyOf"]);

function unknownKeys(schema: unknown, path = "$"): string[] {
  if (typeof schema !== "object" || schema === null) return [];
  const out: string[] = [];
  for (const [key, value] of Object.entries(schema)) {
    if (!ALLOWED.has(key)) out.push(`${path}.${key}`);
    if (key === "properties" && typeof value === "object" && value !== null) for (const [name, child] of Object.entries(value)) out.push(...unknownKeys(child, `${path}.properties.${name}`));
    if (key === "items") out.push(...unknownKeys(value, `${path}.items`));
    if (key === "anyOf" && Array.isArray(value)) value.forEach((child, index) => out.push(...unknownKeys(child, `${path}.anyOf[${index}]`)));
  }
  return out;
}

describe("jsonSchemaToGeminiSchema", () => {
  test("Claude Code Read: $schema, additionalProperties, exclusiveMinimum and a huge maximum", () => {
    const cleaned = jsonSchemaToGeminiSchema(schemaOf("Read"));
    expect(cleaned).toEqual({
      type: "OBJECT",
      properties: {
        file_path: { type: "STRING", description: "The absolute path to the file to read" },
        offset: { type: "INTEGER", description: "The line number to start reading from", minimum: 0, maximum: 9007199254740991 },
        limit: { type: "INTEGER", description: "The number of lines to read", minimum: 1, maximum: 9007199254740991 },
      },
      required: ["file_path"],
    });
  });

  test("Claude Code TodoWrite: $ref/$defs inlined, recursion cut, const, nullable enum, unknown required dropped", () => {
    const cleaned = jsonSchemaToGeminiSchema(schemaOf("TodoWrite"));
    expect(unknownKeys(cleaned)).toEqual([]);
    const todo = cleaned.properties?.todos?.items;
    expect(todo?.type).toBe("OBJECT");
    expect(todo?.required).toEqual(["content", "status"]);
    expect(todo?.properties?.status).toEqual({ type: "STRING", enum: ["pending", "in_progress", "completed"] });
    expect(todo?.properties?.id).toEqual({ type: "STRING" });
    expect(todo?.properties?.due).toEqual({ type: "STRING", format: "date-time" });
    expect(todo?.properties?.content).toEqual({ type: "STRING", minLength: 1 });
    // The recursive reference is cut one level down instead of looping.
    expect(todo?.properties?.subtasks?.items?.type).toBe("OBJECT");
    expect(todo?.properties?.subtasks?.items?.description).toContain("recursive schema");
    expect(cleaned.properties?.mode).toEqual({ type: "STRING", enum: ["replace"] });
    expect(cleaned.properties?.priority).toEqual({ type: "STRING", nullable: true, enum: ["high", "low"] });
    expect(cleaned.properties?.meta).toEqual({ type: "OBJECT" });
    expect(cleaned.required).toEqual(["todos"]);
  });

  test("an object without properties keeps type OBJECT", () => {
    expect(jsonSchemaToGeminiSchema(schemaOf("DeferredToolPlaceholder"))).toEqual({ type: "OBJECT", properties: {} });
  });

  test("type arrays and anyOf with null become nullable; several types become anyOf", () => {
    expect(jsonSchemaToGeminiSchema({ type: ["string", "null"], description: "d" })).toEqual({ type: "STRING", description: "d", nullable: true });
    expect(jsonSchemaToGeminiSchema({ anyOf: [{ type: "integer" }, { type: "null" }], description: "n" })).toEqual({ type: "INTEGER", description: "n", nullable: true });
    expect(jsonSchemaToGeminiSchema({ type: ["string", "number"] })).toEqual({ anyOf: [{ type: "STRING" }, { type: "NUMBER" }] });
    expect(jsonSchemaToGeminiSchema({ oneOf: [{ type: "string" }, { type: "object", properties: { a: { type: "boolean" } } }] })).toEqual({
      anyOf: [{ type: "STRING" }, { type: "OBJECT", properties: { a: { type: "BOOLEAN" } } }],
    });
  });

  test("non-string enums: strings when untyped, described when the type is not a string", () => {
    expect(jsonSchemaToGeminiSchema({ enum: [1, 2] })).toEqual({ type: "STRING", enum: ["1", "2"] });
    expect(jsonSchemaToGeminiSchema({ type: "integer", enum: [1, 2], description: "Level." })).toEqual({ type: "INTEGER", description: "Level. Allowed values: 1, 2." });
  });

  test("allOf merges; properties on a non-object type are dropped; arrays always have items", () => {
    expect(
      jsonSchemaToGeminiSchema({ allOf: [{ type: "object", properties: { a: { type: "string" } }, required: ["a"] }, { properties: { b: { type: "number", exclusiveMaximum: 10 } }, required: ["b"] }] }),
    ).toEqual({ type: "OBJECT", properties: { a: { type: "STRING" }, b: { type: "NUMBER", maximum: 10 } }, required: ["a", "b"] });
    expect(jsonSchemaToGeminiSchema({ type: "string", properties: { x: { type: "string" } }, required: ["x"] })).toEqual({ type: "STRING" });
    expect(jsonSchemaToGeminiSchema({ type: "array" })).toEqual({ type: "ARRAY", items: { type: "STRING" } });
    expect(jsonSchemaToGeminiSchema({ type: "array", items: [{ type: "integer" }], minItems: 1, maxItems: 3, uniqueItems: true })).toEqual({ type: "ARRAY", items: { type: "INTEGER" }, minItems: 1, maxItems: 3 });
  });

  test("number formats Gemini knows are kept, others dropped; default/examples/title handling", () => {
    expect(jsonSchemaToGeminiSchema({ type: "number", format: "double", default: 1, examples: [2], title: "T" })).toEqual({ type: "NUMBER", title: "T", format: "double" });
    expect(jsonSchemaToGeminiSchema({ type: "integer", format: "uint8" })).toEqual({ type: "INTEGER" });
  });

  test("ref to the root and missing refs do not loop or throw", () => {
    const tree: JsonSchema = { type: "object", properties: { name: { type: "string" }, children: { type: "array", items: { $ref: "#" } } } };
    const cleaned = jsonSchemaToGeminiSchema(tree);
    expect(cleaned.properties?.children?.items?.properties?.name).toEqual({ type: "STRING" });
    expect(jsonSchemaToGeminiSchema({ $ref: "#/$defs/missing", description: "x" })).toEqual({ description: "x" });
  });

  test("gemini → JSON Schema → gemini keeps a Gemini schema", () => {
    const gemini = { type: "OBJECT", properties: { unit: { type: "STRING", enum: ["c", "f"], nullable: true }, n: { type: "INTEGER", minimum: 1 } }, required: ["n"], propertyOrdering: ["unit", "n"] };
    expect(jsonSchemaToGeminiSchema(geminiSchemaToJsonSchema(gemini))).toEqual({
      type: "OBJECT",
      properties: { unit: { type: "STRING", nullable: true, enum: ["c", "f"] }, n: { type: "INTEGER", minimum: 1 } },
      required: ["n"],
      propertyOrdering: ["unit", "n"],
    });
  });
});
