// In charge of checking the Responses TypeBox schemas accept real bodies (Codex's included) and keep unknown fields.
import { describe, expect, test } from "bun:test";
import { Value } from "@sinclair/typebox/value";
import { Elysia } from "elysia";
import { responsesCodec } from "../../../../src/protocols/responses/index.ts";
import { ErrorSchema, RequestSchema, ResponseSchema } from "../../../../src/protocols/responses/schema.ts";
import { ProxyError } from "../../../../src/unified/errors.ts";
import { clientContext, fixtureJson } from "./helpers.ts";

const REQUESTS = ["basic", "codex", "tools-history", "json-schema", "custom-tool"];

describe("responses schemas", () => {
  for (const name of REQUESTS) {
    test(`RequestSchema accepts requests/${name}.json`, () => {
      expect(Value.Check(RequestSchema, fixtureJson(`requests/${name}.json`))).toBe(true);
    });
  }

  test("RequestSchema rejects a body without a model or with a numeric input", () => {
    expect(Value.Check(RequestSchema, { input: "x" })).toBe(false);
    expect(Value.Check(RequestSchema, { model: "m", input: 5 })).toBe(false);
  });

  test("an Elysia route validating with RequestSchema keeps unknown properties", async () => {
    const app = new Elysia().post("/v1/responses", ({ body }) => body, { body: RequestSchema });
    const body = fixtureJson("requests/codex.json");
    const response = await app.handle(new Request("http://local/v1/responses", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(body);
  });

  test("ResponseSchema and ErrorSchema accept what the codec writes and the fixtures, and carry examples", () => {
    const body = responsesCodec.encodeResponse({ model: "m", content: [{ type: "tool-call", id: "c", name: "f", arguments: {} }], finishReason: { unified: "tool-calls" }, usage: { inputTokens: 1, outputTokens: 1 } }, clientContext());
    expect(Value.Check(ResponseSchema, body)).toBe(true);
    expect(Value.Check(ResponseSchema, fixtureJson("responses/text.json"))).toBe(true);
    expect(Value.Check(ErrorSchema, responsesCodec.encodeError(new ProxyError("not_found", "no such model")).body)).toBe(true);
    for (const schema of [RequestSchema, ResponseSchema, ErrorSchema]) {
      const examples: unknown = schema.examples;
      expect(Array.isArray(examples) && examples.every((example: unknown) => Value.Check(schema, example))).toBe(true);
    }
  });
});
