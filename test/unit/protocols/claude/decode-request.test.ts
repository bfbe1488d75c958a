// In charge of testing Claude request decoding: Claude Code's real body, every block type, and precise 400s.
import { describe, expect, test } from "bun:test";
import { ProxyError } from "../../../../src/unified/errors.ts";
import { decode, fixture } from "./helpers.ts";

function invalidMessage(body: unknown): string {
  try {
    decode(body);
  } catch (error) {
    expect(error).toBeInstanceOf(ProxyError);
    expect((error as ProxyError).kind).toBe("invalid_request");
    expect((error as ProxyError).status).toBe(400);
    return (error as ProxyError).message;
  }
  throw new Error("expected decodeRequest to throw");
}

describe("claude decodeRequest: Claude Code body (clients.md)", () => {
  const { value: request, warnings } = decode(fixture("requests/claude-code.json"));

  test("system blocks keep cache_control; the billing header moves to the Claude extension", () => {
    expect(request.extensions.claude?.billingHeader).toBe("x-anthropic-billing-header: cc_version=2.1.42.7f3; cc_entrypoint=cli; cch=8a2c1;");
    expect(request.system).toEqual([
      { type: "text", text: "You are Claude Code, Anthropic's official CLI for Claude.", cacheControl: { type: "ephemeral" } },
      expect.objectContaining({ cacheControl: { type: "ephemeral", ttl: "1h" } }),
    ]);
    expect(request.extensions.claude?.systemAsString).toBeUndefined();
  });

  test("role:system entries inside messages stay in place", () => {
    expect(request.messages.map((message) => message.role)).toEqual(["user", "system", "assistant", "user", "system", "assistant", "user"]);
    expect(request.messages[1]).toEqual({ role: "system", content: [{ type: "text", text: "The user is working in /repo on branch main. Today's date is 2026-11-25." }] });
    expect(request.messages[4]).toEqual({ role: "system", content: [{ type: "text", text: "<system-reminder>Context left until auto-compact: 12%</system-reminder>" }] });
  });

  test("thinking signatures, redacted thinking, tool calls and linked results", () => {
    expect(request.messages[2]?.content).toEqual([
      { type: "reasoning", text: "The user wants the add function fixed. Read the file first.", signature: "EqMBCkgIBxABGAIiQL9f1d0+Y5r3wQ2mZr/Tn8xJd1o4bq4mYk3X9Qm2nPq0s1X0T+kq0oFz8Yy2YqJdX1m9n2w==", signatureProtocol: "claude" },
      { type: "text", text: "Let me read the file." },
      { type: "tool-call", id: "toolu_01A09q90qw90lq917835lq9", name: "Read", arguments: { file_path: "/repo/src/math.ts" } },
    ]);
    expect(request.messages[3]?.content).toEqual([
      { type: "tool-result", callId: "toolu_01A09q90qw90lq917835lq9", name: "Read", content: [{ type: "text", text: "     1\texport function add(a: number, b: number): number {\n     2\t  return a - b;\n     3\t}\n" }], cacheControl: { type: "ephemeral" } },
    ]);
    expect(request.messages[5]?.content[0]).toEqual({ type: "reasoning", text: "", redactedData: "EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpPkNRj2YfWXGmKDxH4mPnZ5sQ7vB5URj2pLmN9kL8rT4wVxYzA", signatureProtocol: "claude" });
    expect(request.messages[6]?.content[0]).toMatchObject({ type: "tool-result", callId: "toolu_01Edit7Qx", name: "Edit", isError: false });
  });

  test("tools keep their schemas as sent, deferred placeholder included with a warning", () => {
    expect(request.tools.map((tool) => tool.name)).toEqual(["Read", "Bash", "Edit", "Write", "Agent", "ToolSearch", "DeferredToolPlaceholder"]);
    expect(request.tools[0]?.parameters).toMatchObject({ $schema: "https://json-schema.org/draft/2020-12/schema", additionalProperties: false, properties: { offset: { exclusiveMinimum: 0, maximum: 9007199254740991 } } });
    expect(warnings.map((warning) => warning.feature)).toContain("tool.defer_loading");
  });

  test("adaptive thinking, effort, user, stream, max_tokens and passthrough", () => {
    expect(request.thinking).toEqual({ enabled: true, effort: "medium", includeThoughts: false });
    expect(request.user).toBe("user_5f0c8a2b9e_account_7d1e_session_0f4b2c6a-1d3e-4f5a-9b8c-7e6d5c4b3a21");
    expect(request.stream).toBe(true);
    expect(request.maxTokens).toBe(128000);
    const passthrough = request.extensions.claude?.passthrough ?? {};
    expect(Object.keys(passthrough).sort()).toEqual(["context_management", "metadata", "output_config", "thinking"]);
    expect(passthrough.thinking).toEqual({ type: "adaptive", display: "omitted" });
    expect(passthrough.context_management).toEqual(fixture("requests/claude-code.json").context_management);
  });
});

