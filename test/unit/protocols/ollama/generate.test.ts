// In charge of testing the Ollama /api/generate client codec: prompt decoding, answers and NDJSON streams in generate's shape.
import { describe, expect, test } from "bun:test";
import { encodeLoadAnswer, isLoadRequest, ollamaGenerateCodec } from "../../../../src/protocols/ollama/generate.ts";
import { ollamaCodec } from "../../../../src/protocols/ollama/index.ts";
import { ProxyError } from "../../../../src/unified/errors.ts";
import type { UnifiedEvent } from "../../../../src/unified/events.ts";
import type { UnifiedResponse } from "../../../../src/unified/response.ts";
import { fixture, NOW_ISO, parseLines, testContext } from "./helpers.ts";

const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
const decode = (body: unknown) => ollamaGenerateCodec.decodeRequest({ body });

function encodeStream(events: UnifiedEvent[]): Array<Record<string, unknown>> {
  const step = ollamaGenerateCodec.createStreamEncoder(testContext("my-alias"));
  const out: string[] = [];
  for (const event of events) out.push(...step.push(event));
  out.push(...step.end());
  return parseLines(out);
}

describe("ollama generate decodeRequest", () => {
  test("prompt, system, images, format, options, think and keep_alive", () => {
    const { value, warnings } = decode(fixture("generate/request.json"));
    expect(value).toEqual({
      model: "llava",
      system: [{ type: "text", text: "Answer in one sentence." }],
      messages: [{ role: "user", content: [{ type: "text", text: "What is in this picture?" }, { type: "image", source: { kind: "base64", mediaType: "image/png", data: PNG } }] }],
      tools: [],
      stream: false,
      temperature: 0.2,
      maxTokens: 100,
      responseFormat: { type: "json" },
      thinking: { enabled: false },
      extensions: { ollama: { keepAlive: "5m", options: { num_ctx: 4096 } } },
    });
    expect(warnings).toEqual([]);
  });

  test("streams by default, as Ollama does", () => {
    expect(decode({ model: "m", prompt: "hi" }).value.stream).toBe(true);
    expect(decode({ model: "m", prompt: "hi" }).value.system).toEqual([]);
  });

  test("images alone make the user message; a JSON schema format is kept", () => {
    const { value } = decode({ model: "m", images: [PNG], format: { type: "object", properties: { a: { type: "string" } } } });
    expect(value.messages).toEqual([{ role: "user", content: [{ type: "image", source: { kind: "base64", mediaType: "image/png", data: PNG } }] }]);
    expect(value.responseFormat).toEqual({ type: "json-schema", schema: { type: "object", properties: { a: { type: "string" } } } });
  });

  test("generate-only fields are reported; raw is kept as an extension", () => {
    const { value, warnings } = decode(fixture("generate/request-dropped.json"));
    expect(value.messages).toEqual([{ role: "user", content: [{ type: "text", text: "def compute_gcd(a, b):" }] }]);
    expect(value.extensions.ollama).toEqual({ raw: true });
    expect(warnings.map((warning) => warning.feature)).toEqual(["raw", "suffix", "template", "context", "logprobs"]);
  });

  test("bad input is a precise 400", () => {
    const message = (body: unknown) => {
      try {
        decode(body);
      } catch (error) {
        expect(error).toBeInstanceOf(ProxyError);
        return (error as ProxyError).message;
      }
      return "";
    };
    expect(message({ prompt: "x" })).toContain("model");
    expect(message({ model: "m", prompt: 5 })).toBe("prompt: must be a string");
    expect(message({ model: "m", prompt: "x", system: [] })).toBe("system: must be a string");
    expect(message({ model: "m", prompt: "x", images: "abc" })).toContain("images: must be an array");
    expect(message({ model: "m", prompt: "x", images: [1] })).toBe("images[0]: must be a base64 string");
    expect(message({ model: "m", prompt: "x", stream: "yes" })).toContain("stream");
    expect(message({ model: "m", prompt: "x", think: "lots" })).toContain("think");
  });
});

