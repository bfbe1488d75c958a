// In charge of schema-driven coercion of argument text: the schema wins over the model's `type` attribute.
import { describe, expect, test } from "bun:test";
import { coerceArgument, conformToSchema, schemaTypes } from "../../../src/compat/coerce.ts";
import { extractJsonValue } from "../../../src/compat/json-repair.ts";
import { decodeEntities, decodeValueText } from "../../../src/compat/xml-text.ts";

describe("coerceArgument", () => {
  test("integers and numbers", () => {
    expect(coerceArgument(" 42 ", { type: "integer" })).toBe(42);
    expect(coerceArgument("3.0", { type: "integer" })).toBe(3);
    expect(coerceArgument('"7"', { type: "integer" })).toBe(7);
    expect(coerceArgument("0.25", { type: "number" })).toBe(0.25);
    expect(coerceArgument("-1e3", { type: "number" })).toBe(-1000);
    // Not a number at all: the text is kept for the client's own validation.
    expect(coerceArgument("many", { type: "integer" })).toBe("many");
    expect(coerceArgument("", { type: "number" })).toBe("");
    expect(coerceArgument("1.5", { type: "integer" })).toBe("1.5");
  });

  test("booleans", () => {
    expect(coerceArgument("True", { type: "boolean" })).toBe(true);
    expect(coerceArgument("no", { type: "boolean" })).toBe(false);
    expect(coerceArgument("0", { type: "boolean" })).toBe(false);
  });

  test("the schema wins over the type attribute", () => {
    expect(coerceArgument("12", { type: "string" }, "integer")).toBe("12");
    expect(coerceArgument("12", { type: "integer" }, "string")).toBe(12);
    expect(coerceArgument('{"a":1}', { type: "string" }, "object")).toBe('{"a":1}');
  });

  test("without a schema the type attribute decides, else a string", () => {
    expect(coerceArgument("12", undefined, "integer")).toBe(12);
    expect(coerceArgument("[1,2]", undefined, "array")).toEqual([1, 2]);
    expect(coerceArgument("true", undefined, "bool")).toBe(true);
    expect(coerceArgument("12", undefined)).toBe("12");
    expect(coerceArgument("12", {}, "number")).toBe(12);
  });

  test("enums match exactly, then case-insensitively", () => {
    const schema = { type: "string", enum: ["content", "files_with_matches"] };
    expect(coerceArgument("Content", schema)).toBe("content");
    expect(coerceArgument(" files_with_matches ", schema)).toBe("files_with_matches");
    expect(coerceArgument("2", { enum: [1, 2, 3] })).toBe(2);
  });

  test("nullable types", () => {
    expect(coerceArgument("null", { type: ["string", "null"] })).toBeNull();
    expect(coerceArgument("text", { type: ["string", "null"] })).toBe("text");
    expect(coerceArgument("null", { type: "string" })).toBe("null");
    expect(coerceArgument("5", { anyOf: [{ type: "integer" }, { type: "null" }] })).toBe(5);
  });

  test("arrays and objects", () => {
    expect(coerceArgument('["a", "b"]', { type: "array", items: { type: "string" } })).toEqual(["a", "b"]);
    expect(coerceArgument("src/a.ts", { type: "array", items: { type: "string" } })).toEqual(["src/a.ts"]);
    expect(coerceArgument("5", { type: "array", items: { type: "integer" } })).toEqual([5]);
    expect(coerceArgument('```json\n{"x": "1"}\n```', { type: "object", properties: { x: { type: "integer" } } })).toEqual({ x: 1 });
    expect(coerceArgument("not json", { type: "object" })).toBe("not json");
    expect(coerceArgument('{"a": [1, 2', { type: "object" })).toEqual({ a: [1, 2] });
  });

  test("a string is tried last among several admitted types", () => {
    expect(coerceArgument("10", { type: ["string", "integer"] })).toBe(10);
    expect(coerceArgument("10", { type: ["string", "integer"] }, "string")).toBe("10");
  });
});

describe("conformToSchema", () => {
  test("fixes nested values by the schema", () => {
    const schema = {
      type: "object",
      properties: { n: { type: "integer" }, list: { type: "array", items: { type: "object", properties: { on: { type: "boolean" } } } }, label: { type: "string" } },
    };
    expect(conformToSchema({ n: "4", list: [{ on: "true" }], label: 12, extra: "x" }, schema)).toEqual({ n: 4, list: [{ on: true }], label: "12", extra: "x" });
  });
});

describe("schemaTypes", () => {
  test("reads type, type lists, anyOf and shape hints", () => {
    expect(schemaTypes({ type: ["integer", "null"] })).toEqual(["integer", "null"]);
    expect(schemaTypes({ oneOf: [{ type: "string" }, { type: "array" }] })).toEqual(["string", "array"]);
    expect(schemaTypes({ properties: {} })).toEqual(["object"]);
    expect(schemaTypes({ items: {} })).toEqual(["array"]);
    expect(schemaTypes({ enum: [true] })).toEqual(["boolean"]);
    expect(schemaTypes({})).toEqual([]);
  });
});

describe("text decoding", () => {
  test("XML entities and numeric references; unknown and HTML-only names are kept", () => {
    expect(decodeEntities("&lt;a&gt; &amp; &quot;&apos; &#65;&#x42;&#X43; &nbsp; &bogus; &#0; a & b")).toBe(`<a> & "' ABC &nbsp; &bogus; &#0; a & b`);
  });

  test("CDATA sections are literal, the rest decoded", () => {
    expect(decodeValueText("&lt;<![CDATA[&lt;</arg>]]>&gt;")).toBe("<&lt;</arg>>");
    expect(decodeValueText("x<![CDATA[unterminated &amp;")).toBe("xunterminated &amp;");
  });
});

describe("extractJsonValue", () => {
  test("ignores trailing junk and closes truncated values", () => {
    expect(extractJsonValue('{"a": 1}} extra')).toEqual({ ok: true, value: { a: 1 }, whole: false, end: 8 });
    const truncated = extractJsonValue('{"a": "x\\');
    expect(truncated.ok && truncated.value).toEqual({ a: "x" });
    const dangling = extractJsonValue('{"a": 1, "b');
    expect(dangling.ok && dangling.value).toEqual({ a: 1 });
    expect(extractJsonValue("nope").ok).toBe(false);
  });
});
