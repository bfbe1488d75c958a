// In charge of testing OpenAI error bodies, reading upstream error bodies, usageOf and the upstream convention.
import { describe, expect, test } from "bun:test";
import { openaiCodec } from "../../../../src/protocols/openai/index.ts";
import { ProxyError, type ErrorKind } from "../../../../src/unified/errors.ts";
import { fixtureText } from "./helpers.ts";

describe("openai encodeError", () => {
  const cases: Array<[ErrorKind, number, string, string | null]> = [
    ["invalid_request", 400, "invalid_request_error", null],
    ["authentication", 401, "authentication_error", "invalid_api_key"],
    ["permission", 403, "permission_error", null],
    ["not_found", 404, "not_found_error", null],
    ["request_too_large", 413, "invalid_request_error", null],
    ["rate_limit", 429, "rate_limit_error", "rate_limit_exceeded"],
    ["upstream", 502, "api_error", null],
    ["overloaded", 529, "api_error", null],
    ["internal", 500, "api_error", null],
  ];
  for (const [kind, status, type, code] of cases) {
    test(`${kind} → ${status} ${type}`, () => {
      expect(openaiCodec.encodeError(new ProxyError(kind, "boom"))).toEqual({ status, body: { error: { message: "boom", type, param: null, code } } });
    });
  }

  test("an upstream status is kept", () => {
    expect(openaiCodec.encodeError(new ProxyError("overloaded", "busy", { status: 503 })).status).toBe(503);
  });
});

describe("openai decodeError", () => {
  const cases: Array<[string, number, ErrorKind, string]> = [
    ["openai-401.json", 401, "authentication", "Incorrect API key provided: sk-abc. You can find your API key at https://platform.openai.com/account/api-keys."],
    ["openai-429.json", 429, "rate_limit", "Rate limit reached for gpt-4o in organization org-abc on tokens per min (TPM): Limit 30000, Used 30000, Requested 500."],
    ["claude-529.json", 529, "overloaded", "Overloaded"],
    ["gemini-400.json", 400, "invalid_request", "API key not valid. Please pass a valid API key."],
    ["gemini-array-503.json", 503, "overloaded", "The model is overloaded. Please try again later."],
    ["ollama-404.json", 404, "not_found", 'model "llama9" not found, try pulling it first'],
    ["vllm-400.json", 400, "invalid_request", "This model's maximum context length is 32768 tokens. However, you requested 40000 tokens."],
  ];
  for (const [file, status, kind, message] of cases) {
    test(file, () => {
      const error = openaiCodec.decodeError(status, fixtureText(`errors/${file}`));
      expect(error).toBeInstanceOf(ProxyError);
      expect(error.kind).toBe(kind);
      expect(error.status).toBe(status);
      expect(error.upstream).toEqual({ status });
      expect(error.message).toBe(message);
    });
  }

  test("plain text and empty bodies", () => {
    expect(openaiCodec.decodeError(502, "<html>Bad Gateway</html>\n").message).toBe("<html>Bad Gateway</html>");
    expect(openaiCodec.decodeError(500, "").message).toBe("upstream answered HTTP 500");
    expect(openaiCodec.decodeError(500, '{"unexpected":true}').message).toBe('{"unexpected":true}');
  });
});

describe("openai usageOf", () => {
  test("reads usage from a body or chunk, null without", () => {
    expect(openaiCodec.usageOf({ usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 } })).toEqual({ inputTokens: 3, outputTokens: 4 });
    expect(openaiCodec.usageOf({ choices: [], usage: null })).toBeNull();
    expect(openaiCodec.usageOf({ choices: [] })).toBeNull();
    expect(openaiCodec.usageOf("x")).toBeNull();
  });
});

describe("openai upstream convention", () => {
  test("chatUrl appends /chat/completions, tolerates a trailing slash and a full endpoint", () => {
    const url = (base: string) => openaiCodec.upstream.chatUrl(base, "m", true);
    expect(url("https://api.openai.com/v1")).toBe("https://api.openai.com/v1/chat/completions");
    expect(url("https://openrouter.ai/api/v1/")).toBe("https://openrouter.ai/api/v1/chat/completions");
    expect(url("https://api.deepseek.com")).toBe("https://api.deepseek.com/chat/completions");
    expect(url("http://127.0.0.1:1234/v1/chat/completions/")).toBe("http://127.0.0.1:1234/v1/chat/completions");
  });

  test("Bearer auth, none without a key; SSE framing and content type", () => {
    expect(openaiCodec.upstream.authHeaders("sk-1")).toEqual({ Authorization: "Bearer sk-1" });
    expect(openaiCodec.upstream.authHeaders(undefined)).toEqual({});
    expect(openaiCodec.upstream.authHeaders("")).toEqual({});
    expect(openaiCodec.upstream.streamFraming).toBe("sse");
    expect(openaiCodec.streamContentType({})).toBe("text/event-stream");
    expect(openaiCodec.name).toBe("openai");
  });
});
