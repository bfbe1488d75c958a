// In charge of testing UnifiedRequest → Ollama upstream body, and the same-protocol round trip.
import { describe, expect, test } from "bun:test";
import { ollamaCodec } from "../../../../src/protocols/ollama/index.ts";
import { emptyRequest, type UnifiedRequest } from "../../../../src/unified/request.ts";
import { fixture, testContext } from "./helpers.ts";

const encode = (request: UnifiedRequest) => ollamaCodec.encodeRequest(request, testContext());

function request(patch: Partial<UnifiedRequest>): UnifiedRequest {
  return { ...emptyRequest("qwen3:8b"), messages: [{ role: "user", content: [{ type: "text", text: "hi" }] }], ...patch };
}

const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

describe("ollama encodeRequest", () => {
  test("system prompt becomes leading system messages; stream is always explicit", () => {
    const { value, warnings } = encode(request({ system: [{ type: "text", text: "Be brief." }, { type: "text", text: "Use metric units.", cacheControl: { type: "ephemeral" } }] }));
    expect(value).toEqual({
      model: "qwen3:8b",
      messages: [
        { role: "system", content: "Be brief." },
        { role: "system", content: "Use metric units." },
        { role: "user", content: "hi" },
      ],
      stream: false,
    });
    expect(warnings).toEqual([]);
    expect(encode(request({ stream: true })).value.stream).toBe(true);
  });

  test("in-place system messages stay in place", () => {
    const { value } = encode(
      request({
        messages: [
          { role: "user", content: [{ type: "text", text: "a" }] },
          { role: "system", content: [{ type: "text", text: "reminder" }] },
          { role: "assistant", content: [{ type: "text", text: "b" }] },
        ],
      }),
    );
    expect(value.messages).toEqual([
      { role: "user", content: "a" },
      { role: "system", content: "reminder" },
      { role: "assistant", content: "b" },
    ]);
  });

  test("tool calls as objects, results as role:tool messages with tool_name (looked up by call id)", () => {
    const { value, warnings } = encode(
      request({
        messages: [
          { role: "user", content: [{ type: "text", text: "weather?" }] },
          {
            role: "assistant",
            content: [
              { type: "reasoning", text: "Need two lookups.", signature: "sig", signatureProtocol: "claude" },
              { type: "text", text: "Checking." },
              { type: "tool-call", id: "toolu_1", name: "get_weather", arguments: { city: "Paris" }, signature: "g", signatureProtocol: "gemini" },
              { type: "tool-call", id: "toolu_2", name: "get_weather", arguments: { city: "Rome" } },
            ],
          },
          {
            role: "user",
            content: [
              { type: "tool-result", callId: "toolu_1", content: [{ type: "text", text: "18" }] },
              { type: "tool-result", callId: "toolu_2", name: "get_weather", content: [{ type: "text", text: "25" }] },
              { type: "text", text: "Now compare them." },
            ],
          },
        ],
      }),
    );
    expect(warnings).toEqual([]);
    expect(value.messages).toEqual([
      { role: "user", content: "weather?" },
      {
        role: "assistant",
        content: "Checking.",
        thinking: "Need two lookups.",
        tool_calls: [
          { id: "toolu_1", function: { index: 0, name: "get_weather", arguments: { city: "Paris" } } },
          { id: "toolu_2", function: { index: 1, name: "get_weather", arguments: { city: "Rome" } } },
        ],
      },
      { role: "tool", content: "18", tool_name: "get_weather", tool_call_id: "toolu_1" },
      { role: "tool", content: "25", tool_name: "get_weather", tool_call_id: "toolu_2" },
      { role: "user", content: "Now compare them." },
    ]);
  });

  test("images: base64 goes bare, URL images and tool-result images are dropped with warnings", () => {
    const { value, warnings } = encode(
      request({
        messages: [
          {
            role: "user",
            content: [
              { type: "text", text: "look" },
              { type: "image", source: { kind: "base64", mediaType: "image/png", data: PNG } },
              { type: "image", source: { kind: "url", url: "https://example.com/cat.png" } },
            ],
          },
          { role: "assistant", content: [{ type: "tool-call", id: "c1", name: "shot", arguments: {} }] },
          {
            role: "user",
            content: [
              {
                type: "tool-result",
                callId: "c1",
                isError: true,
                content: [
                  { type: "text", text: "failed" },
                  { type: "image", source: { kind: "base64", mediaType: "image/png", data: PNG } },
                ],
              },
            ],
          },
        ],
      }),
    );
    expect(value.messages).toEqual([
      { role: "user", content: "look", images: [PNG] },
      { role: "assistant", content: "", tool_calls: [{ id: "c1", function: { index: 0, name: "shot", arguments: {} } }] },
      { role: "tool", content: "failed", tool_name: "shot", tool_call_id: "c1" },
    ]);
    expect(warnings.map((warning) => warning.feature)).toEqual(["image.url", "tool_result.image", "tool_result.is_error"]);
  });

  test("redacted reasoning is dropped with a warning", () => {
    const { value, warnings } = encode(request({ messages: [{ role: "assistant", content: [{ type: "reasoning", text: "", redactedData: "xyz" }, { type: "text", text: "ok" }] }] }));
    expect(value.messages).toEqual([{ role: "assistant", content: "ok" }]);
    expect(warnings.map((warning) => warning.feature)).toEqual(["reasoning.redacted"]);
  });

  test("sampling settings and extension options become options (modelled fields win)", () => {
    const { value } = encode(
      request({
        maxTokens: 256,
        temperature: 0.3,
        topP: 0.8,
        topK: 40,
        stop: ["END"],
        seed: 7,
        presencePenalty: 0.5,
        frequencyPenalty: 0.25,
        extensions: { ollama: { options: { num_ctx: 4096, temperature: 9 }, keepAlive: -1 } },
      }),
    );
    expect(value.options).toEqual({ num_ctx: 4096, num_predict: 256, temperature: 0.3, top_p: 0.8, top_k: 40, stop: ["END"], seed: 7, presence_penalty: 0.5, frequency_penalty: 0.25 });
    expect(value.keep_alive).toBe(-1);
  });

  test("thinking → think", () => {
    expect(encode(request({ thinking: { enabled: true } })).value.think).toBe(true);
    expect(encode(request({ thinking: { enabled: false } })).value.think).toBe(false);
    expect(encode(request({ thinking: { enabled: true, effort: "medium" } })).value.think).toBe("medium");
    const minimal = encode(request({ thinking: { enabled: true, effort: "minimal" } }));
    expect(minimal.value.think).toBe("low");
    expect(minimal.warnings.map((warning) => warning.feature)).toEqual(["thinking.effort"]);
    const budget = encode(request({ thinking: { enabled: true, budgetTokens: 2048 } }));
    expect(budget.value.think).toBe(true);
    expect(budget.warnings.map((warning) => warning.feature)).toEqual(["thinking.budget_tokens"]);
    expect("think" in encode(request({})).value).toBe(false);
  });

  test("responseFormat → format", () => {
    expect(encode(request({ responseFormat: { type: "json" } })).value.format).toBe("json");
    const schema = { type: "object", properties: { a: { type: "string" } } };
    expect(encode(request({ responseFormat: { type: "json-schema", schema, name: "x" } })).value.format).toEqual(schema);
    expect("format" in encode(request({ responseFormat: { type: "text" } })).value).toBe(false);
  });

  test("tools, and tool choice that Ollama cannot express", () => {
    const tools = [{ name: "f", description: "does f", parameters: { type: "object", properties: {} } }];
    expect(encode(request({ tools })).value.tools).toEqual([{ type: "function", function: { name: "f", description: "does f", parameters: { type: "object", properties: {} } } }]);
    const none = encode(request({ tools, toolChoice: { type: "none" } }));
    expect("tools" in none.value).toBe(false);
    expect(none.warnings).toEqual([]);
    const required = encode(request({ tools, toolChoice: { type: "required" } }));
    expect(required.value.tools).toHaveLength(1);
    expect(required.warnings.map((warning) => warning.feature)).toEqual(["tool_choice"]);
    expect(encode(request({ tools, toolChoice: { type: "tool", name: "f" } })).warnings.map((warning) => warning.feature)).toEqual(["tool_choice"]);
    expect(encode(request({ tools, parallelToolCalls: false })).warnings.map((warning) => warning.feature)).toEqual(["parallel_tool_calls"]);
  });

  test("the end-user id has no slot and is reported", () => {
    expect(encode(request({ user: "u1" })).warnings.map((warning) => warning.feature)).toEqual(["user"]);
  });
});

