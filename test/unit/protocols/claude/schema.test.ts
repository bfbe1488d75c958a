// In charge of testing that the route schemas accept what real Claude clients send and describe what we answer.
import { describe, expect, test } from "bun:test";
import { Value } from "@sinclair/typebox/value";
import { Elysia } from "elysia";
import { ErrorSchema, RequestSchema, ResponseSchema } from "../../../../src/protocols/claude/schema.ts";
import { claudeCodec } from "../../../../src/protocols/claude/index.ts";
import { ProxyError } from "../../../../src/unified/errors.ts";
import { decode, fixture, testContext } from "./helpers.ts";

describe("claude schemas", () => {
  test.each(["requests/claude-code.json", "requests/basic.json", "requests/tools-history.json"])("RequestSchema accepts %s", (path) => {
    expect(Value.Check(RequestSchema, fixture(path))).toBe(true);
  });

  test("an Elysia route validating with RequestSchema keeps unknown fields (they must pass on)", async () => {
    const app = new Elysia().post("/v1/messages", ({ body }) => body, { body: RequestSchema });
    const body = fixture("requests/claude-code.json");
    const response = await app.handle(new Request("http://localhost/v1/messages", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(body);
  });

  test("RequestSchema rejects a body without model or messages", () => {
    expect(Value.Check(RequestSchema, { messages: [] })).toBe(false);
    expect(Value.Check(RequestSchema, { model: "m" })).toBe(false);
  });

  test("ResponseSchema and ErrorSchema describe our own answers", () => {
    const response = claudeCodec.encodeResponse(claudeCodec.decodeResponse(fixture("responses/thinking-tool-use.json"), testContext()), testContext());
    expect(Value.Check(ResponseSchema, response)).toBe(true);
    expect(Value.Check(ErrorSchema, claudeCodec.encodeError(new ProxyError("not_found", "nope")).body)).toBe(true);
  });

  test("the schema example decodes", () => {
    const example = (RequestSchema as unknown as { examples: unknown[] }).examples[0];
    expect(decode(example).value.model).toBe("claude-sonnet-4-5");
  });
});
