// In charge of testing the unified embeddings helpers: usage estimates and fitting vectors to the asked dimensions.
import { describe, expect, test } from "bun:test";
import { estimateEmbeddingTokens, fitDimensions } from "../../../src/unified/embeddings.ts";

describe("estimateEmbeddingTokens", () => {
  test("~4 characters per token, at least one per text; token arrays count exactly", () => {
    expect(estimateEmbeddingTokens(["abcdefgh", "", "abcde"])).toBe(2 + 1 + 2);
    expect(estimateEmbeddingTokens([[1, 2, 3], "abcd"])).toBe(4);
  });
});

describe("fitDimensions", () => {
  test("nothing asked or short enough: unchanged", () => {
    const vectors = [[0.6, 0.8]];
    expect(fitDimensions(vectors, undefined)).toBe(vectors);
    expect(fitDimensions(vectors, 2)).toEqual([[0.6, 0.8]]);
    expect(fitDimensions(vectors, 5)).toEqual([[0.6, 0.8]]);
  });

  test("a unit vector is cut and scaled back to unit length", () => {
    const [vector] = fitDimensions([[0.6, 0.0, 0.8]], 2);
    expect(vector).toEqual([1, 0]);
  });

  test("any other vector is only cut, as Gemini's outputDimensionality does", () => {
    expect(fitDimensions([[3, 4, 5]], 2)).toEqual([[3, 4]]);
  });
});