describe("ollama generate answers", () => {
  const response: UnifiedResponse = {
    model: "upstream",
    content: [{ type: "text", text: "The sky is blue because of Rayleigh scattering." }],
    finishReason: { unified: "stop" },
    usage: { inputTokens: 26, outputTokens: 290 },
  };

  test("non-streamed: response, done, done_reason and the counts, no context", () => {
    const body = ollamaGenerateCodec.encodeResponse(response, testContext("llama3.2"));
    expect(body).toEqual(fixture("generate/response.json"));
    expect(body).not.toHaveProperty("context");
  });

  test("reasoning becomes thinking; length stays length", () => {
    const body = ollamaGenerateCodec.encodeResponse({ ...response, content: [{ type: "reasoning", text: "hmm" }, { type: "text", text: "ok" }], finishReason: { unified: "length" } }, testContext());
    expect(body).toMatchObject({ response: "ok", thinking: "hmm", done_reason: "length" });
  });

  test("stream: one line per delta, then the done line", () => {
    const lines = encodeStream([
      { type: "message-start", usage: { inputTokens: 5 } },
      { type: "reasoning-delta", text: "think" },
      { type: "text-delta", text: "Hel" },
      { type: "text-delta", text: "lo" },
      { type: "finish", finishReason: { unified: "stop" }, usage: { outputTokens: 2 } },
    ]);
    expect(lines).toEqual([
      { model: "my-alias", created_at: NOW_ISO, response: "", thinking: "think", done: false },
      { model: "my-alias", created_at: NOW_ISO, response: "Hel", done: false },
      { model: "my-alias", created_at: NOW_ISO, response: "lo", done: false },
      { model: "my-alias", created_at: NOW_ISO, response: "", done: true, done_reason: "stop", total_duration: 0, load_duration: 0, prompt_eval_count: 5, prompt_eval_duration: 0, eval_count: 2, eval_duration: 0 },
    ]);
  });

  test("stream errors end with Ollama's error line and no done line", () => {
    expect(encodeStream([{ type: "text-delta", text: "a" }, { type: "error", error: new ProxyError("upstream", "boom") }])).toEqual([
      { model: "my-alias", created_at: NOW_ISO, response: "a", done: false },
      { error: "boom" },
    ]);
    expect(encodeStream([{ type: "text-delta", text: "a" }]).at(-1)).toEqual({ error: "stream ended unexpectedly" });
  });

  test("upstream-facing members are the chat codec's", () => {
    expect(ollamaGenerateCodec.name).toBe("ollama");
    expect(ollamaGenerateCodec.encodeRequest).toBe(ollamaCodec.encodeRequest);
    expect(ollamaGenerateCodec.createStreamDecoder).toBe(ollamaCodec.createStreamDecoder);
    expect(ollamaGenerateCodec.upstream).toBe(ollamaCodec.upstream);
    expect(ollamaGenerateCodec.encodeError(new ProxyError("not_found", "no such model"))).toEqual({ status: 404, body: { error: "no such model" } });
    expect(ollamaGenerateCodec.streamContentType({})).toBe("application/x-ndjson");
  });
});

describe("ollama generate load requests", () => {
  test("no prompt and no images only loads (or with keep_alive 0 unloads)", () => {
    expect(isLoadRequest({ model: "m" })).toBe(true);
    expect(isLoadRequest({ model: "m", prompt: "" })).toBe(true);
    expect(isLoadRequest({ model: "m", prompt: "hi" })).toBe(false);
    expect(isLoadRequest({ model: "m", images: [PNG] })).toBe(false);
    const context = { ...testContext(), model: "m" };
    expect(encodeLoadAnswer({ model: "m" }, context)).toEqual({ model: "m", created_at: NOW_ISO, response: "", done: true, done_reason: "load" });
    expect(encodeLoadAnswer({ model: "m", keep_alive: 0 }, context)).toMatchObject({ done_reason: "unload" });
  });
});
