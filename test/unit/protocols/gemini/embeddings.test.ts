// In charge of testing the Gemini embeddings codecs: :embedContent and :batchEmbedContents clients, the batch upstream.
import { describe, expect, test } from "bun:test";
import { geminiBatchEmbedClient, geminiEmbedContentClient, geminiEmbeddingsUpstream, geminiEmbeddingsUrl } from "../../../../src/protocols/gemini/embeddings.ts";
import type { UnifiedEmbeddingRequest } from "../../../../src/unified/embeddings.ts";
import { ProxyError } from "../../../../src/unified/errors.ts";
import { fixture } from "./helpers.ts";

const context = { model: "my-alias", now: () => 0 };
const request = (extra: Partial<UnifiedEmbeddingRequest> = {}): UnifiedEmbeddingRequest => ({ model: "gemini-embedding-001", inputs: ["a", "b"], extensions: {}, ...extra });

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

describe("gemini :embedContent client", () => {
  test("content, taskType, title and outputDimensionality; the model comes from the path", () => {
    expect(geminiEmbedContentClient.decodeRequest({ body: fixture("embeddings/embed-content.json"), pathModel: "my-embed" })).toEqual({
      value: { model: "my-embed", inputs: ["What is the meaning of life?"], dimensions: 3, taskType: "RETRIEVAL_DOCUMENT", extensions: { gemini: { title: "Life" } } },
      warnings: [{ feature: "requests.model", detail: "requests name other models than the path's 'my-embed'; the path's model is used" }],
    });
  });

  test("answers {embedding: {values}}", () => {
    const response = { model: "x", vectors: [[0.5, 0.25]], usage: { inputTokens: 1 } };
    expect(geminiEmbedContentClient.encodeResponse(response, request(), context)).toEqual({ embedding: { values: [0.5, 0.25] } });
  });

  test("non-text parts are dropped with a warning; no text at all is a 400", () => {
    const decoded = geminiEmbedContentClient.decodeRequest({ body: { content: { parts: [{ text: "hi" }, { inlineData: { mimeType: "image/png", data: "AA==" } }] } }, pathModel: "m" });
    expect(decoded.value.inputs).toEqual(["hi"]);
    expect(decoded.warnings[0]!.feature).toBe("embedding.part");
    expect(invalid(() => geminiEmbedContentClient.decodeRequest({ body: { content: { parts: [{ inlineData: {} }] } }, pathModel: "m" }))).toContain("content.parts: no text part");
  });

  test("missing content, bad dimensions and a missing model are 400s", () => {
    expect(invalid(() => geminiEmbedContentClient.decodeRequest({ body: {}, pathModel: "m" }))).toContain("content: required");
    expect(invalid(() => geminiEmbedContentClient.decodeRequest({ body: { content: { parts: [] } }, pathModel: "m" }))).toContain("content.parts");
    expect(invalid(() => geminiEmbedContentClient.decodeRequest({ body: { content: { parts: [{ text: "x" }] }, outputDimensionality: -1 }, pathModel: "m" }))).toContain("outputDimensionality");
    expect(invalid(() => geminiEmbedContentClient.decodeRequest({ body: { content: { parts: [{ text: "x" }] } } }))).toContain("model");
  });
});

