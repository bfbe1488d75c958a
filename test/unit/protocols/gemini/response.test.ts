// In charge of testing Gemini answers: decodeResponse from fixtures, encodeResponse for clients, usage and finish reasons.
import { describe, expect, test } from "bun:test";
import { geminiCodec } from "../../../../src/protocols/gemini/index.ts";
import { ProxyError } from "../../../../src/unified/errors.ts";
import type { UnifiedResponse } from "../../../../src/unified/response.ts";
import { fixture, testContext } from "./helpers.ts";

describe("gemini decodeResponse", () => {
  test("text with cached and thought tokens", () => {
    const response = geminiCodec.decodeResponse(fixture("responses/text.json"), testContext());
    expect(response).toEqual({
      id: "mJ3aZ8qLEo2N7M8Pq9ux4Ak",
      model: "gemini-2.5-flash",
      content: [{ type: "text", text: "AI learns patterns from data to make predictions." }],
      finishReason: { unified: "stop", raw: "STOP" },
      usage: { inputTokens: 120, outputTokens: 52, reasoningTokens: 42, cacheReadTokens: 100 },
    });
  });

  test("thoughts and parallel calls: ids created, the signature stays on its call, STOP becomes tool-calls", () => {
    const response = geminiCodec.decodeResponse(fixture("responses/thinking-tool-call.json"), testContext());
    expect(response.content).toEqual([
      { type: "reasoning", text: "**Checking the weather**\nThe user wants two cities." },
      { type: "tool-call", id: "call_t1", name: "get_weather", arguments: { city: "Paris" }, signature: "EuYBCuMBAdHtim9sigPARIS", signatureProtocol: "gemini" },
      { type: "tool-call", id: "call_t2", name: "get_weather", arguments: { city: "London" } },
    ]);
    expect(response.finishReason).toEqual({ unified: "tool-calls", raw: "STOP" });
    expect(response.usage).toEqual({ inputTokens: 85, outputTokens: 80, reasoningTokens: 50 });
  });

  test("a signature on the text part (Gemini 3) is kept", () => {
    const response = geminiCodec.decodeResponse(fixture("responses/text-signature.json"), testContext());
    expect(response.content).toEqual([
      { type: "reasoning", text: "", signature: "Cs4BAdHtim9TEXTSIG", signatureProtocol: "gemini" },
      { type: "text", text: "Paris is the capital of France." },
    ]);
  });

  test("a blocked prompt is a content filter with no content", () => {
    const response = geminiCodec.decodeResponse(fixture("responses/blocked-prompt.json"), testContext());
    expect(response.content).toEqual([]);
    expect(response.finishReason).toEqual({ unified: "content-filter", raw: "SAFETY" });
    expect(response.usage).toEqual({ inputTokens: 14, outputTokens: 0 });
  });

  test("finish reasons map, unknown ones are other with the raw value", () => {
    expect(geminiCodec.decodeResponse(fixture("responses/max-tokens.json"), testContext()).finishReason).toEqual({ unified: "length", raw: "MAX_TOKENS" });
    const reason = (raw: string) => geminiCodec.decodeResponse({ candidates: [{ content: { parts: [{ text: "x" }] }, finishReason: raw }] }, testContext()).finishReason;
    expect(reason("RECITATION")).toEqual({ unified: "content-filter", raw: "RECITATION" });
    expect(reason("MALFORMED_FUNCTION_CALL")).toEqual({ unified: "error", raw: "MALFORMED_FUNCTION_CALL" });
    expect(reason("SOMETHING_NEW")).toEqual({ unified: "other", raw: "SOMETHING_NEW" });
  });

  test("garbage is an upstream error", () => {
    expect(() => geminiCodec.decodeResponse("nope", testContext())).toThrow(ProxyError);
    expect(() => geminiCodec.decodeResponse({ hello: 1 }, testContext())).toThrow(/without candidates/);
    expect(() => geminiCodec.decodeResponse({ candidates: [{ content: { parts: [{ functionCall: { args: {} } }] } }] }, testContext())).toThrow(/invalid part/);
  });
});

