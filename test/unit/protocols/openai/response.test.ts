// In charge of testing chat.completion decoding (upstream answers) and encoding (client answers).
import { describe, expect, test } from "bun:test";
import { decodeResponse } from "../../../../src/protocols/openai/decode-response.ts";
import { encodeResponse } from "../../../../src/protocols/openai/encode-response.ts";
import { ProxyError } from "../../../../src/unified/errors.ts";
import type { UnifiedResponse } from "../../../../src/unified/response.ts";
import { clientContext, fixtureJson, testContext } from "./helpers.ts";

function decode(path: string): UnifiedResponse {
  return decodeResponse(fixtureJson(path), testContext());
}

describe("openai decodeResponse", () => {
  test("text with cached tokens", () => {
    expect(decode("responses/text.json")).toEqual({
      id: "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT",
      model: "gpt-4o-2024-08-06",
      content: [{ type: "text", text: "Hello! How can I assist you today?" }],
      finishReason: { unified: "stop", raw: "stop" },
      usage: { inputTokens: 1117, outputTokens: 10, cacheReadTokens: 1024, reasoningTokens: 0 },
    });
  });

  test("parallel tool calls with parsed arguments", () => {
    const response = decode("responses/tool-calls.json");
    expect(response.content).toEqual([
      { type: "tool-call", id: "call_paris", name: "get_weather", arguments: { city: "Paris" } },
      { type: "tool-call", id: "call_tokyo", name: "get_weather", arguments: { city: "Tokyo", days: 2 } },
    ]);
    expect(response.finishReason).toEqual({ unified: "tool-calls", raw: "tool_calls" });
  });

  test("DeepSeek reasoning_content → reasoning part without signature; reasoning tokens", () => {
    const response = decode("responses/deepseek-reasoning.json");
    expect(response.content).toEqual([
      { type: "reasoning", text: "Compare 9.11 and 9.8: 0.11 < 0.80, so 9.11 is smaller." },
      { type: "text", text: "9.11 is smaller than 9.8." },
    ]);
    expect(response.usage).toEqual({ inputTokens: 18, outputTokens: 120, cacheReadTokens: 0, reasoningTokens: 104 });
  });

  test("OpenRouter `reasoning` field and a tool call with empty arguments", () => {
    const response = decode("responses/openrouter-reasoning.json");
    expect(response.content).toEqual([
      { type: "reasoning", text: "The user wants the weather; call the tool." },
      { type: "tool-call", id: "call_abc", name: "get_weather", arguments: {} },
    ]);
    expect(response.usage).toEqual({ inputTokens: 200, outputTokens: 30, cacheReadTokens: 150 });
  });

  test("refusal becomes text; content_filter", () => {
    const response = decode("responses/refusal.json");
    expect(response.content).toEqual([{ type: "text", text: "I'm sorry, I can't help with that." }]);
    expect(response.finishReason).toEqual({ unified: "content-filter", raw: "content_filter" });
  });

  test("unknown finish_reason → other with raw kept; tool calls with finish stop → tool-calls", () => {
    const body = (finish: string, message: Record<string, unknown>) => ({ id: "x", model: "m", choices: [{ index: 0, message, finish_reason: finish }] });
    expect(decodeResponse(body("abort", { content: "a" }), testContext()).finishReason).toEqual({ unified: "other", raw: "abort" });
    const withCall = decodeResponse(body("stop", { content: null, tool_calls: [{ type: "function", function: { name: "f", arguments: "{}" } }] }), testContext());
    expect(withCall.finishReason).toEqual({ unified: "tool-calls", raw: "stop" });
    // A call without id gets one from the context.
    expect(withCall.content[0]).toEqual({ type: "tool-call", id: "call_test1", name: "f", arguments: {} });
  });

  test("content as an array of typed parts (Mistral reasoning models) keeps the text parts", () => {
    const body = { id: "x", model: "magistral", choices: [{ index: 0, message: { role: "assistant", content: [{ type: "thinking", thinking: [] }, { type: "text", text: "A" }, { type: "text", text: "B" }] }, finish_reason: "stop" }] };
    expect(decodeResponse(body, testContext()).content).toEqual([{ type: "text", text: "AB" }]);
  });

  test("missing choices and error bodies are upstream errors", () => {
    expect(() => decodeResponse({ id: "x", object: "chat.completion" }, testContext())).toThrow(ProxyError);
    expect(() => decodeResponse("nope", testContext())).toThrow("upstream answer is not a JSON object");
    let caught: unknown;
    try {
      decodeResponse({ error: { message: "Rate limit exceeded", code: 429 } }, testContext());
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ProxyError);
    expect((caught as ProxyError).kind).toBe("rate_limit");
    expect((caught as ProxyError).message).toBe("Rate limit exceeded");
  });
});