/** Fields the encoder adds for current Ollama (call ids, indexes, tool_call_id) that a fixture may lack. */
function withoutAddedFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutAddedFields);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === "id" || key === "tool_call_id" || key === "index") continue;
    out[key] = withoutAddedFields(item);
  }
  return out;
}

describe("ollama same-protocol round trip (decode → encode)", () => {
  const files = ["basic", "tools-history", "tool-call-ids", "images", "options-format-think", "thinking-history", "system-in-place"];
  for (const name of files) {
    test(`${name}.json keeps everything Ollama models`, () => {
      const body = fixture(`requests/${name}.json`);
      const decoded = ollamaCodec.decodeRequest({ body });
      const { value } = encode(decoded.value);
      expect(withoutAddedFields(value)).toEqual(withoutAddedFields({ ...body, stream: body.stream ?? true }));
    });
  }

  test("tool-call-ids.json keeps client ids byte-exact", () => {
    const body = fixture("requests/tool-call-ids.json");
    const { value } = encode(ollamaCodec.decodeRequest({ body }).value);
    expect(value.messages).toEqual(body.messages);
  });

  test("results linked by order gain tool_name and the created ids", () => {
    const body = fixture("requests/tool-results-by-order.json");
    const { value } = encode(ollamaCodec.decodeRequest({ body }).value);
    const messages = value.messages as Array<Record<string, unknown>>;
    expect(messages[2]).toEqual({ role: "tool", content: "Paris: 18", tool_name: "get_weather", tool_call_id: "call_1_0" });
    expect(messages[3]).toEqual({ role: "tool", content: "Rome: 25", tool_name: "get_weather", tool_call_id: "call_1_1" });
  });
});
