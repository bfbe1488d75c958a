// In charge of testing Claude non-streaming answers both ways: blocks, stop reasons and cache-aware usage.
import { describe, expect, test } from "bun:test";
import { claudeCodec } from "../../../../src/protocols/claude/index.ts";
import { fromClaudeStopReason, toClaudeStopReason } from "../../../../src/protocols/claude/map-finish-reason.ts";
import { ProxyError } from "../../../../src/unified/errors.ts";
import type { UnifiedResponse } from "../../../../src/unified/response.ts";
import { fixture, testContext } from "./helpers.ts";

const decodeResponse = (body: unknown) => claudeCodec.decodeResponse(body, testContext());
const encodeResponse = (response: UnifiedResponse, model = "my-alias") => claudeCodec.encodeResponse(response, testContext(model));

describe("claude decodeResponse", () => {
  test("text answer", () => {
    expect(decodeResponse(fixture("responses/text.json"))).toEqual({
      id: "msg_01XFDUDYJgAACzvnptvVoYEL",
      model: "claude-sonnet-4-5-20250929",
      content: [{ type: "text", text: "2, 3 and 5." }],
      finishReason: { unified: "stop", raw: "end_turn" },
      usage: { inputTokens: 21, outputTokens: 9, cacheReadTokens: 0, cacheWriteTokens: 0 },
    });
  });

  test("thinking, redacted thinking, tool calls; input includes cache reads and writes", () => {
    const response = decodeResponse(fixture("responses/thinking-tool-use.json"));
    expect(response.content).toEqual([
      { type: "reasoning", text: "The user wants the weather in two cities.", signature: "EqQBCkYIARgCIkBp3Lk+/0Yy==", signatureProtocol: "claude" },
      { type: "reasoning", text: "", redactedData: "EmwKAhgBEgyRedacted==", signatureProtocol: "claude" },
      { type: "text", text: "I'll check both cities." },
      { type: "tool-call", id: "toolu_01A09q90qw90lq917835lq9", name: "get_weather", arguments: { city: "Paris" } },
      { type: "tool-call", id: "toolu_01B", name: "get_weather", arguments: { city: "Rome", days: 2 } },
    ]);
    expect(response.finishReason).toEqual({ unified: "tool-calls", raw: "tool_use" });
    expect(response.usage).toEqual({ inputTokens: 1250, outputTokens: 120, cacheReadTokens: 1000, cacheWriteTokens: 200, reasoningTokens: 40 });
  });

  test("server tool blocks are skipped, the text is kept", () => {
    const response = decodeResponse(fixture("responses/server-tools.json"));
    expect(response.content).toEqual([{ type: "text", text: "Claude Shannon was born on April 30, 1916." }]);
    expect(response.finishReason).toEqual({ unified: "other", raw: "pause_turn" });
  });

  test("garbage and error bodies throw upstream errors", () => {
    expect(() => decodeResponse("nope")).toThrow(ProxyError);
    expect(() => decodeResponse({ id: "x" })).toThrow("not a Claude message");
    expect(() => decodeResponse(fixture("errors/overloaded.json"))).toThrow("Overloaded");
  });
});

describe("claude stop reasons", () => {
  test.each([
    ["end_turn", "stop"],
    ["stop_sequence", "stop"],
    ["max_tokens", "length"],
    ["model_context_window_exceeded", "length"],
    ["tool_use", "tool-calls"],
    ["refusal", "content-filter"],
    ["pause_turn", "other"],
    ["compaction", "other"],
  ])("%s → %s", (raw, unified) => {
    expect(fromClaudeStopReason(raw)).toEqual({ unified: unified as "stop", raw });
  });

  test("unified → Claude keeps agreeing raw values and forces tool_use when a call exists", () => {
    expect(toClaudeStopReason({ unified: "stop", raw: "stop_sequence" }, false)).toBe("stop_sequence");
    expect(toClaudeStopReason({ unified: "stop", raw: "STOP" }, false)).toBe("end_turn");
    expect(toClaudeStopReason({ unified: "stop" }, true)).toBe("tool_use");
    expect(toClaudeStopReason({ unified: "length", raw: "length" }, false)).toBe("max_tokens");
    expect(toClaudeStopReason({ unified: "content-filter", raw: "SAFETY" }, false)).toBe("refusal");
    expect(toClaudeStopReason({ unified: "tool-calls" }, false)).toBe("end_turn");
    expect(toClaudeStopReason({ unified: "other", raw: "pause_turn" }, false)).toBe("pause_turn");
    expect(toClaudeStopReason({ unified: "error" }, false)).toBe("end_turn");
  });
});