describe("openai encodeResponse", () => {
  test("text answer with usage details, model = alias, created in seconds", () => {
    const body = encodeResponse(
      { id: "msg_01", model: "claude-x", content: [{ type: "text", text: "Hi" }], finishReason: { unified: "stop" }, usage: { inputTokens: 30, outputTokens: 5, cacheReadTokens: 20 } },
      clientContext(),
    );
    expect(body).toEqual({
      id: "chatcmpl-test1",
      object: "chat.completion",
      created: 1741569952,
      model: "my-alias",
      choices: [{ index: 0, message: { role: "assistant", content: "Hi", refusal: null }, logprobs: null, finish_reason: "stop" }],
      usage: { prompt_tokens: 30, completion_tokens: 5, total_tokens: 35, prompt_tokens_details: { cached_tokens: 20 }, completion_tokens_details: { reasoning_tokens: 0 } },
    });
  });

  test("tool calls only: content null, finish tool_calls even when unified says stop (end_turn trap)", () => {
    const body = encodeResponse(
      {
        model: "m",
        content: [
          { type: "reasoning", text: "think", signature: "s", signatureProtocol: "claude" },
          { type: "tool-call", id: "toolu_1", name: "Read", arguments: { path: "a" } },
        ],
        finishReason: { unified: "stop", raw: "end_turn" },
        usage: { inputTokens: 1, outputTokens: 2, reasoningTokens: 1 },
      },
      clientContext(),
    );
    expect(body.choices[0]).toEqual({
      index: 0,
      message: {
        role: "assistant",
        content: null,
        refusal: null,
        reasoning_content: "think",
        tool_calls: [{ id: "toolu_1", type: "function", function: { name: "Read", arguments: '{"path":"a"}' } }],
      },
      logprobs: null,
      finish_reason: "tool_calls",
    });
  });

  test("finish reasons: length, content filter, error/other", () => {
    const finish = (unified: UnifiedResponse["finishReason"]["unified"]) =>
      encodeResponse({ model: "m", content: [{ type: "text", text: "x" }], finishReason: { unified }, usage: { inputTokens: 0, outputTokens: 0 } }, clientContext()).choices[0]!.finish_reason;
    expect(finish("length")).toBe("length");
    expect(finish("content-filter")).toBe("content_filter");
    expect(finish("tool-calls")).toBe("stop");
    expect(finish("other")).toBe("stop");
    expect(finish("error")).toBe("stop");
  });

  test("an upstream chatcmpl- id is reused; an empty answer has content \"\"", () => {
    const body = encodeResponse({ id: "chatcmpl-up", model: "m", content: [], finishReason: { unified: "stop" }, usage: { inputTokens: 0, outputTokens: 0 } }, clientContext());
    expect(body.id).toBe("chatcmpl-up");
    expect(body.choices[0]!.message.content).toBe("");
  });

  test("decode → encode of a fixture keeps content, calls and usage", () => {
    const decoded = decode("responses/tool-calls.json");
    const original = fixtureJson("responses/tool-calls.json") as { choices: Array<{ message: { tool_calls: unknown } }> };
    const body = encodeResponse(decoded, clientContext());
    expect(body.choices[0]!.message.tool_calls as unknown).toEqual(original.choices[0]!.message.tool_calls);
    expect(body.usage).toEqual({ prompt_tokens: 82, completion_tokens: 50, total_tokens: 132, prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0 } });
  });
});
