// In charge of testing Chat Completions request decoding against golden fixtures and invalid bodies.
import { describe, expect, test } from "bun:test";
import { decodeRequest } from "../../../../src/protocols/openai/decode-request.ts";
import { ProxyError } from "../../../../src/unified/errors.ts";
import { fixtureJson } from "./helpers.ts";

function decode(body: unknown) {
  return decodeRequest({ body });
}

describe("openai decodeRequest: fixtures", () => {
  test("basic: system prompt, sampling, stop string, max_tokens", () => {
    const { value, warnings } = decode(fixtureJson("requests/basic.json"));
    expect(warnings).toEqual([]);
    expect(value).toEqual({
      model: "gpt-4o",
      system: [{ type: "text", text: "You are a helpful assistant." }],
      messages: [{ role: "user", content: [{ type: "text", text: "Hello!" }] }],
      tools: [],
      stream: false,
      maxTokens: 256,
      temperature: 0.7,
      topP: 0.9,
      stop: ["\n\nUser:"],
      extensions: {},
    });
  });

  test("tools-history: developer parts, parallel calls, tool messages joined and linked by id", () => {
    const { value, warnings } = decode(fixtureJson("requests/tools-history.json"));
    expect(value.system).toEqual([
      { type: "text", text: "You are a weather bot." },
      { type: "text", text: "Answer briefly." },
    ]);
    expect(value.messages).toEqual([
      { role: "user", content: [{ type: "text", text: "Weather in Paris and Tokyo?" }] },
      {
        role: "assistant",
        content: [
          { type: "tool-call", id: "call_paris", name: "get_weather", arguments: { city: "Paris" } },
          { type: "tool-call", id: "call_tokyo", name: "get_weather", arguments: { city: "Tokyo", days: 2 } },
        ],
      },
      {
        role: "user",
        content: [
          { type: "tool-result", callId: "call_paris", name: "get_weather", content: [{ type: "text", text: "18°C, cloudy" }] },
          { type: "tool-result", callId: "call_tokyo", name: "get_weather", content: [{ type: "text", text: "25°C, sunny" }] },
        ],
      },
      { role: "assistant", content: [{ type: "text", text: "Paris: 18°C cloudy. Tokyo: 25°C sunny." }] },
      { role: "user", content: [{ type: "text", text: "Thanks!" }] },
    ]);
    expect(value.tools).toEqual([
      {
        name: "get_weather",
        description: "Get the weather in a given city",
        parameters: { type: "object", properties: { city: { type: "string" }, days: { type: "integer" } }, required: ["city"], additionalProperties: false },
        strict: true,
      },
      { name: "get_time", parameters: { type: "object", properties: {} } },
    ]);
    expect(warnings.map((w) => w.feature)).toEqual(["tool:custom"]);
    expect(value.toolChoice).toEqual({ type: "auto" });
    expect(value.parallelToolCalls).toBe(true);
    expect(value.maxTokens).toBe(1024);
    expect(value.stream).toBe(true);
    expect(value.extensions).toEqual({ openai: { includeUsage: true } });
  });

  test("deepseek-reasoning: reasoning_content and reasoning become unsigned reasoning parts", () => {
    const { value } = decode(fixtureJson("requests/deepseek-reasoning.json"));
    expect(value.messages[1]).toEqual({
      role: "assistant",
      content: [
        { type: "reasoning", text: "I need today's date first, so I will call get_date." },
        { type: "tool-call", id: "call_00_abc", name: "get_date", arguments: {} },
      ],
    });
    expect(value.messages[2]).toEqual({ role: "user", content: [{ type: "tool-result", callId: "call_00_abc", name: "get_date", content: [{ type: "text", text: "2025-12-01" }] }] });
    expect(value.messages[3]).toEqual({
      role: "assistant",
      content: [
        { type: "reasoning", text: "Today is 2025-12-01, add one day." },
        { type: "text", text: "Tomorrow is 2025-12-02." },
      ],
    });
    expect(value.thinking).toEqual({ enabled: true, effort: "high" });
  });

  test("images: data URL → base64, http URL → url, detail kept; audio and file dropped with warnings", () => {
    const { value, warnings } = decode(fixtureJson("requests/images.json"));
    expect(value.messages[0]).toEqual({
      role: "user",
      content: [
        { type: "text", text: "What is in these images?" },
        {
          type: "image",
          source: { kind: "base64", mediaType: "image/png", data: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==" },
          detail: "low",
        },
        { type: "image", source: { kind: "url", url: "https://upload.wikimedia.org/wikipedia/commons/a/a7/Camponotus_flavomarginatus_ant.jpg" }, detail: "high" },
      ],
    });
    expect(warnings.map((w) => w.feature)).toEqual(["content:input_audio", "content:file"]);
  });

  test("legacy functions: function_call and function role map to tool calls and linked results", () => {
    const { value, warnings } = decode(fixtureJson("requests/legacy-functions.json"));
    expect(warnings).toEqual([]);
    expect(value.tools.map((tool) => tool.name)).toEqual(["get_current_weather"]);
    expect(value.toolChoice).toEqual({ type: "auto" });
    const call = value.messages[1];
    expect(call).toEqual({ role: "assistant", content: [{ type: "tool-call", id: "call_legacy_1", name: "get_current_weather", arguments: { location: "Boston, MA" } }] });
    expect(value.messages[2]).toEqual({
      role: "user",
      content: [{ type: "tool-result", callId: "call_legacy_1", name: "get_current_weather", content: [{ type: "text", text: '{"temperature": 22, "unit": "celsius"}' }] }],
    });
  });

  test("json-schema: response format, penalties, seed and openai extensions", () => {
    const { value, warnings } = decode(fixtureJson("requests/json-schema.json"));
    expect(value.responseFormat).toEqual({
      type: "json-schema",
      name: "person",
      strict: true,
      schema: { type: "object", properties: { name: { type: "string" }, age: { type: "integer" } }, required: ["name", "age"], additionalProperties: false },
    });
    expect(value.thinking).toEqual({ enabled: true, effort: "minimal" });
    expect(value.seed).toBe(42);
    expect(value.presencePenalty).toBe(0.5);
    expect(value.frequencyPenalty).toBe(0.25);
    expect(value.user).toBe("user-1234");
    expect(value.extensions).toEqual({ openai: { n: 1, logprobs: true, topLogprobs: 2, serviceTier: "flex", metadata: { project: "ccproxy" }, store: true } });
    expect(warnings.map((w) => w.feature)).toEqual(["logit_bias"]);
  });

  test("in-place system messages stay in place; top_k and reasoning_effort none", () => {
    const { value } = decode(fixtureJson("requests/in-place-system.json"));
    expect(value.system).toEqual([{ type: "text", text: "You are Qwen Coder." }]);
    expect(value.messages).toEqual([
      { role: "user", content: [{ type: "text", text: "List the files." }] },
      { role: "system", content: [{ type: "text", text: "The user works in /srv/app." }] },
      { role: "user", content: [{ type: "text", text: "Go on." }] },
    ]);
    expect(value.topK).toBe(20);
    expect(value.thinking).toEqual({ enabled: false });
  });

  test("agent client body (opencode-style, OpenRouter extras) decodes without errors", () => {
    const { value, warnings } = decode(fixtureJson("requests/agent-client.json"));
    // OpenRouter-only fields are reported, not silently lost.
    expect(warnings.map((w) => w.feature)).toEqual(["usage", "provider"]);
    expect(value.system.map((part) => part.text)).toHaveLength(2);
    expect(value.tools.map((tool) => tool.name)).toEqual(["read", "bash"]);
    expect(value.messages[1]).toEqual({
      role: "assistant",
      content: [
        { type: "text", text: "I'll read it." },
        { type: "tool-call", id: "toolu_01", name: "read", arguments: { filePath: "/home/me/app/package.json" } },
      ],
    });
    expect(value.messages[2]?.content[0]).toMatchObject({ type: "tool-result", callId: "toolu_01", name: "read" });
    expect(value.maxTokens).toBe(32000);
  });
});

describe("openai decodeRequest: edge cases", () => {
  const base = { model: "m", messages: [{ role: "user", content: "hi" }] };

  test("refusal and text parts in assistant history become text", () => {
    const { value } = decode({
      model: "m",
      messages: [{ role: "assistant", content: [{ type: "text", text: "a" }, { type: "refusal", refusal: "no" }], refusal: "sorry" }],
    });
    expect(value.messages[0]).toEqual({ role: "assistant", content: [{ type: "text", text: "a" }, { type: "text", text: "no" }, { type: "text", text: "sorry" }] });
  });

  test("tool result for an unknown call keeps no name; a tool message name is used as fallback", () => {
    const { value } = decode({
      model: "m",
      messages: [
        { role: "tool", tool_call_id: "x", content: "1" },
        { role: "user", content: "u" },
        { role: "tool", tool_call_id: "y", name: "lookup", content: "2" },
      ],
    });
    expect(value.messages[0]).toEqual({ role: "user", content: [{ type: "tool-result", callId: "x", content: [{ type: "text", text: "1" }] }] });
    expect(value.messages[2]).toEqual({ role: "user", content: [{ type: "tool-result", callId: "y", name: "lookup", content: [{ type: "text", text: "2" }] }] });
  });

  test("tool calls with malformed arguments keep the raw text", () => {
    const { value } = decode({ model: "m", messages: [{ role: "assistant", tool_calls: [{ id: "c", type: "function", function: { name: "f", arguments: "{oops" } }] }] });
    expect(value.messages[0]?.content[0]).toEqual({ type: "tool-call", id: "c", name: "f", arguments: { _raw: "{oops" } });
  });

  test("tool_choice variants", () => {
    expect(decode({ ...base, tool_choice: "required" }).value.toolChoice).toEqual({ type: "required" });
    expect(decode({ ...base, tool_choice: "none" }).value.toolChoice).toEqual({ type: "none" });
    expect(decode({ ...base, tool_choice: { type: "function", function: { name: "f" } } }).value.toolChoice).toEqual({ type: "tool", name: "f" });
    const allowed = decode({ ...base, tool_choice: { type: "allowed_tools", allowed_tools: { mode: "required", tools: [] } } });
    expect(allowed.value.toolChoice).toEqual({ type: "required" });
    expect(allowed.warnings[0]?.feature).toBe("tool_choice.allowed_tools");
  });

  test("response_format text and json_object; stop arrays; max_completion_tokens wins", () => {
    expect(decode({ ...base, response_format: { type: "text" } }).value.responseFormat).toEqual({ type: "text" });
    expect(decode({ ...base, response_format: { type: "json_object" } }).value.responseFormat).toEqual({ type: "json" });
    expect(decode({ ...base, stop: ["a", "b"] }).value.stop).toEqual(["a", "b"]);
    expect(decode({ ...base, max_tokens: 5, max_completion_tokens: 9 }).value.maxTokens).toBe(9);
  });

  test("reasoning_effort xhigh → high with a warning; OpenRouter reasoning object", () => {
    const xhigh = decode({ ...base, reasoning_effort: "xhigh" });
    expect(xhigh.value.thinking).toEqual({ enabled: true, effort: "high" });
    expect(xhigh.warnings[0]?.feature).toBe("reasoning_effort");
    expect(decode({ ...base, reasoning: { max_tokens: 4000 } }).value.thinking).toEqual({ enabled: true, budgetTokens: 4000 });
    expect(decode({ ...base, reasoning: { enabled: false } }).value.thinking).toEqual({ enabled: false });
  });

  test("OpenRouter cache_control on text parts is kept; n > 1 warns", () => {
    const { value, warnings } = decode({
      model: "anthropic/claude-sonnet-4",
      messages: [{ role: "system", content: [{ type: "text", text: "big prompt", cache_control: { type: "ephemeral" } }] }, { role: "user", content: "hi" }],
      n: 2,
    });
    expect(value.system).toEqual([{ type: "text", text: "big prompt", cacheControl: { type: "ephemeral" } }]);
    expect(warnings.map((w) => w.feature)).toEqual(["n"]);
  });

  test("null fields are treated as absent (the SDK types allow null)", () => {
    const { value } = decode({ ...base, temperature: null, stop: null, max_tokens: null, tools: null, tool_choice: null, reasoning_effort: null });
    expect(value.temperature).toBeUndefined();
    expect(value.stop).toBeUndefined();
    expect(value.thinking).toBeUndefined();
  });

  const invalid: Array<[string, unknown, string]> = [
    ["body not an object", [1, 2], "request body: expected a JSON object"],
    ["missing model", { messages: [] }, "model: expected a non-empty string"],
    ["messages not an array", { model: "m", messages: "hi" }, "messages: expected an array"],
    ["empty messages", { model: "m", messages: [] }, "messages: must contain at least one message"],
    ["unknown role", { model: "m", messages: [{ role: "user", content: "a" }, { role: "user", content: "b" }, { role: "foo", content: "c" }] }, "messages[2].role: unknown role 'foo'"],
    ["role not a string", { model: "m", messages: [{ content: "a" }] }, "messages[0].role: expected a string"],
    ["content wrong type", { model: "m", messages: [{ role: "user", content: 5 }] }, "messages[0].content: expected a string or an array of content parts"],
    ["temperature wrong type", { model: "m", messages: [{ role: "user", content: "a" }], temperature: "hot" }, "temperature: expected a number, got a string"],
    ["stream wrong type", { model: "m", messages: [{ role: "user", content: "a" }], stream: "yes" }, "stream: expected a boolean, got a string"],
    ["tool without name", { model: "m", messages: [{ role: "user", content: "a" }], tools: [{ type: "function", function: {} }] }, "tools[0].function.name: expected a non-empty string"],
    ["tool message without id", { model: "m", messages: [{ role: "tool", content: "a" }] }, "messages[0].tool_call_id: expected a string"],
    ["unknown tool_choice", { model: "m", messages: [{ role: "user", content: "a" }], tool_choice: "sometimes" }, "tool_choice: unknown value 'sometimes' (expected auto, none, required or an object)"],
    ["stop wrong type", { model: "m", messages: [{ role: "user", content: "a" }], stop: 3 }, "stop: expected a string or an array of strings"],
  ];
  for (const [name, body, message] of invalid) {
    test(`invalid: ${name}`, () => {
      let caught: unknown;
      try {
        decode(body);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ProxyError);
      expect((caught as ProxyError).kind).toBe("invalid_request");
      expect((caught as ProxyError).status).toBe(400);
      expect((caught as ProxyError).message).toBe(message);
    });
  }
});
