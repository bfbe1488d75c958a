// In charge of testing UnifiedRequest → Chat Completions body encoding and the same-protocol round trip.
import { describe, expect, test } from "bun:test";
import { decodeRequest } from "../../../../src/protocols/openai/decode-request.ts";
import { encodeRequest } from "../../../../src/protocols/openai/encode-request.ts";
import { emptyRequest, type UnifiedRequest } from "../../../../src/unified/request.ts";
import { fixtureJson, testContext } from "./helpers.ts";

function encode(request: UnifiedRequest) {
  return encodeRequest(request, testContext());
}

function roundTrip(path: string) {
  const decoded = decodeRequest({ body: fixtureJson(path) }).value;
  return encode(decoded).value;
}

describe("openai encodeRequest", () => {
  test("system parts become one leading system message; in-place system stays in place", () => {
    const request: UnifiedRequest = {
      ...emptyRequest("qwen3"),
      system: [
        { type: "text", text: "x-anthropic-billing-header: cc_version=2.1", cacheControl: { type: "ephemeral" } },
        { type: "text", text: "You are Claude Code." },
      ],
      messages: [
        { role: "user", content: [{ type: "text", text: "<system-reminder>ctx</system-reminder>" }, { type: "text", text: "hi" }] },
        { role: "system", content: [{ type: "text", text: "Mid-conversation note." }] },
        { role: "user", content: [{ type: "text", text: "go" }] },
      ],
    };
    expect(encode(request).value.messages).toEqual([
      { role: "system", content: "x-anthropic-billing-header: cc_version=2.1\n\nYou are Claude Code." },
      { role: "user", content: "<system-reminder>ctx</system-reminder>\nhi" },
      { role: "system", content: "Mid-conversation note." },
      { role: "user", content: "go" },
    ]);
  });

  test("tool results become one tool message each, before the user's own parts; images move to a user message", () => {
    const request: UnifiedRequest = {
      ...emptyRequest("m"),
      messages: [
        {
          role: "assistant",
          content: [
            { type: "reasoning", text: "think", signature: "sig", signatureProtocol: "claude" },
            { type: "text", text: "Checking." },
            { type: "tool-call", id: "toolu_1", name: "Read", arguments: { file_path: "/a" } },
            { type: "tool-call", id: "toolu_2", name: "Screenshot", arguments: {} },
          ],
        },
        {
          role: "user",
          content: [
            { type: "tool-result", callId: "toolu_1", name: "Read", content: [{ type: "text", text: "     1\tline" }] },
            { type: "tool-result", callId: "toolu_2", name: "Screenshot", content: [{ type: "text", text: "see image" }, { type: "image", source: { kind: "base64", mediaType: "image/png", data: "AAAA" } }] },
            { type: "text", text: "continue" },
          ],
        },
      ],
    };
    const { value, warnings } = encode(request);
    expect(value.messages).toEqual([
      {
        role: "assistant",
        content: "Checking.",
        reasoning_content: "think",
        tool_calls: [
          { id: "toolu_1", type: "function", function: { name: "Read", arguments: '{"file_path":"/a"}' } },
          { id: "toolu_2", type: "function", function: { name: "Screenshot", arguments: "{}" } },
        ],
      },
      { role: "tool", tool_call_id: "toolu_1", content: "     1\tline" },
      { role: "tool", tool_call_id: "toolu_2", content: "see image" },
      { role: "user", content: [{ type: "image_url", image_url: { url: "data:image/png;base64,AAAA" } }, { type: "text", text: "continue" }] },
    ]);
    expect(warnings.map((w) => w.feature).sort()).toEqual(["thinking.signature", "tool_result.image"]);
  });

  test("assistant with only tool calls has content null; DeepSeek reasoning goes back as reasoning_content", () => {
    const request: UnifiedRequest = {
      ...emptyRequest("deepseek-chat"),
      messages: [{ role: "assistant", content: [{ type: "reasoning", text: "plan" }, { type: "tool-call", id: "c1", name: "f", arguments: { a: 1 } }] }],
    };
    expect(encode(request).value.messages).toEqual([
      { role: "assistant", content: null, reasoning_content: "plan", tool_calls: [{ id: "c1", type: "function", function: { name: "f", arguments: '{"a":1}' } }] },
    ]);
  });

  test("parameters, tools, tool_choice, response format and streaming options", () => {
    const request: UnifiedRequest = {
      ...emptyRequest("qwen/qwen3-coder"),
      messages: [{ role: "user", content: [{ type: "text", text: "hi" }] }],
      tools: [{ name: "f", description: "d", parameters: { type: "object", properties: {} }, strict: false }],
      toolChoice: { type: "tool", name: "f" },
      parallelToolCalls: false,
      stream: true,
      maxTokens: 100,
      temperature: 0.3,
      topP: 0.8,
      topK: 40,
      stop: ["END"],
      seed: 7,
      presencePenalty: 0.1,
      frequencyPenalty: 0.2,
      responseFormat: { type: "json-schema", schema: { type: "object" } },
      thinking: { enabled: true, budgetTokens: 10000 },
      user: "u1",
    };
    expect(encode(request).value).toEqual({
      model: "qwen/qwen3-coder",
      messages: [{ role: "user", content: "hi" }],
      tools: [{ type: "function", function: { name: "f", description: "d", parameters: { type: "object", properties: {} }, strict: false } }],
      tool_choice: { type: "function", function: { name: "f" } },
      parallel_tool_calls: false,
      max_tokens: 100,
      temperature: 0.3,
      top_p: 0.8,
      top_k: 40,
      stop: ["END"],
      seed: 7,
      presence_penalty: 0.1,
      frequency_penalty: 0.2,
      response_format: { type: "json_schema", json_schema: { name: "response", schema: { type: "object" } } },
      reasoning_effort: "medium",
      stream: true,
      stream_options: { include_usage: true },
      user: "u1",
    });
  });

  test("reasoning effort from budgets; disabled thinking omits it with a warning", () => {
    const effort = (thinking: UnifiedRequest["thinking"]) => encode({ ...emptyRequest("m"), thinking }).value.reasoning_effort;
    expect(effort({ enabled: true, budgetTokens: 1024 })).toBe("low");
    expect(effort({ enabled: true, budgetTokens: 16384 })).toBe("high");
    expect(effort({ enabled: true, effort: "minimal", budgetTokens: 30000 })).toBe("minimal");
    expect(effort({ enabled: true })).toBeUndefined();
    const disabled = encode({ ...emptyRequest("m"), thinking: { enabled: false } });
    expect(disabled.value.reasoning_effort).toBeUndefined();
    expect(disabled.warnings[0]?.feature).toBe("thinking.disabled");
  });

  test("tool_choice and parallel_tool_calls are not sent without tools (OpenAI rejects them)", () => {
    const value = encode({ ...emptyRequest("m"), toolChoice: { type: "auto" }, parallelToolCalls: true }).value;
    expect(value.tool_choice).toBeUndefined();
    expect(value.parallel_tool_calls).toBeUndefined();
    expect(value.tools).toBeUndefined();
  });

  test("OpenAI reasoning models get max_completion_tokens, everything else max_tokens", () => {
    expect(encode({ ...emptyRequest("o3-mini"), maxTokens: 10 }).value).toMatchObject({ max_completion_tokens: 10 });
    expect(encode({ ...emptyRequest("gpt-5.1"), maxTokens: 10 }).value.max_tokens).toBeUndefined();
    expect(encode({ ...emptyRequest("deepseek-chat"), maxTokens: 10 }).value).toMatchObject({ max_tokens: 10 });
  });

  test("a non-streaming request sends neither stream nor stream_options", () => {
    const value = encode(emptyRequest("m")).value;
    expect(value.stream).toBeUndefined();
    expect(value.stream_options).toBeUndefined();
  });
});

