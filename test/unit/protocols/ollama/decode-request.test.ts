// In charge of testing Ollama client bodies → UnifiedRequest.
import { describe, expect, test } from "bun:test";
import { ollamaCodec } from "../../../../src/protocols/ollama/index.ts";
import { ProxyError } from "../../../../src/unified/errors.ts";
import { fixture } from "./helpers.ts";

const decode = (body: unknown) => ollamaCodec.decodeRequest({ body });

function expectInvalid(body: unknown, message: string | RegExp): void {
  let caught: unknown;
  try {
    decode(body);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ProxyError);
  const error = caught as ProxyError;
  expect(error.kind).toBe("invalid_request");
  expect(error.status).toBe(400);
  if (typeof message === "string") expect(error.message).toBe(message);
  else expect(error.message).toMatch(message);
}

describe("ollama decodeRequest", () => {
  test("basic: leading system becomes the system prompt, stream defaults to true", () => {
    const { value, warnings } = decode(fixture("requests/basic.json"));
    expect(value).toEqual({
      model: "llama3.2",
      system: [{ type: "text", text: "You are a concise assistant." }],
      messages: [{ role: "user", content: [{ type: "text", text: "why is the sky blue?" }] }],
      tools: [],
      stream: true,
      extensions: {},
    });
    expect(warnings).toEqual([]);
  });

  test("stream: absent and null mean true, false means false", () => {
    const base = { model: "m", messages: [{ role: "user", content: "hi" }] };
    expect(decode(base).value.stream).toBe(true);
    expect(decode({ ...base, stream: null }).value.stream).toBe(true);
    expect(decode({ ...base, stream: true }).value.stream).toBe(true);
    expect(decode({ ...base, stream: false }).value.stream).toBe(false);
    expectInvalid({ ...base, stream: "false" }, "stream: must be a boolean");
  });

  test("tool calls get ids and results link by tool_name (two calls of the same tool)", () => {
    const { value, warnings } = decode(fixture("requests/tools-history.json"));
    expect(warnings).toEqual([]);
    expect(value.tools.map((tool) => tool.name)).toEqual(["get_weather", "get_time"]);
    expect(value.tools[0]?.parameters).toEqual({
      type: "object",
      properties: { city: { type: "string", description: "The city to get the weather for" } },
      required: ["city"],
    });
    expect(value.messages[1]).toEqual({
      role: "assistant",
      content: [
        { type: "tool-call", id: "call_1_0", name: "get_weather", arguments: { city: "Paris" } },
        { type: "tool-call", id: "call_1_1", name: "get_time", arguments: { city: "Tokyo" } },
        { type: "tool-call", id: "call_1_2", name: "get_weather", arguments: { city: "London" } },
      ],
    });
    // The three consecutive tool messages form one user message; same-name results go to the earliest open call.
    expect(value.messages[2]).toEqual({
      role: "user",
      content: [
        { type: "tool-result", callId: "call_1_1", name: "get_time", content: [{ type: "text", text: "10:00" }] },
        { type: "tool-result", callId: "call_1_0", name: "get_weather", content: [{ type: "text", text: "18 degrees and sunny" }] },
        { type: "tool-result", callId: "call_1_2", name: "get_weather", content: [{ type: "text", text: "15 degrees and cloudy" }] },
      ],
    });
    expect(value.messages.map((message) => message.role)).toEqual(["user", "assistant", "user", "assistant", "user"]);
    expect(value.stream).toBe(false);
  });

  test("tool results without tool_name link by order and take the call's name", () => {
    const { value } = decode(fixture("requests/tool-results-by-order.json"));
    expect(value.messages[1]?.content).toEqual([
      { type: "text", text: "Let me check." },
      { type: "tool-call", id: "call_1_0", name: "get_weather", arguments: { city: "Paris" } },
      { type: "tool-call", id: "call_1_1", name: "get_weather", arguments: { city: "Rome" } },
    ]);
    expect(value.messages[2]).toEqual({
      role: "user",
      content: [
        { type: "tool-result", callId: "call_1_0", name: "get_weather", content: [{ type: "text", text: "Paris: 18" }] },
        { type: "tool-result", callId: "call_1_1", name: "get_weather", content: [{ type: "text", text: "Rome: 25" }] },
      ],
    });
  });

  test("client ids and tool_call_id win over name and order", () => {
    const { value } = decode(fixture("requests/tool-call-ids.json"));
    const calls = value.messages[1]?.content.map((part) => (part.type === "tool-call" ? part.id : null));
    expect(calls).toEqual(["call_a1b2c3d4", "call_e5f6g7h8"]);
    expect(value.messages[2]?.content).toEqual([
      { type: "tool-result", callId: "call_e5f6g7h8", name: "get_weather", content: [{ type: "text", text: "Rome: 25" }] },
      { type: "tool-result", callId: "call_a1b2c3d4", name: "get_weather", content: [{ type: "text", text: "Paris: 18" }] },
    ]);
  });

  test("ids stay the same when the same history is decoded again (cache-friendly)", () => {
    const body = fixture("requests/tools-history.json");
    expect(decode(body).value).toEqual(decode(body).value);
  });

  test("bare base64 images become image parts with sniffed media types", () => {
    const body = fixture("requests/images.json");
    const images = (body.messages as Array<{ images: string[] }>)[0]?.images ?? [];
    const { value } = decode(body);
    expect(value.messages[0]?.content).toEqual([
      { type: "text", text: "What is in these pictures?" },
      { type: "image", source: { kind: "base64", mediaType: "image/png", data: images[0] } },
      { type: "image", source: { kind: "base64", mediaType: "image/jpeg", data: images[1] } },
      { type: "image", source: { kind: "base64", mediaType: "image/gif", data: images[2] } },
      { type: "image", source: { kind: "base64", mediaType: "image/webp", data: images[3] } },
    ]);
  });

  test("a data: URL in images is tolerated", () => {
    const { value } = decode({ model: "m", messages: [{ role: "user", content: "", images: ["data:image/jpeg;base64,/9j/4AAQ"] }] });
    expect(value.messages[0]?.content).toEqual([{ type: "image", source: { kind: "base64", mediaType: "image/jpeg", data: "/9j/4AAQ" } }]);
  });

  test("options, format schema, think level and keep_alive", () => {
    const { value, warnings } = decode(fixture("requests/options-format-think.json"));
    expect(warnings).toEqual([]);
    expect(value.maxTokens).toBe(512);
    expect(value.temperature).toBe(0.2);
    expect(value.topP).toBe(0.9);
    expect(value.topK).toBe(20);
    expect(value.stop).toEqual(["\n\nUser:"]);
    expect(value.seed).toBe(42);
    expect(value.presencePenalty).toBe(1.5);
    expect(value.frequencyPenalty).toBe(1.0);
    expect(value.responseFormat).toEqual({
      type: "json-schema",
      schema: { type: "object", properties: { age: { type: "integer" }, available: { type: "boolean" } }, required: ["age", "available"] },
    });
    expect(value.thinking).toEqual({ enabled: true, effort: "high", includeThoughts: true });
    expect(value.extensions).toEqual({ ollama: { keepAlive: "10m", options: { num_ctx: 8192, repeat_penalty: 1.1, mirostat: 0 } } });
  });

  test("think values and format json", () => {
    const base = { model: "m", messages: [] };
    expect(decode({ ...base, think: true }).value.thinking).toEqual({ enabled: true, includeThoughts: true });
    expect(decode({ ...base, think: false }).value.thinking).toEqual({ enabled: false });
    expect(decode({ ...base, think: "low" }).value.thinking?.effort).toBe("low");
    const max = decode({ ...base, think: "max" });
    expect(max.value.thinking?.effort).toBe("high");
    expect(max.warnings.map((warning) => warning.feature)).toEqual(["think"]);
    expect(decode({ ...base, format: "json" }).value.responseFormat).toEqual({ type: "json" });
    expectInvalid({ ...base, think: "very" }, /^think: must be/);
  });

  test("num_predict -1/-2 means no limit and travels in extensions", () => {
    const { value } = decode(fixture("requests/system-in-place.json"));
    expect(value.maxTokens).toBeUndefined();
    expect(value.extensions.ollama?.options).toEqual({ num_predict: -1, num_ctx: 32768 });
  });

  test("system messages after the conversation started stay in place", () => {
    const { value } = decode(fixture("requests/system-in-place.json"));
    expect(value.system).toEqual([
      { type: "text", text: "x-anthropic-billing-header: cc_version=2.1" },
      { type: "text", text: "You are Claude Code, an interactive CLI tool." },
    ]);
    expect(value.messages).toEqual([
      { role: "user", content: [{ type: "text", text: "List the files." }] },
      { role: "system", content: [{ type: "text", text: "<system-reminder>Plan mode is active.</system-reminder>" }] },
      { role: "assistant", content: [{ type: "text", text: "Sure." }] },
      { role: "user", content: [{ type: "text", text: "Go on." }] },
    ]);
  });

  test("assistant thinking becomes a reasoning part without signature", () => {
    const { value } = decode(fixture("requests/thinking-history.json"));
    expect(value.messages[1]).toEqual({
      role: "assistant",
      content: [
        { type: "reasoning", text: "Count: s-t-r-a-w-b-e-r-r-y has r at 3, 8, 9." },
        { type: "text", text: "There are 3 r's." },
      ],
    });
  });

  test("tolerates upper-case roles, string arguments and null content", () => {
    const { value } = decode({
      model: "m",
      messages: [
        { role: "User", content: "hi" },
        { role: "assistant", content: null, tool_calls: [{ function: { name: "f", arguments: '{"a":1}' } }] },
      ],
    });
    expect(value.messages[0]?.role).toBe("user");
    expect(value.messages[1]?.content).toEqual([{ type: "tool-call", id: "call_1_0", name: "f", arguments: { a: 1 } }]);
  });

  test("a tool result with no preceding call is kept with a warning", () => {
    const { value, warnings } = decode({ model: "m", messages: [{ role: "tool", tool_name: "f", content: "out" }] });
    expect(value.messages[0]?.content).toEqual([{ type: "tool-result", callId: "call_0_result", name: "f", content: [{ type: "text", text: "out" }] }]);
    expect(warnings.map((warning) => warning.feature)).toEqual(["tool_result"]);
  });

  test("unsupported body fields and non-function tools are reported", () => {
    const { value, warnings } = decode({ model: "m", messages: [], logprobs: true, tools: [{ type: "web_search" }] });
    expect(value.tools).toEqual([]);
    expect(warnings.map((warning) => warning.feature).sort()).toEqual(["logprobs", "tool:web_search"]);
  });

  test("invalid bodies are 400 with precise messages", () => {
    expectInvalid("nope", "request body must be a JSON object");
    expectInvalid([], "request body must be a JSON object");
    expectInvalid({ messages: [] }, "model: required non-empty string");
    expectInvalid({ model: "" , messages: [] }, "model: required non-empty string");
    expectInvalid({ model: "m" }, "messages: required array");
    expectInvalid({ model: "m", messages: {} }, "messages: must be an array");
    expectInvalid(
      { model: "m", messages: [{ role: "user", content: "a" }, { role: "assistant", content: "b" }, { role: "foo", content: "c" }] },
      "messages[2].role: unknown role 'foo' (expected system, user, assistant or tool)",
    );
    expectInvalid({ model: "m", messages: [{ content: "a" }] }, "messages[0].role: must be a string");
    expectInvalid({ model: "m", messages: [{ role: "user", content: ["a"] }] }, "messages[0].content: must be a string");
    expectInvalid({ model: "m", messages: [{ role: "user", content: "a", images: "abc" }] }, "messages[0].images: must be an array of base64 strings");
    expectInvalid({ model: "m", messages: [{ role: "assistant", content: "", tool_calls: [{ function: {} }] }] }, "messages[0].tool_calls[0].function.name: must be a non-empty string");
    expectInvalid({ model: "m", messages: [{ role: "assistant", content: "", tool_calls: [{ function: { name: "f", arguments: 3 } }] }] }, "messages[0].tool_calls[0].function.arguments: must be an object");
    expectInvalid({ model: "m", messages: [], options: { temperature: "hot" } }, "options.temperature: must be a number");
    expectInvalid({ model: "m", messages: [], options: { stop: [1] } }, "options.stop: must be an array of strings");
    expectInvalid({ model: "m", messages: [], tools: {} }, "tools: must be an array");
    expectInvalid({ model: "m", messages: [], tools: [{ type: "function", function: { name: "" } }] }, "tools[0].function.name: must be a non-empty string");
    expectInvalid({ model: "m", messages: [], format: 3 }, 'format: must be "json" or a JSON schema object');
    expectInvalid({ model: "m", messages: [], keep_alive: true }, /^keep_alive: must be/);
  });
});
