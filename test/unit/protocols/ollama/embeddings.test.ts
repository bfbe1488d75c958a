// In charge of testing the Ollama embeddings codecs: /api/embed and legacy /api/embeddings clients, the /api/embed upstream.
import { describe, expect, test } from "bun:test";
import { ollamaEmbedClient, ollamaEmbeddingsUpstream, ollamaEmbedUrl, ollamaLegacyEmbeddingsClient } from "../../../../src/protocols/ollama/embeddings.ts";
import type { UnifiedEmbeddingRequest } from "../../../../src/unified/embeddings.ts";
import { ProxyError } from "../../../../src/unified/errors.ts";
import { fixture } from "./helpers.ts";

const request = (extra: Partial<UnifiedEmbeddingRequest> = {}): UnifiedEmbeddingRequest => ({ model: "all-minilm", inputs: ["a", "b"], extensions: {}, ...extra });

function invalid(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ProxyError);
    expect((error as ProxyError).status).toBe(400);
    return (error as ProxyError).message;
  }
  throw new Error("expected a 400");
}

describe("ollama /api/embed client", () => {
  test("inputs, dimensions and the Ollama-only fields", () => {
    expect(ollamaEmbedClient.decodeRequest({ body: fixture("embeddings/embed.json") })).toEqual({
      value: {
        model: "all-minilm",
        inputs: ["Why is the sky blue?", "Why is the grass green?"],
        dimensions: 3,
        extensions: { ollama: { truncate: false, keepAlive: "10m", options: { num_ctx: 512 } } },
      },
      warnings: [],
    });
    expect(ollamaEmbedClient.decodeRequest({ body: { model: "m", input: "one" } }).value.inputs).toEqual(["one"]);
  });

  test("answers with the alias, the vectors, the count and the upstream time in nanoseconds", () => {
    const response = { model: "x", vectors: [[0.5]], usage: { inputTokens: 4 } };
    expect(ollamaEmbedClient.encodeResponse(response, request(), { model: "my-alias", now: () => 0, durationMs: 12.5 })).toEqual({
      model: "my-alias",
      embeddings: [[0.5]],
      total_duration: 12_500_000,
      load_duration: 0,
      prompt_eval_count: 4,
    });
  });

  test("bad bodies are precise 400s", () => {
    expect(invalid(() => ollamaEmbedClient.decodeRequest({ body: { input: "x" } }))).toContain("model");
    expect(invalid(() => ollamaEmbedClient.decodeRequest({ body: { model: "m" } }))).toContain("input: required");
    expect(invalid(() => ollamaEmbedClient.decodeRequest({ body: { model: "m", input: [] } }))).toContain("input: must not be an empty array");
    expect(invalid(() => ollamaEmbedClient.decodeRequest({ body: { model: "m", input: [1] } }))).toContain("input");
    expect(invalid(() => ollamaEmbedClient.decodeRequest({ body: { model: "m", input: "x", truncate: "yes" } }))).toContain("truncate");
    expect(invalid(() => ollamaEmbedClient.decodeRequest({ body: { model: "m", input: "x", dimensions: 0 } }))).toContain("dimensions");
    expect(invalid(() => ollamaEmbedClient.decodeRequest({ body: { model: "m", input: "x", options: [] } }))).toContain("options");
  });
});

describe("ollama legacy /api/embeddings client", () => {
  test("one prompt in, {embedding} out", () => {
    expect(ollamaLegacyEmbeddingsClient.decodeRequest({ body: fixture("embeddings/legacy.json") }).value).toEqual({ model: "all-minilm", inputs: ["Here is an article about llamas..."], extensions: {} });
    expect(ollamaLegacyEmbeddingsClient.encodeResponse({ model: "x", vectors: [[1, 2]], usage: { inputTokens: 1 } }, request(), { model: "a", now: () => 0 })).toEqual({ embedding: [1, 2] });
    expect(invalid(() => ollamaLegacyEmbeddingsClient.decodeRequest({ body: { model: "m" } }))).toContain("prompt: required string");
  });
});

describe("ollama embeddings upstream", () => {
  test("url: /api/embed on the host root, tolerating pasted API paths", () => {
    expect(ollamaEmbedUrl("http://127.0.0.1:11434")).toBe("http://127.0.0.1:11434/api/embed");
    expect(ollamaEmbedUrl("http://127.0.0.1:11434/")).toBe("http://127.0.0.1:11434/api/embed");
    expect(ollamaEmbedUrl("http://127.0.0.1:11434/v1")).toBe("http://127.0.0.1:11434/api/embed");
    expect(ollamaEmbedUrl("http://127.0.0.1:11434/api/chat")).toBe("http://127.0.0.1:11434/api/embed");
    expect(ollamaEmbedUrl("http://127.0.0.1:11434/api/embed")).toBe("http://127.0.0.1:11434/api/embed");
  });

  test("encodeRequest carries dimensions and the Ollama extras; task type is reported", () => {
    const encoded = ollamaEmbeddingsUpstream.encodeRequest(request({ dimensions: 3, taskType: "RETRIEVAL_QUERY", extensions: { ollama: { truncate: false, keepAlive: 0, options: { num_ctx: 512 } } } }));
    expect(encoded.value).toEqual({ model: "all-minilm", input: ["a", "b"], dimensions: 3, truncate: false, keep_alive: 0, options: { num_ctx: 512 } });
    expect(encoded.warnings.map((warning) => warning.feature)).toEqual(["taskType"]);
  });

  test("decodeResponse reads the documented answer", () => {
    expect(ollamaEmbeddingsUpstream.decodeResponse(fixture("embeddings/embed-response.json"), request())).toEqual({
      model: "all-minilm",
      vectors: [[0.010071029, -0.0017594862, 0.05007221], [-0.0098027075, 0.06042469, 0.025257962]],
      usage: { inputTokens: 8 },
    });
  });

  test("token ids, garbage and Ollama's error body", () => {
    expect(ollamaEmbeddingsUpstream.unsupported(request({ inputs: [[1]] }))).toContain("text only");
    expect(() => ollamaEmbeddingsUpstream.decodeResponse({ error: "model not found" }, request())).toThrow("model not found");
    expect(() => ollamaEmbeddingsUpstream.decodeResponse({ embeddings: [[1], ["x"]] }, request())).toThrow("embeddings[1]");
    expect(() => ollamaEmbeddingsUpstream.decodeResponse("x", request())).toThrow(ProxyError);
  });
});