describe("openai round trip (decode → encode)", () => {
  test("basic", () => {
    expect(roundTrip("requests/basic.json")).toEqual({
      model: "gpt-4o",
      messages: [
        { role: "system", content: "You are a helpful assistant." },
        { role: "user", content: "Hello!" },
      ],
      max_tokens: 256,
      temperature: 0.7,
      top_p: 0.9,
      stop: ["\n\nUser:"],
    });
  });

  test("tools-history keeps tools, calls, results, choice and streaming", () => {
    const body = fixtureJson("requests/tools-history.json") as { messages: Array<Record<string, unknown>>; tools: unknown[] };
    const encoded = roundTrip("requests/tools-history.json");
    expect(encoded.messages).toEqual([
      { role: "system", content: "You are a weather bot.\n\nAnswer briefly." },
      { role: "user", content: "Weather in Paris and Tokyo?" },
      {
        role: "assistant",
        content: null,
        tool_calls: [
          { id: "call_paris", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } },
          { id: "call_tokyo", type: "function", function: { name: "get_weather", arguments: '{"city":"Tokyo","days":2}' } },
        ],
      },
      { role: "tool", tool_call_id: "call_paris", content: "18°C, cloudy" },
      { role: "tool", tool_call_id: "call_tokyo", content: "25°C, sunny" },
      { role: "assistant", content: "Paris: 18°C cloudy. Tokyo: 25°C sunny." },
      { role: "user", content: "Thanks!" },
    ]);
    // The custom tool is dropped (with a warning at decode time); function tools survive byte for byte,
    // except that a missing `parameters` becomes an explicit empty schema.
    expect(encoded.tools).toEqual([body.tools[0], { type: "function", function: { name: "get_time", parameters: { type: "object", properties: {} } } }]);
    expect(encoded).toMatchObject({ tool_choice: "auto", parallel_tool_calls: true, stream: true, stream_options: { include_usage: true } });
    // max_completion_tokens comes back as max_tokens for gpt-4.1 (widest compatibility).
    expect(encoded.max_tokens).toBe(1024);
  });

  test("json-schema keeps the response format and the OpenAI extensions", () => {
    const original = fixtureJson("requests/json-schema.json") as Record<string, unknown>;
    const encoded = roundTrip("requests/json-schema.json");
    expect(encoded).toMatchObject({
      response_format: original.response_format as Record<string, unknown>,
      reasoning_effort: "minimal",
      seed: 42,
      presence_penalty: 0.5,
      frequency_penalty: 0.25,
      n: 1,
      logprobs: true,
      top_logprobs: 2,
      service_tier: "flex",
      metadata: { project: "ccproxy" },
      store: true,
      user: "user-1234",
    });
  });

  test("deepseek history keeps reasoning_content on assistant turns", () => {
    const encoded = roundTrip("requests/deepseek-reasoning.json");
    expect(encoded.messages).toEqual([
      { role: "user", content: "What is the date tomorrow?" },
      { role: "assistant", content: null, reasoning_content: "I need today's date first, so I will call get_date.", tool_calls: [{ id: "call_00_abc", type: "function", function: { name: "get_date", arguments: "{}" } }] },
      { role: "tool", tool_call_id: "call_00_abc", content: "2025-12-01" },
      { role: "assistant", content: "Tomorrow is 2025-12-02.", reasoning_content: "Today is 2025-12-01, add one day." },
      { role: "user", content: "And the day after?" },
    ]);
    expect(encoded.reasoning_effort).toBe("high");
  });

  test("images keep data URLs, http URLs and detail", () => {
    const encoded = roundTrip("requests/images.json");
    const original = (fixtureJson("requests/images.json") as { messages: Array<{ content: unknown[] }> }).messages[0]!.content;
    expect(encoded.messages).toEqual([{ role: "user", content: original.slice(0, 3) }]);
  });

  test("in-place system and top_k", () => {
    const encoded = roundTrip("requests/in-place-system.json");
    expect(encoded.messages).toEqual((fixtureJson("requests/in-place-system.json") as { messages: unknown[] }).messages);
    expect(encoded.top_k).toBe(20);
  });
});
