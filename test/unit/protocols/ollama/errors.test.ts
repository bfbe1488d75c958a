// In charge of testing Ollama error shapes, usage reading on the passthrough path, and upstream conventions.
import { describe, expect, test } from "bun:test";
import { ollamaCodec } from "../../../../src/protocols/ollama/index.ts";
import { ProxyError } from "../../../../src/unified/errors.ts";
import { fixture, fixtureText } from "./helpers.ts";

describe("ollama errors", () => {
  test("encodeError: {error} with the error's status", () => {
    expect(ollamaCodec.encodeError(new ProxyError("not_found", "model 'x' not found in group 'default'"))).toEqual({
      status: 404,
      body: { error: "model 'x' not found in group 'default'" },
    });
    expect(ollamaCodec.encodeError(new ProxyError("rate_limit", "slow down")).status).toBe(429);
  });

  test("decodeError reads Ollama's own body", () => {
    const error = ollamaCodec.decodeError(404, fixtureText("errors/model-not-found.json"));
    expect(error).toBeInstanceOf(ProxyError);
    expect(error.kind).toBe("not_found");
    expect(error.status).toBe(404);
    expect(error.upstream).toEqual({ status: 404 });
    expect(error.message).toBe(String(fixture("errors/model-not-found.json").error));
  });

  test("decodeError reads the other protocols' shapes and plain text", () => {
    const cases: Array<[number, string, string, string]> = [
      [429, JSON.stringify({ error: { message: "Rate limit reached", type: "rate_limit_error" } }), "Rate limit reached", "rate_limit"],
      [529, JSON.stringify({ type: "error", error: { type: "overloaded_error", message: "Overloaded" } }), "Overloaded", "overloaded"],
      [400, JSON.stringify({ error: { code: 400, message: "API key not valid", status: "INVALID_ARGUMENT" } }), "API key not valid", "invalid_request"],
      [502, "Bad Gateway\n", "Bad Gateway", "upstream"],
      [500, "", "upstream answered HTTP 500", "upstream"],
    ];
    for (const [status, body, message, kind] of cases) {
      const error = ollamaCodec.decodeError(status, body);
      expect([error.message, error.kind, error.status, error.upstream?.status]).toEqual([message, kind, status, status]);
    }
  });
});

describe("ollama usageOf", () => {
  test("reads counts from the done object only", () => {
    expect(ollamaCodec.usageOf(fixture("responses/tool-calls.json"))).toEqual({ inputTokens: 169, outputTokens: 18 });
    const lines = fixtureText("streams/text.ndjson").trim().split("\n").map((line) => JSON.parse(line) as unknown);
    expect(lines.map((line) => ollamaCodec.usageOf(line))).toEqual([null, null, null, { inputTokens: 26, outputTokens: 282 }]);
    expect(ollamaCodec.usageOf({ error: "x" })).toBeNull();
    expect(ollamaCodec.usageOf("text")).toBeNull();
  });
});

describe("ollama upstream convention", () => {
  test("chatUrl tolerates a trailing slash, /api and /v1", () => {
    const url = (base: string) => ollamaCodec.upstream.chatUrl(base, "llama3.2", true);
    expect(url("http://127.0.0.1:11434")).toBe("http://127.0.0.1:11434/api/chat");
    expect(url("http://127.0.0.1:11434/")).toBe("http://127.0.0.1:11434/api/chat");
    expect(url("http://127.0.0.1:11434/api")).toBe("http://127.0.0.1:11434/api/chat");
    expect(url("http://127.0.0.1:11434/api/")).toBe("http://127.0.0.1:11434/api/chat");
    expect(url("http://127.0.0.1:11434/api/chat")).toBe("http://127.0.0.1:11434/api/chat");
    expect(url("http://127.0.0.1:11434/v1")).toBe("http://127.0.0.1:11434/api/chat");
    expect(url("https://gateway.example.com/ollama")).toBe("https://gateway.example.com/ollama/api/chat");
    expect(url("https://ollama.com")).toBe("https://ollama.com/api/chat");
  });

  test("Bearer auth only when a key is given; NDJSON framing and content type", () => {
    expect(ollamaCodec.upstream.authHeaders("sk-1")).toEqual({ Authorization: "Bearer sk-1" });
    expect(ollamaCodec.upstream.authHeaders(undefined)).toEqual({});
    expect(ollamaCodec.upstream.authHeaders("")).toEqual({});
    expect(ollamaCodec.upstream.streamFraming).toBe("ndjson");
    expect(ollamaCodec.streamContentType({})).toBe("application/x-ndjson");
    expect(ollamaCodec.name).toBe("ollama");
  });
});
