// In charge of testing Gemini error bodies both ways, and the upstream URL/auth convention.
import { describe, expect, test } from "bun:test";
import { geminiCodec } from "../../../../src/protocols/gemini/index.ts";
import { ProxyError } from "../../../../src/unified/errors.ts";
import { fixtureText } from "./helpers.ts";

describe("gemini encodeError", () => {
  test("status names per protocols.md; code equals the HTTP status", () => {
    const cases: Array<[ProxyError, number, string]> = [
      [new ProxyError("invalid_request", "bad"), 400, "INVALID_ARGUMENT"],
      [new ProxyError("authentication", "who"), 401, "UNAUTHENTICATED"],
      [new ProxyError("permission", "no"), 403, "PERMISSION_DENIED"],
      [new ProxyError("not_found", "model x not found in group default"), 404, "NOT_FOUND"],
      [new ProxyError("request_too_large", "big"), 413, "INVALID_ARGUMENT"],
      [new ProxyError("rate_limit", "slow down"), 429, "RESOURCE_EXHAUSTED"],
      [new ProxyError("upstream", "boom"), 502, "INTERNAL"],
      [new ProxyError("internal", "bug"), 500, "INTERNAL"],
      [new ProxyError("overloaded", "busy", { status: 503 }), 503, "UNAVAILABLE"],
      [new ProxyError("timeout", "late"), 504, "DEADLINE_EXCEEDED"],
    ];
    for (const [error, status, name] of cases) expect(geminiCodec.encodeError(error)).toEqual({ status, body: { error: { code: status, message: error.message, status: name } } });
  });

  test("Anthropic's 529 overloaded reaches a Gemini client as 503 UNAVAILABLE", () => {
    expect(geminiCodec.encodeError(new ProxyError("overloaded", "Overloaded"))).toEqual({ status: 503, body: { error: { code: 503, message: "Overloaded", status: "UNAVAILABLE" } } });
  });

  test("the stream error frame is one SSE data event", () => {
    expect(geminiCodec.encodeStreamError(new ProxyError("upstream", "broke"))).toBe('data: {"error":{"code":502,"message":"broke","status":"INTERNAL"}}\n\n');
  });
});

describe("gemini decodeError", () => {
  test("Gemini bodies, also wrapped in an array", () => {
    const invalid = geminiCodec.decodeError(400, fixtureText("errors/invalid-argument.json"));
    expect(invalid).toBeInstanceOf(ProxyError);
    expect(invalid.kind).toBe("invalid_request");
    expect(invalid.status).toBe(400);
    expect(invalid.upstream).toEqual({ status: 400 });
    expect(invalid.message).toContain("should be non-empty for OBJECT type");
    const quota = geminiCodec.decodeError(429, fixtureText("errors/resource-exhausted.json"));
    expect([quota.kind, quota.status, quota.message]).toEqual(["rate_limit", 429, "You exceeded your current quota, please check your plan and billing details."]);
    const busy = geminiCodec.decodeError(503, fixtureText("errors/unavailable-array.json"));
    expect([busy.kind, busy.message]).toEqual(["overloaded", "The model is overloaded. Please try again later."]);
  });

  test("the other protocols' shapes and plain text", () => {
    expect(geminiCodec.decodeError(401, '{"error":{"message":"Incorrect API key provided","type":"invalid_request_error"}}').message).toBe("Incorrect API key provided");
    expect(geminiCodec.decodeError(529, '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}')).toMatchObject({ kind: "overloaded", status: 529, message: "Overloaded" });
    expect(geminiCodec.decodeError(404, '{"error":"model \\"llama9\\" not found"}')).toMatchObject({ kind: "not_found", message: 'model "llama9" not found' });
    expect(geminiCodec.decodeError(502, "Bad Gateway")).toMatchObject({ kind: "upstream", status: 502, message: "Bad Gateway" });
    expect(geminiCodec.decodeError(500, "").message).toBe("upstream answered HTTP 500");
  });
});

describe("gemini upstream convention", () => {
  test("chat URLs from a host root, tolerating a trailing slash and a version", () => {
    const { chatUrl } = geminiCodec.upstream;
    expect(chatUrl("https://generativelanguage.googleapis.com", "gemini-2.5-pro", false)).toBe("https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-pro:generateContent");
    expect(chatUrl("https://generativelanguage.googleapis.com/", "gemini-2.5-pro", true)).toBe("https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse");
    expect(chatUrl("https://generativelanguage.googleapis.com/v1beta/", "models/gemini-2.5-pro", false)).toBe("https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-pro:generateContent");
    expect(chatUrl("http://127.0.0.1:8080/proxy/v1", "m", true)).toBe("http://127.0.0.1:8080/proxy/v1beta/models/m:streamGenerateContent?alt=sse");
  });

  test("auth header, framing and client content types", () => {
    expect(geminiCodec.upstream.authHeaders("AIza-key")).toEqual({ "x-goog-api-key": "AIza-key" });
    expect(geminiCodec.upstream.authHeaders(undefined)).toEqual({});
    expect(geminiCodec.upstream.authHeaders("")).toEqual({});
    expect(geminiCodec.upstream.streamFraming).toBe("sse");
    expect(geminiCodec.streamContentType({ sse: true })).toBe("text/event-stream");
    expect(geminiCodec.streamContentType({ sse: false })).toBe("application/json");
    expect(geminiCodec.name).toBe("gemini");
  });
});