describe("claude decodeRequest: other shapes", () => {
  test("string system and contents, sampling, stop, metadata, top-level Claude-only fields", () => {
    const { value, warnings } = decode(fixture("requests/basic.json"));
    expect(value.system).toEqual([{ type: "text", text: "You are a terse assistant." }]);
    expect(value.extensions.claude).toEqual({ systemAsString: true, passthrough: { metadata: { user_id: "3b9f1c2e" }, service_tier: "auto" } });
    expect(value.messages).toEqual([
      { role: "user", content: [{ type: "text", text: "Hello, Claude" }] },
      { role: "assistant", content: [{ type: "text", text: "Hi! How can I help?" }] },
      { role: "user", content: [{ type: "text", text: "Name three primes." }] },
    ]);
    expect(value).toMatchObject({ maxTokens: 1024, temperature: 0.2, topK: 40, stop: ["\n\nHuman:"], user: "3b9f1c2e", stream: false });
    expect(value.thinking).toBeUndefined();
    expect(warnings).toEqual([]);
  });

  test("images, documents, server blocks, typed tools, forced tool choice", () => {
    const { value, warnings } = decode(fixture("requests/tools-history.json"));
    expect(value.messages[0]?.content).toEqual([
      { type: "image", source: { kind: "base64", mediaType: "image/png", data: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==" } },
      { type: "image", source: { kind: "url", url: "https://example.com/map.jpg" } },
      { type: "text", text: "Paris travel notes." },
      { type: "text", text: "What's the weather in Paris and Rome?" },
    ]);
    expect(value.messages[1]?.content.map((part) => part.type)).toEqual(["reasoning", "tool-call", "tool-call"]);
    expect(value.messages[2]?.content).toEqual([
      { type: "tool-result", callId: "toolu_paris", name: "get_weather", content: [{ type: "text", text: "Sunny, 21°C" }, { type: "image", source: { kind: "base64", mediaType: "image/png", data: "iVBORw0KGgo=" } }] },
      { type: "tool-result", callId: "toolu_rome", name: "get_weather", content: [{ type: "text", text: "service unavailable" }], isError: true },
    ]);
    expect(value.tools.map((tool) => tool.name)).toEqual(["get_weather", "lookup"]);
    expect(value.toolChoice).toEqual({ type: "tool", name: "get_weather" });
    expect(value.parallelToolCalls).toBe(false);
    expect(value.thinking).toEqual({ enabled: true, budgetTokens: 8000 });
    expect(warnings.map((warning) => warning.feature)).toEqual(["document", "content:server_tool_use", "content:web_search_tool_result", "tool:web_search_20250305", "tool:bash_20250124"]);
  });

  test("max_tokens may be absent", () => {
    const { value } = decode({ model: "m", messages: [{ role: "user", content: "hi" }] });
    expect(value.maxTokens).toBeUndefined();
    expect(value.stream).toBe(false);
  });

  test("an empty thinking signature is no signature", () => {
    const { value } = decode({ model: "m", messages: [{ role: "assistant", content: [{ type: "thinking", thinking: "hmm", signature: "" }] }] });
    expect(value.messages[0]?.content).toEqual([{ type: "reasoning", text: "hmm" }]);
  });

  test("thinking variants and effort", () => {
    const base = { model: "m", messages: [] };
    expect(decode({ ...base, thinking: { type: "disabled" } }).value.thinking).toEqual({ enabled: false });
    expect(decode({ ...base, thinking: { type: "adaptive" }, output_config: { effort: "max" } }).value.thinking).toEqual({ enabled: true, effort: "high" });
    expect(decode({ ...base, output_config: { effort: "low" } }).value.thinking).toEqual({ enabled: true, effort: "low" });
    expect(decode({ ...base, thinking: { type: "enabled", budget_tokens: 2048, display: "summarized" } }).value.thinking).toEqual({ enabled: true, budgetTokens: 2048, includeThoughts: true });
  });

  test("output_config.format becomes a JSON-schema response format", () => {
    const schema = { type: "object", properties: { a: { type: "string" } } };
    const { value } = decode({ model: "m", messages: [], output_config: { format: { type: "json_schema", schema } } });
    expect(value.responseFormat).toEqual({ type: "json-schema", schema });
  });

  test("unknown block types and misplaced blocks degrade to warnings", () => {
    const { value, warnings } = decode({
      model: "m",
      messages: [
        { role: "user", content: [{ type: "mystery_block", x: 1 }, { type: "tool_use", id: "t", name: "n", input: {} }, { type: "text", text: "ok" }] },
        { role: "system", content: [{ type: "image", source: { type: "url", url: "https://x/y.png" } }] },
      ],
    });
    expect(value.messages[0]?.content).toEqual([{ type: "text", text: "ok" }]);
    expect(value.messages[1]?.content).toEqual([]);
    expect(warnings.map((warning) => warning.feature)).toEqual(["content:mystery_block", "content:tool-call", "content:image"]);
  });
});

describe("claude decodeRequest: invalid input is a precise 400", () => {
  test.each([
    ["body not an object", [1, 2], "request body must be a JSON object"],
    ["missing model", { messages: [] }, "model: required"],
    ["model not a string", { model: 5, messages: [] }, "model: expected a string, got a number"],
    ["missing messages", { model: "m" }, "messages: required"],
    ["messages not an array", { model: "m", messages: {} }, "messages: expected an array, got an object"],
    ["unknown role", { model: "m", messages: [{ role: "user", content: "a" }, { role: "assistant", content: "b" }, { role: "foo", content: "c" }] }, "messages[2].role: unknown role 'foo'"],
    ["content missing", { model: "m", messages: [{ role: "user" }] }, "messages[0].content: required"],
    ["content wrong type", { model: "m", messages: [{ role: "user", content: 42 }] }, "messages[0].content: expected a string or an array of content blocks"],
    ["text block without text", { model: "m", messages: [{ role: "user", content: [{ type: "text" }] }] }, "messages[0].content[0].text: required"],
    ["tool_result without id", { model: "m", messages: [{ role: "user", content: [{ type: "tool_result", content: "x" }] }] }, "messages[0].content[0].tool_use_id: required"],
    ["temperature wrong type", { model: "m", messages: [], temperature: "hot" }, "temperature: expected a number, got a string"],
    ["max_tokens wrong type", { model: "m", messages: [], max_tokens: "1024" }, "max_tokens: expected a number, got a string"],
    ["stop_sequences item wrong type", { model: "m", messages: [], stop_sequences: ["a", 1] }, "stop_sequences[1]: expected a string, got a number"],
    ["unknown tool_choice", { model: "m", messages: [], tool_choice: { type: "sometimes" } }, "tool_choice.type: unknown type 'sometimes' (auto, any, tool or none)"],
    ["tool without name", { model: "m", messages: [], tools: [{ input_schema: { type: "object" } }] }, "tools[0].name: required"],
    ["system wrong type", { model: "m", messages: [], system: 3 }, "system: expected a string or an array of text blocks"],
  ])("%s", (_name, body, message) => {
    expect(invalidMessage(body)).toBe(message);
  });
});
