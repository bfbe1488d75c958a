// In charge of checking the Responses error bodies ccproxy writes and the upstream error bodies it reads.
import { describe, expect, test } from "bun:test";
import { responsesCodec } from "../../../../src/protocols/responses/index.ts";
import { ProxyError } from "../../../../src/unified/errors.ts";
import { fixtureText, parseEvents } from "./helpers.ts";

describe("responses errors", () => {
  test("encodeError: OpenAI's body, status and type per the errors table", () => {
    expect(responsesCodec.encodeError(new ProxyError("invalid_request", "input: expected a string"))).toEqual({
      status: 400,
      body: { error: { message: "input: expected a string", type: "invalid_request_error", param: null, code: null } },
    });
    expect(responsesCodec.encodeError(new ProxyError("rate_limit", "slow"))).toMatchObject({ status: 429, body: { error: { type: "rate_limit_error", code: "rate_limit_exceeded" } } });
    expect(responsesCodec.encodeError(new ProxyError("not_found", "nope"))).toMatchObject({ status: 404, body: { error: { type: "not_found_error" } } });
    expect(responsesCodec.encodeError(new ProxyError("overloaded", "busy"))).toMatchObject({ status: 529, body: { error: { type: "api_error" } } });
  });

  test("decodeError: OpenAI bodies, other protocols' bodies and plain text keep the upstream status", () => {
    const limited = responsesCodec.decodeError(429, fixtureText("errors/openai-429.json"));
    expect([limited.kind, limited.status, limited.upstream?.status]).toEqual(["rate_limit", 429, 429]);
    expect(limited.message).toStartWith("Rate limit reached for gpt-5");
    expect(responsesCodec.decodeError(400, fixtureText("errors/previous-not-found-400.json")).message).toBe("Previous response with id 'resp_abc123' not found.");
    expect(responsesCodec.decodeError(529, '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}')).toMatchObject({ kind: "overloaded", message: "Overloaded" });
    expect(responsesCodec.decodeError(502, "Bad Gateway")).toMatchObject({ kind: "upstream", message: "Bad Gateway", status: 502 });
    expect(responsesCodec.decodeError(500, "")).toMatchObject({ message: "upstream answered HTTP 500" });
  });

  test("encodeStreamError: an `error` event alone (the passthrough path appends it after a broken stream)", () => {
    const frame = responsesCodec.encodeStreamError(new ProxyError("upstream", "upstream stream ended before completion"));
    expect(frame.startsWith("event: error\ndata: ")).toBe(true);
    expect(parseEvents(frame)).toEqual([{ event: "error", data: { type: "error", code: "server_error", message: "upstream stream ended before completion", param: null } }]);
  });

  test("usageOf reads a Response body and the response.completed event", () => {
    const usage = { input_tokens: 5, input_tokens_details: { cached_tokens: 2 }, output_tokens: 3, output_tokens_details: { reasoning_tokens: 1 }, total_tokens: 8 };
    const expected = { inputTokens: 5, outputTokens: 3, cacheReadTokens: 2, reasoningTokens: 1 };
    expect(responsesCodec.usageOf({ id: "resp_1", usage })).toEqual(expected);
    expect(responsesCodec.usageOf({ type: "response.completed", response: { usage } })).toEqual(expected);
    expect(responsesCodec.usageOf({ type: "response.output_text.delta", delta: "x" })).toBeNull();
  });
});