describe("claude encodeResponse", () => {
  test("Claude message shape with the alias as model and input excluding cache", () => {
    const body = encodeResponse({
      id: "chatcmpl-123",
      model: "gpt-4o",
      content: [
        { type: "reasoning", text: "thinking from openai" },
        { type: "text", text: "" },
        { type: "text", text: "Calling." },
        { type: "tool-call", id: "call_1", name: "get_weather", arguments: { city: "Paris" } },
      ],
      // The trap: an upstream that says "stop" while calling a tool.
      finishReason: { unified: "stop", raw: "stop" },
      usage: { inputTokens: 1250, outputTokens: 120, cacheReadTokens: 1000, cacheWriteTokens: 200 },
    });
    expect(body).toEqual({
      id: "msg_t1",
      type: "message",
      role: "assistant",
      model: "my-alias",
      content: [
        { type: "thinking", thinking: "thinking from openai", signature: "" },
        { type: "text", text: "Calling." },
        { type: "tool_use", id: "call_1", name: "get_weather", input: { city: "Paris" } },
      ],
      stop_reason: "tool_use",
      stop_sequence: null,
      usage: { input_tokens: 50, output_tokens: 120, cache_creation_input_tokens: 200, cache_read_input_tokens: 1000 },
    });
  });

  test("Claude→Claude answer keeps ids, signatures and redacted data byte-exact", () => {
    const original = fixture("responses/thinking-tool-use.json");
    const body = encodeResponse(decodeResponse(original), "claude-opus-4-5");
    expect(body.id).toBe(original.id as string);
    expect(body.content).toEqual(original.content);
    expect(body.stop_reason).toBe("tool_use");
    expect(body.usage).toEqual({ input_tokens: 50, output_tokens: 120, cache_creation_input_tokens: 200, cache_read_input_tokens: 1000 });
  });

  test("an empty answer is content: [] and a tool call without id gets a toolu_ id", () => {
    expect(encodeResponse({ model: "m", content: [], finishReason: { unified: "length" }, usage: { inputTokens: 1, outputTokens: 0 } })).toMatchObject({ content: [], stop_reason: "max_tokens" });
    const body = encodeResponse({ model: "m", content: [{ type: "tool-call", id: "", name: "t", arguments: {} }], finishReason: { unified: "tool-calls" }, usage: { inputTokens: 1, outputTokens: 1 } });
    expect(body.id).toBe("msg_t1");
    expect(body.content).toEqual([{ type: "tool_use", id: "toolu_t2", name: "t", input: {} }]);
  });
});

describe("claude usageOf", () => {
  test("JSON body, message_start and message_delta", () => {
    expect(claudeCodec.usageOf(fixture("responses/text.json"))).toEqual({ inputTokens: 21, outputTokens: 9, cacheReadTokens: 0, cacheWriteTokens: 0 });
    expect(claudeCodec.usageOf({ type: "message_start", message: { usage: { input_tokens: 5, cache_read_input_tokens: 10, output_tokens: 1 } } })).toEqual({ inputTokens: 15, outputTokens: 1, cacheReadTokens: 10 });
    expect(claudeCodec.usageOf({ type: "message_delta", usage: { output_tokens: 42 } })).toEqual({ outputTokens: 42 });
    expect(claudeCodec.usageOf({ type: "message_delta", usage: { output_tokens: 42, input_tokens: 5, cache_read_input_tokens: 10, cache_creation_input_tokens: 0 } })).toEqual({ outputTokens: 42, inputTokens: 15, cacheReadTokens: 10, cacheWriteTokens: 0 });
    expect(claudeCodec.usageOf({ type: "content_block_delta" })).toBeNull();
    expect(claudeCodec.usageOf("x")).toBeNull();
  });
});
