// In charge of testing Claude error bodies both ways and the upstream URL/header convention.
import { describe, expect, test } from "bun:test";
import { claudeCodec } from "../../../../src/protocols/claude/index.ts";
import { type ErrorKind, ProxyError } from "../../../../src/unified/errors.ts";
import { fixtureText } from "./helpers.ts";

describe("claude encodeError", () => {
  test.each([
    ["invalid_request", 400, "invalid_request_error"],
    ["authentication", 401, "authentication_error"],
    ["permission", 403, "permission_error"],
    ["not_found", 404, "not_found_error"],
    ["request_too_large", 413, "request_too_large"],
    ["rate_limit", 429, "rate_limit_error"],
    ["timeout", 504, "timeout_error"],
    ["overloaded", 529, "overloaded_error"],
    ["upstream", 502, "api_error"],
    ["internal", 500, "api_error"],
  ])("%s → %d %s", (kind, status, type) => {
    expect(claudeCodec.encodeError(new ProxyError(kind as ErrorKind, "boom"))).toEqual({ status, body: { type: "error", error: { type, message: "boom" } } });
  });

  test("encodeStreamError is the bare event: error frame", () => {
    expect(claudeCodec.encodeStreamError(new ProxyError("rate_limit", "slow down"))).toBe('event: error\ndata: {"type":"error","error":{"type":"rate_limit_error","message":"slow down"}}\n\n');
  });
});

describe("claude decodeError", () => {
  test("Claude bodies", () => {
    const overloaded = claudeCodec.decodeError(529, fixtureText("errors/overloaded.json"));
    expect([overloaded.kind, overloaded.status, overloaded.message, overloaded.upstream]).toEqual(["overloaded", 529, "Overloaded", { status: 529 }]);
    const invalid = claudeCodec.decodeError(400, fixtureText("errors/invalid-request.json"));
    expect([invalid.kind, invalid.status, invalid.message]).toEqual(["invalid_request", 400, "messages.1.content.0.thinking.signature: Invalid `signature` in `thinking` block"]);
    expect(claudeCodec.decodeError(429, fixtureText("errors/rate-limit.json")).kind).toBe("rate_limit");
  });

  test("the other protocols' shapes and plain text", () => {
    expect(claudeCodec.decodeError(401, JSON.stringify({ error: { message: "Incorrect API key", type: "invalid_request_error", code: "invalid_api_key" } })).message).toBe("Incorrect API key");
    expect(claudeCodec.decodeError(503, JSON.stringify({ error: { code: 503, message: "The model is overloaded.", status: "UNAVAILABLE" } }))).toMatchObject({ kind: "overloaded", status: 503, message: "The model is overloaded." });
    expect(claudeCodec.decodeError(404, JSON.stringify({ error: "model 'x' not found" }))).toMatchObject({ kind: "not_found", message: "model 'x' not found" });
    expect(claudeCodec.decodeError(502, "<html>Bad Gateway</html>")).toMatchObject({ kind: "upstream", status: 502, message: "<html>Bad Gateway</html>" });
    expect(claudeCodec.decodeError(500, "")).toMatchObject({ kind: "upstream", status: 500, message: "upstream answered HTTP 500" });
  });
});

describe("claude upstream convention", () => {
  test.each([
    ["https://api.anthropic.com", "https://api.anthropic.com/v1/messages"],
    ["https://api.anthropic.com/", "https://api.anthropic.com/v1/messages"],
    ["https://api.anthropic.com/v1", "https://api.anthropic.com/v1/messages"],
    ["https://api.anthropic.com/v1/", "https://api.anthropic.com/v1/messages"],
    ["https://api.deepseek.com/anthropic", "https://api.deepseek.com/anthropic/v1/messages"],
  ])("%s → %s", (base, url) => {
    expect(claudeCodec.upstream.chatUrl(base, "claude-x", true)).toBe(url);
  });

  test("auth headers, framing and content type", () => {
    expect(claudeCodec.upstream.authHeaders("sk-ant-1")).toEqual({ "x-api-key": "sk-ant-1", "anthropic-version": "2023-06-01" });
    expect(claudeCodec.upstream.authHeaders(undefined)).toEqual({ "anthropic-version": "2023-06-01" });
    expect(claudeCodec.upstream.streamFraming).toBe("sse");
    expect(claudeCodec.streamContentType({})).toBe("text/event-stream");
    expect(claudeCodec.name).toBe("claude");
  });
});
