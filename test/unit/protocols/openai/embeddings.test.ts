// In charge of testing the OpenAI embeddings codec: client decode/encode (float and base64) and the upstream call both ways.
import { describe, expect, test } from "bun:test";
import { base64Float32, float32Base64, openaiEmbeddingsClient, openaiEmbeddingsUpstream, openaiEmbeddingsUrl } from "../../../../src/protocols/openai/embeddings.ts";
import type { UnifiedEmbeddingRequest } from "../../../../src/unified/embeddings.ts";
import { ProxyError } from "../../../../src/unified/errors.ts";
import { fixtureJson } from "./helpers.ts";

const decode = (body: unknown) => openaiEmbeddingsClient.decodeRequest({ body });
const context = { model: "my-alias", now: () => 0 };
const request = (extra: Partial<UnifiedEmbeddingRequest> = {}): UnifiedEmbeddingRequest => ({ model: "text-embedding-3-small", inputs: ["a", "b"], extensions: {}, ...extra });

function expectInvalid(body: unknown, message: string) {
  let caught: unknown;
  try {
    decode(body);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ProxyError);
  expect((caught as ProxyError).status).toBe(400);
  expect((caught as ProxyError).message).toContain(message);
}

describe("openai embeddings decodeRequest", () => {
  test("the documented request: inputs, dimensions, encoding and user", () => {
    expect(decode(fixtureJson("embeddings/request.json"))).toEqual({
      value: {
        model: "text-embedding-3-small",
        inputs: ["The food was delicious and the waiter...", "The waiter was friendly"],
        dimensions: 3,
        extensions: { openai: { encodingFormat: "float", user: "user-1234" } },
      },
      warnings: [],
    });
  });

  test("a single string, one token array and several token arrays", () => {
    expect(decode({ model: "m", input: "hello" }).value.inputs).toEqual(["hello"]);
    expect(decode({ model: "m", input: [1, 2, 3] }).value.inputs).toEqual([[1, 2, 3]]);
    expect(decode({ model: "m", input: [[1, 2], [3]] }).value.inputs).toEqual([[1, 2], [3]]);
  });

  test("the SDK's default base64 is remembered for the answer", () => {
    expect(decode({ model: "m", input: "x", encoding_format: "base64" }).value.extensions).toEqual({ openai: { encodingFormat: "base64" } });
  });

  test("bad input is a precise 400", () => {
    expectInvalid({ input: "x" }, "model");
    expectInvalid({ model: "m" }, "input: required");
    expectInvalid({ model: "m", input: [] }, "input: must not be an empty array");
    expectInvalid({ model: "m", input: 5 }, "input: must be a string");
    expectInvalid({ model: "m", input: [[1], "x"] }, "input[1]");
    expectInvalid({ model: "m", input: [{ text: "x" }] }, "input[0]");
    expectInvalid({ model: "m", input: "x", encoding_format: "int8" }, "encoding_format");
    expectInvalid({ model: "m", input: "x", dimensions: 0 }, "dimensions: must be a positive integer");
    expectInvalid({ model: "m", input: "x", dimensions: 1.5 }, "dimensions");
  });
});

describe("openai embeddings encodeResponse", () => {
  const response = { model: "upstream", vectors: [[0.5, -0.25], [1, 0]], usage: { inputTokens: 7 } };

  test("floats, the client's alias and usage", () => {
    expect(openaiEmbeddingsClient.encodeResponse(response, request(), context)).toEqual({
      object: "list",
      data: [
        { object: "embedding", index: 0, embedding: [0.5, -0.25] },
        { object: "embedding", index: 1, embedding: [1, 0] },
      ],
      model: "my-alias",
      usage: { prompt_tokens: 7, total_tokens: 7 },
    });
  });

  test("base64 is little-endian float32 bytes, as the SDK decodes them", () => {
    const body = openaiEmbeddingsClient.encodeResponse(response, request({ extensions: { openai: { encodingFormat: "base64" } } }), context) as { data: Array<{ embedding: string }> };
    expect(body.data[0]!.embedding).toBe("AAAAPwAAgL4=");
    const bytes = Buffer.from(body.data[1]!.embedding, "base64");
    expect(Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4))).toEqual([1, 0]);
  });

  test("base64 round trip keeps float32 precision", () => {
    const vector = [0.0023064255, -0.009327292, 123.456];
    expect(base64Float32(float32Base64(vector))).toEqual(vector.map((value) => Math.fround(value)));
  });
});

