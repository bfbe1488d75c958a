// In charge of testing Ollama non-streamed answers both ways.
import { describe, expect, test } from "bun:test";
import { ollamaCodec } from "../../../../src/protocols/ollama/index.ts";
import { ProxyError } from "../../../../src/unified/errors.ts";
import type { UnifiedResponse } from "../../../../src/unified/response.ts";
import { fixture, NOW_ISO, testContext } from "./helpers.ts";

const decode = (body: unknown) => ollamaCodec.decodeResponse(body, testContext());

describe("ollama decodeResponse", () => {
  test("text answer with counts", () => {
    expect(decode(fixture("responses/text.json"))).toEqual({
      model: "llama3.2",
      content: [{ type: "text", text: "Hello! How are you today?" }],
      finishReason: { unified: "stop" },
      usage: { inputTokens: 26, outputTokens: 298 },
    });
  });

  test("tool calls get created ids and finish becomes tool-calls", () => {
    const response = decode(fixture("responses/tool-calls.json"));
    expect(response.content).toEqual([
      { type: "tool-call", id: "call_t1", name: "get_weather", arguments: { city: "Tokyo" } },
      { type: "tool-call", id: "call_t2", name: "get_weather", arguments: { city: "Kyoto", days: 3 } },
    ]);
    expect(response.finishReason).toEqual({ unified: "tool-calls", raw: "stop" });
    expect(response.usage).toEqual({ inputTokens: 169, outputTokens: 18 });
  });

  test("upstream tool-call ids are kept", () => {
    const response = decode(fixture("responses/tool-calls-with-ids.json"));
    expect(response.content).toEqual([{ type: "tool-call", id: "call_k2v9x0qa", name: "get_weather", arguments: { city: "Tokyo" } }]);
  });

  test("thinking becomes a reasoning part before the text", () => {
    expect(decode(fixture("responses/thinking.json")).content).toEqual([
      { type: "reasoning", text: "Let me count the letters: s-t-r-a-w-b-e-r-r-y." },
      { type: "text", text: "There are 3 r's in strawberry." },
    ]);
  });

  test("done_reason length and unknown values", () => {
    expect(decode(fixture("responses/length.json")).finishReason).toEqual({ unified: "length", raw: "length" });
    expect(decode({ model: "m", message: { role: "assistant", content: "" }, done: true, done_reason: "load" }).finishReason).toEqual({ unified: "other", raw: "load" });
  });

  test("garbage and error bodies are upstream errors", () => {
    for (const body of ["text", null, { model: "m" }, { error: "model runner crashed" }]) {
      let caught: unknown;
      try {
        decode(body);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ProxyError);
      expect((caught as ProxyError).kind).toBe("upstream");
    }
  });
});

describe("ollama encodeResponse", () => {
  const base: UnifiedResponse = {
    model: "upstream-model",
    content: [{ type: "text", text: "Hi there." }],
    finishReason: { unified: "stop", raw: "end_turn" },
    usage: { inputTokens: 12, outputTokens: 3, cacheReadTokens: 8 },
  };

  test("text answer: the client's model, ISO time, counts and integer durations", () => {
    expect(ollamaCodec.encodeResponse(base, testContext("my-alias"))).toEqual({
      model: "my-alias",
      created_at: NOW_ISO,
      message: { role: "assistant", content: "Hi there." },
      done: true,
      done_reason: "stop",
      total_duration: 0,
      load_duration: 0,
      prompt_eval_count: 12,
      prompt_eval_duration: 0,
      eval_count: 3,
      eval_duration: 0,
    });
  });

  test("tool calls as objects, thinking kept, finish 'stop' even when unified said end_turn-like stop", () => {
    const body = ollamaCodec.encodeResponse(
      {
        ...base,
        content: [
          { type: "reasoning", text: "think", signature: "s", signatureProtocol: "claude" },
          { type: "text", text: "Calling." },
          { type: "tool-call", id: "toolu_01", name: "Read", arguments: { file_path: "/a" } },
          { type: "tool-call", id: "toolu_02", name: "Bash", arguments: { command: "ls" } },
        ],
        finishReason: { unified: "tool-calls", raw: "tool_use" },
      },
      testContext(),
    );
    expect(body.message).toEqual({
      role: "assistant",
      content: "Calling.",
      thinking: "think",
      tool_calls: [
        { id: "toolu_01", function: { index: 0, name: "Read", arguments: { file_path: "/a" } } },
        { id: "toolu_02", function: { index: 1, name: "Bash", arguments: { command: "ls" } } },
      ],
    });
    expect(body.done_reason).toBe("stop");
  });

  test("length maps to length; content filter and foreign raw values to stop", () => {
    expect(ollamaCodec.encodeResponse({ ...base, finishReason: { unified: "length", raw: "max_tokens" } }, testContext()).done_reason).toBe("length");
    expect(ollamaCodec.encodeResponse({ ...base, finishReason: { unified: "content-filter", raw: "SAFETY" } }, testContext()).done_reason).toBe("stop");
    expect(ollamaCodec.encodeResponse({ ...base, finishReason: { unified: "other", raw: "pause_turn" } }, testContext()).done_reason).toBe("stop");
    expect(ollamaCodec.encodeResponse({ ...base, finishReason: { unified: "other", raw: "unload" } }, testContext()).done_reason).toBe("unload");
  });

  test("decode → encode of a fixture keeps message, reason and counts", () => {
    for (const name of ["text", "thinking", "tool-calls-with-ids", "length"]) {
      const wire = fixture(`responses/${name}.json`);
      const body = ollamaCodec.encodeResponse(decode(wire), testContext(String(wire.model)));
      expect(body.message).toEqual(wire.message);
      expect(body.done_reason).toBe(typeof wire.done_reason === "string" ? wire.done_reason : "stop");
      expect([body.prompt_eval_count, body.eval_count]).toEqual([wire.prompt_eval_count, wire.eval_count]);
    }
  });
});