describe("gemini encodeResponse", () => {
  const answer: UnifiedResponse = {
    id: "msg_abc",
    model: "claude-sonnet-4",
    content: [
      { type: "reasoning", text: "Think.", signature: "claude-sig", signatureProtocol: "claude" },
      { type: "text", text: "Calling." },
      { type: "tool-call", id: "toolu_1", name: "get_weather", arguments: { city: "Paris" } },
    ],
    finishReason: { unified: "tool-calls", raw: "tool_use" },
    usage: { inputTokens: 100, outputTokens: 40, reasoningTokens: 10, cacheReadTokens: 60 },
  };

  test("parts with call ids, STOP for calls, usage split into candidates and thoughts, the alias as model", () => {
    expect(geminiCodec.encodeResponse(answer, testContext("gemini-alias"))).toEqual({
      candidates: [
        {
          content: { role: "model", parts: [{ text: "Think.", thought: true }, { text: "Calling." }, { functionCall: { id: "toolu_1", name: "get_weather", args: { city: "Paris" } } }] },
          finishReason: "STOP",
          index: 0,
        },
      ],
      usageMetadata: { promptTokenCount: 100, candidatesTokenCount: 30, totalTokenCount: 140, thoughtsTokenCount: 10, cachedContentTokenCount: 60 },
      modelVersion: "gemini-alias",
      responseId: "msg_abc",
    });
  });

  test("a Gemini answer round-trips: signatures in place, raw finish reasons kept", () => {
    const context = testContext("alias");
    const original = fixture("responses/text-signature.json");
    const encoded = geminiCodec.encodeResponse(geminiCodec.decodeResponse(original, context), context) as { candidates: unknown[] };
    expect(encoded.candidates).toEqual([{ content: { role: "model", parts: [{ text: "Paris is the capital of France.", thoughtSignature: "Cs4BAdHtim9TEXTSIG" }] }, finishReason: "STOP", index: 0 }]);
    const recitation = geminiCodec.decodeResponse({ candidates: [{ content: { parts: [{ text: "x" }] }, finishReason: "RECITATION" }] }, context);
    expect((geminiCodec.encodeResponse(recitation, context) as { candidates: Array<{ finishReason: string }> }).candidates[0]?.finishReason).toBe("RECITATION");
  });

  test("finish reasons from other protocols; a fresh response id when none", () => {
    const reason = (unified: UnifiedResponse["finishReason"]["unified"]) =>
      (geminiCodec.encodeResponse({ model: "m", content: [{ type: "text", text: "x" }], finishReason: { unified }, usage: { inputTokens: 1, outputTokens: 1 } }, testContext()) as { candidates: Array<{ finishReason: string }>; responseId: string });
    expect(reason("length").candidates[0]?.finishReason).toBe("MAX_TOKENS");
    expect(reason("content-filter").candidates[0]?.finishReason).toBe("SAFETY");
    expect(reason("error").candidates[0]?.finishReason).toBe("OTHER");
    expect(reason("stop").responseId).toBe("t1");
  });
});

describe("gemini usageOf", () => {
  test("from a body, a chunk, a streamed array; null when absent", () => {
    expect(geminiCodec.usageOf(fixture("responses/text.json"))).toEqual({ inputTokens: 120, outputTokens: 52, reasoningTokens: 42, cacheReadTokens: 100 });
    expect(geminiCodec.usageOf([{ usageMetadata: { promptTokenCount: 1, totalTokenCount: 1 } }, { usageMetadata: { promptTokenCount: 5, candidatesTokenCount: 3 } }, { candidates: [] }])).toEqual({ inputTokens: 5, outputTokens: 3 });
    expect(geminiCodec.usageOf({ usage_metadata: { prompt_token_count: 2, candidates_token_count: 1 } })).toEqual({ inputTokens: 2, outputTokens: 1 });
    expect(geminiCodec.usageOf({ candidates: [] })).toBeNull();
    expect(geminiCodec.usageOf("text")).toBeNull();
  });
});