describe("openai embeddings upstream", () => {
  test("url from a versioned base_url", () => {
    expect(openaiEmbeddingsUrl("https://api.openai.com/v1")).toBe("https://api.openai.com/v1/embeddings");
    expect(openaiEmbeddingsUrl("https://api.openai.com/v1/")).toBe("https://api.openai.com/v1/embeddings");
    expect(openaiEmbeddingsUrl("http://x/v1/chat/completions")).toBe("http://x/v1/embeddings");
    expect(openaiEmbeddingsUrl("http://x/v1/embeddings")).toBe("http://x/v1/embeddings");
  });

  test("encodeRequest asks for floats, keeps dimensions and user, reports what OpenAI has no field for", () => {
    const encoded = openaiEmbeddingsUpstream.encodeRequest(request({ dimensions: 3, taskType: "RETRIEVAL_QUERY", extensions: { openai: { encodingFormat: "base64", user: "u" }, gemini: { title: "T" } } }));
    expect(encoded.value).toEqual({ model: "text-embedding-3-small", input: ["a", "b"], encoding_format: "float", dimensions: 3, user: "u" });
    expect(encoded.warnings.map((warning) => warning.feature)).toEqual(["taskType", "title"]);
  });

  test("token arrays go upstream as they are", () => {
    expect(openaiEmbeddingsUpstream.unsupported(request({ inputs: [[1, 2]] }))).toBeUndefined();
    expect(openaiEmbeddingsUpstream.encodeRequest(request({ inputs: [[1, 2], [3]] })).value.input).toEqual([[1, 2], [3]]);
  });

  test("decodeResponse reads the documented answer", () => {
    expect(openaiEmbeddingsUpstream.decodeResponse(fixtureJson("embeddings/response.json"), request())).toEqual({
      model: "text-embedding-3-small",
      vectors: [[0.0023064255, -0.009327292, -0.0028842222], [-0.0069305855, 0.0049106246, 0.017286066]],
      usage: { inputTokens: 14 },
    });
  });

  test("decodeResponse orders by index and reads base64 vectors", () => {
    expect(openaiEmbeddingsUpstream.decodeResponse(fixtureJson("embeddings/response-base64-unordered.json"), request()).vectors).toEqual([[0.5, -0.25, 0.125], [1, 0, -1]]);
  });

  test("an answer without usage gets an estimate", () => {
    const body = { data: [{ index: 0, embedding: [1] }, { index: 1, embedding: [2] }] };
    expect(openaiEmbeddingsUpstream.decodeResponse(body, request({ inputs: ["abcdefgh", "abc"] })).usage).toEqual({ inputTokens: 3, estimated: true });
  });

  test("garbage and count mismatches are upstream errors", () => {
    expect(() => openaiEmbeddingsUpstream.decodeResponse({ nope: true }, request())).toThrow("no `data` array");
    expect(() => openaiEmbeddingsUpstream.decodeResponse({ data: [{ embedding: [1] }] }, request())).toThrow("1 embeddings for 2 inputs");
    expect(() => openaiEmbeddingsUpstream.decodeResponse({ data: [{ embedding: "abc" }, { embedding: [1] }] }, request())).toThrow(ProxyError);
    expect(() => openaiEmbeddingsUpstream.decodeResponse({ error: { message: "boom" } }, request())).toThrow("boom");
  });
});