describe("gemini :batchEmbedContents client", () => {
  test("one input per request; parts of one content joined", () => {
    expect(geminiBatchEmbedClient.decodeRequest({ body: fixture("embeddings/batch-embed.json"), pathModel: "models/gemini-embedding-001" })).toEqual({
      value: {
        model: "gemini-embedding-001",
        inputs: ["What is the meaning of life?", "How much wood would a woodchuck chuck?\nIf a woodchuck could chuck wood."],
        taskType: "RETRIEVAL_QUERY",
        extensions: {},
      },
      warnings: [],
    });
  });

  test("answers {embeddings: [{values}]} in order", () => {
    const response = { model: "x", vectors: [[1], [2]], usage: { inputTokens: 1 } };
    expect(geminiBatchEmbedClient.encodeResponse(response, request(), context)).toEqual({ embeddings: [{ values: [1] }, { values: [2] }] });
  });

  test("different dimensions in one batch are a 400, different task types a warning", () => {
    const content = { parts: [{ text: "x" }] };
    expect(invalid(() => geminiBatchEmbedClient.decodeRequest({ body: { requests: [{ content, outputDimensionality: 3 }, { content }] }, pathModel: "m" }))).toContain("outputDimensionality");
    const decoded = geminiBatchEmbedClient.decodeRequest({ body: { requests: [{ content, taskType: "A" }, { content, taskType: "B" }] }, pathModel: "m" });
    expect(decoded.value.taskType).toBe("A");
    expect(decoded.warnings.map((warning) => warning.feature)).toEqual(["taskType"]);
    expect(invalid(() => geminiBatchEmbedClient.decodeRequest({ body: { requests: [] }, pathModel: "m" }))).toContain("requests: required non-empty array");
    expect(invalid(() => geminiBatchEmbedClient.decodeRequest({ body: { requests: [{ content: "x" }] }, pathModel: "m" }))).toContain("requests[0].content");
  });
});

describe("gemini embeddings upstream", () => {
  test("always the batch method under v1beta", () => {
    expect(geminiEmbeddingsUrl("https://generativelanguage.googleapis.com", "gemini-embedding-001")).toBe("https://generativelanguage.googleapis.com/v1beta/models/gemini-embedding-001:batchEmbedContents");
    expect(geminiEmbeddingsUrl("https://generativelanguage.googleapis.com/v1beta/", "models/text-embedding-004")).toBe("https://generativelanguage.googleapis.com/v1beta/models/text-embedding-004:batchEmbedContents");
  });

  test("encodeRequest: one request per input with the model, task type, title and dimensions", () => {
    const encoded = geminiEmbeddingsUpstream.encodeRequest(request({ dimensions: 768, taskType: "RETRIEVAL_DOCUMENT", extensions: { gemini: { title: "T" }, openai: { user: "u" } } }));
    expect(encoded.value).toEqual({
      requests: [
        { model: "models/gemini-embedding-001", content: { parts: [{ text: "a" }] }, taskType: "RETRIEVAL_DOCUMENT", title: "T", outputDimensionality: 768 },
        { model: "models/gemini-embedding-001", content: { parts: [{ text: "b" }] }, taskType: "RETRIEVAL_DOCUMENT", title: "T", outputDimensionality: 768 },
      ],
    });
    expect(encoded.warnings.map((warning) => warning.feature)).toEqual(["user"]);
  });

  test("token-id inputs cannot go to Gemini", () => {
    expect(geminiEmbeddingsUpstream.unsupported(request({ inputs: [[1, 2]] }))).toContain("text only");
    expect(geminiEmbeddingsUpstream.unsupported(request())).toBeUndefined();
    expect(() => geminiEmbeddingsUpstream.encodeRequest(request({ inputs: [[1, 2]] }))).toThrow("input[0]");
  });

  test("decodeResponse: vectors in order, usage estimated (the API reports none)", () => {
    expect(geminiEmbeddingsUpstream.decodeResponse(fixture("embeddings/batch-embed-response.json"), request({ inputs: ["abcdefgh", "abcd"] }))).toEqual({
      model: "gemini-embedding-001",
      vectors: [[0.013168523, -0.008711934, -0.046782676], [-0.02039524, 0.0111451, 0.0012381454]],
      usage: { inputTokens: 3, estimated: true },
    });
  });

  test("usageMetadata is used when present; garbage is an upstream error", () => {
    const body = { embeddings: [{ values: [1] }, { values: [2] }], usageMetadata: { promptTokenCount: 9 } };
    expect(geminiEmbeddingsUpstream.decodeResponse(body, request()).usage).toEqual({ inputTokens: 9 });
    expect(() => geminiEmbeddingsUpstream.decodeResponse({}, request())).toThrow("no `embeddings` array");
    expect(() => geminiEmbeddingsUpstream.decodeResponse({ embeddings: [{ values: "x" }, { values: [1] }] }, request())).toThrow("embeddings[0].values");
    expect(() => geminiEmbeddingsUpstream.decodeResponse({ embeddings: [{ values: [1] }] }, request())).toThrow("1 embeddings for 2 inputs");
  });
});
