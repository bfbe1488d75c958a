// In charge of checking the Ollama route schemas accept real bodies and keep unknown fields.
import { describe, expect, test } from "bun:test";
import { Value } from "@sinclair/typebox/value";
import { ErrorSchema, RequestSchema, ResponseSchema } from "../../../../src/protocols/ollama/schema.ts";
import { fixture } from "./helpers.ts";

describe("ollama schemas", () => {
  test("every request fixture passes the loose request schema", () => {
    for (const name of ["basic", "tools-history", "tool-results-by-order", "tool-call-ids", "images", "options-format-think", "thinking-history", "system-in-place"]) {
      expect(Value.Check(RequestSchema, fixture(`requests/${name}.json`))).toBe(true);
    }
    expect(Value.Check(RequestSchema, { model: "m", messages: [{ role: "user", content: "x", extra: 1 }], keep_alive: "5m", custom: true })).toBe(true);
    expect(Value.Check(RequestSchema, { messages: [] })).toBe(false);
    expect(Value.Check(RequestSchema, { model: "m", messages: [], stream: "yes" })).toBe(false);
  });

  test("response fixtures and the error body pass their schemas", () => {
    for (const name of ["text", "tool-calls", "tool-calls-with-ids", "thinking", "length"]) {
      expect(Value.Check(ResponseSchema, fixture(`responses/${name}.json`))).toBe(true);
    }
    expect(Value.Check(ErrorSchema, fixture("errors/model-not-found.json"))).toBe(true);
  });

  test("the documented examples are valid", () => {
    for (const [schema, examples] of [[RequestSchema, RequestSchema.examples], [ResponseSchema, ResponseSchema.examples], [ErrorSchema, ErrorSchema.examples]] as const) {
      expect(Array.isArray(examples)).toBe(true);
      for (const example of examples as unknown[]) expect(Value.Check(schema, example)).toBe(true);
    }
  });
});
