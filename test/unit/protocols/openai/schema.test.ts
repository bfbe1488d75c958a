// In charge of checking the TypeBox wire schemas accept real bodies and keep unknown fields.
import { describe, expect, test } from "bun:test";
import { Value } from "@sinclair/typebox/value";
import { Elysia } from "elysia";
import { openaiCodec } from "../../../../src/protocols/openai/index.ts";
import { ErrorSchema, RequestSchema, ResponseSchema } from "../../../../src/protocols/openai/schema.ts";
import { ProxyError } from "../../../../src/unified/errors.ts";
import { clientContext, fixtureJson } from "./helpers.ts";

const REQUESTS = ["basic", "tools-history", "deepseek-reasoning", "images", "legacy-functions", "json-schema", "in-place-system", "agent-client"];

describe("openai schemas", () => {
  for (const name of REQUESTS) {
    test(`RequestSchema accepts requests/${name}.json`, () => {
      expect(Value.Check(RequestSchema, fixtureJson(`requests/${name}.json`))).toBe(true);
    });
  }

  test("RequestSchema rejects a body without model or messages", () => {
    expect(Value.Check(RequestSchema, { messages: [] })).toBe(false);
    expect(Value.Check(RequestSchema, { model: "m" })).toBe(false);
  });

  test("an Elysia route validating with RequestSchema keeps unknown properties", async () => {
    const app = new Elysia().post("/v1/chat/completions", ({ body }) => body, { body: RequestSchema });
    const body = { model: "m", messages: [{ role: "user", content: [{ type: "text", text: "x" }], extra: 1 }], provider: { order: ["a"] }, stream: true };
    const response = await app.handle(new Request("http://local/v1/chat/completions", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(body);
  });

  test("ResponseSchema and ErrorSchema accept what the codec writes, and carry examples", () => {
    const body = openaiCodec.encodeResponse(
      { model: "m", content: [{ type: "tool-call", id: "c", name: "f", arguments: {} }], finishReason: { unified: "tool-calls" }, usage: { inputTokens: 1, outputTokens: 1 } },
      clientContext(),
    );
    expect(Value.Check(ResponseSchema, body)).toBe(true);
    expect(Value.Check(ErrorSchema, openaiCodec.encodeError(new ProxyError("not_found", "no such model")).body)).toBe(true);
    for (const schema of [RequestSchema, ResponseSchema, ErrorSchema]) {
      const examples: unknown = schema.examples;
      expect(Array.isArray(examples) && examples.every((example: unknown) => Value.Check(schema, example))).toBe(true);
    }
  });
});
