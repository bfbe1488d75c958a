// In charge of testing Claude request encoding: required fields, clean blocks, ids, thinking, sampling and the Claude→Claude round trip.
import { describe, expect, test } from "bun:test";
import type { UnifiedMessage } from "../../../../src/unified/content.ts";
import { emptyRequest, type UnifiedRequest } from "../../../../src/unified/request.ts";
import { decode, encode, fixture } from "./helpers.ts";

function request(overrides: Partial<UnifiedRequest>): UnifiedRequest {
  return { ...emptyRequest("claude-sonnet-4-5"), messages: [{ role: "user", content: [{ type: "text", text: "hi" }] }], ...overrides };
}

const features = (warnings: Array<{ feature: string }>) => warnings.map((warning) => warning.feature);

describe("claude encodeRequest: Claude→Claude round trip", () => {
  test("Claude Code body survives decode + encode with signatures byte-exact", () => {
    const original = fixture("requests/claude-code.json");
    const { value: body, warnings } = encode(decode(original).value);
    expect(warnings).toEqual([]);
    expect(body.model).toBe("claude-opus-5-5");
    expect(body.max_tokens).toBe(128000);
    expect(body.stream).toBe(true);
    expect(body.system).toEqual(original.system);
    expect(body.thinking).toEqual({ type: "adaptive", display: "omitted" });
    expect(body.output_config).toEqual({ effort: "medium" });
    expect(body.context_management).toEqual(original.context_management);
    expect(body.metadata).toEqual(original.metadata);
    expect(body.messages).toEqual([
      (original.messages as unknown[])[0],
      { role: "system", content: [{ type: "text", text: "The user is working in /repo on branch main. Today's date is 2026-11-25." }] },
      (original.messages as unknown[])[2],
      (original.messages as unknown[])[3],
      (original.messages as unknown[])[4],
      (original.messages as unknown[])[5],
      {
        role: "user",
        content: [
          { type: "tool_result", tool_use_id: "toolu_01Edit7Qx", content: "The file /repo/src/math.ts has been updated." },
          { type: "text", text: "Now run the tests.", cache_control: { type: "ephemeral" } },
        ],
      },
    ]);
    const tools = body.tools as Array<Record<string, unknown>>;
    expect(tools.map((tool) => tool.name)).toEqual(["Read", "Bash", "Edit", "Write", "Agent", "ToolSearch", "DeferredToolPlaceholder"]);
    expect(tools[0]).toEqual({ name: "Read", description: "Reads a file from the local filesystem.", input_schema: (original.tools as Array<Record<string, unknown>>)[0]?.input_schema });
  });

  test("basic body round trip keeps string system, sampling and passthrough", () => {
    const original = fixture("requests/basic.json");
    const { value: body } = encode(decode(original).value);
    expect(body).toEqual({
      model: "claude-sonnet-4-5",
      max_tokens: 1024,
      system: "You are a terse assistant.",
      messages: [
        { role: "user", content: [{ type: "text", text: "Hello, Claude" }] },
        { role: "assistant", content: [{ type: "text", text: "Hi! How can I help?" }] },
        { role: "user", content: [{ type: "text", text: "Name three primes." }] },
      ],
      temperature: 0.2,
      top_k: 40,
      stop_sequences: ["\n\nHuman:"],
      metadata: { user_id: "3b9f1c2e" },
      service_tier: "auto",
    });
  });

  test("tools history round trip: thinking budget, forced choice, images, tool results", () => {
    const { value: body, warnings } = encode(decode(fixture("requests/tools-history.json")).value);
    expect(body.thinking).toEqual({ type: "enabled", budget_tokens: 8000 });
    // Claude rejects forced tool use with thinking on; the original request would have failed too.
    expect(body.tool_choice).toEqual({ type: "auto", disable_parallel_tool_use: true });
    expect(features(warnings)).toEqual(["tool_choice"]);
    const messages = body.messages as Array<{ role: string; content: Array<Record<string, unknown>> }>;
    expect(messages[1]?.content).toEqual([
      { type: "thinking", thinking: "Two cities.", signature: "sig+/=abc" },
      { type: "tool_use", id: "toolu_paris", name: "get_weather", input: { city: "Paris" } },
      { type: "tool_use", id: "toolu_rome", name: "get_weather", input: { city: "Rome", days: 2 } },
    ]);
    expect(messages[2]?.content).toEqual([
      { type: "tool_result", tool_use_id: "toolu_paris", content: [{ type: "text", text: "Sunny, 21°C" }, { type: "image", source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgo=" } }] },
      { type: "tool_result", tool_use_id: "toolu_rome", content: "service unavailable", is_error: true },
    ]);
    expect(messages[0]?.content[1]).toEqual({ type: "image", source: { type: "url", url: "https://example.com/map.jpg" } });
  });
});

describe("claude encodeRequest: wire rules", () => {
  test("max_tokens defaults to 8192; stream only when streaming", () => {
    const { value } = encode(request({}));
    expect(value.max_tokens).toBe(8192);
    expect(value.stream).toBeUndefined();
    expect(encode(request({ stream: true })).value.stream).toBe(true);
  });

  test("never sends empty text blocks; emptied messages vanish and neighbours merge", () => {
    const messages: UnifiedMessage[] = [
      { role: "user", content: [{ type: "text", text: "first" }, { type: "text", text: "" }] },
      { role: "assistant", content: [{ type: "text", text: "  " }, { type: "reasoning", text: "openai thoughts" }] },
      { role: "user", content: [{ type: "text", text: "second" }, { type: "tool-result", callId: "c1", content: [{ type: "text", text: "" }] }] },
      { role: "system", content: [{ type: "text", text: "\n" }] },
      { role: "assistant", content: [{ type: "text", text: "answer " }] },
    ];
    const { value, warnings } = encode(request({ system: [{ type: "text", text: "" }], messages }));
    expect(value.system).toBeUndefined();
    expect(value.messages).toEqual([
      // The texts of both merged user turns; a tool_result answering no tool_use would be a 400, so it is text
      // (an empty result answering a real call has no content: see tool-pairing.test.ts).
      { role: "user", content: [{ type: "text", text: "first" }, { type: "text", text: "second" }, { type: "text", text: "Tool result for call (c1):" }] },
      // A final (prefill) assistant turn must not end in whitespace.
      { role: "assistant", content: [{ type: "text", text: "answer" }] },
    ]);
    expect(features(warnings)).toEqual(["tool_result.unmatched", "thinking.signature"]);
  });

  test("tool ids are sanitised the same way on both sides, without collisions", () => {
    const messages: UnifiedMessage[] = [
      { role: "user", content: [{ type: "text", text: "go" }] },
      {
        role: "assistant",
        content: [
          { type: "tool-call", id: "call.abc:1", name: "a", arguments: {} },
          { type: "tool-call", id: "call_abc_1", name: "b", arguments: {} },
          { type: "tool-call", id: "", name: "c", arguments: {} },
        ],
      },
      {
        role: "user",
        content: [
          { type: "tool-result", callId: "call.abc:1", content: [{ type: "text", text: "A" }] },
          { type: "tool-result", callId: "call_abc_1", content: [{ type: "text", text: "B" }] },
          { type: "tool-result", callId: "", content: [{ type: "text", text: "C" }] },
        ],
      },
    ];
    const body = encode(request({ messages })).value;
    const sent = body.messages as Array<{ content: Array<{ id?: string; tool_use_id?: string }> }>;
    const ids = sent[1]?.content.map((block) => block.id) ?? [];
    const resultIds = sent[2]?.content.map((block) => block.tool_use_id) ?? [];
    expect(resultIds).toEqual(ids);
    expect(ids[1]).toBe("call_abc_1");
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) expect(id).toMatch(/^[a-zA-Z0-9_-]+$/);
  });

  test("reasoning: only Claude signatures and redacted data go back", () => {
    const messages: UnifiedMessage[] = [
      { role: "user", content: [{ type: "text", text: "q" }] },
      {
        role: "assistant",
        content: [
          { type: "reasoning", text: "mine", signature: "Sig/+==", signatureProtocol: "claude" },
          { type: "reasoning", text: "", redactedData: "REDACTED", signatureProtocol: "claude" },
          { type: "reasoning", text: "gemini", signature: "gsig", signatureProtocol: "gemini" },
          { type: "text", text: "done" },
        ],
      },
      { role: "user", content: [{ type: "text", text: "more" }] },
    ];
    const { value, warnings } = encode(request({ messages }));
    expect((value.messages as Array<{ content: unknown[] }>)[1]?.content).toEqual([
      { type: "thinking", thinking: "mine", signature: "Sig/+==" },
      { type: "redacted_thinking", data: "REDACTED" },
      { type: "text", text: "done" },
    ]);
    expect(warnings).toEqual([{ feature: "thinking.signature", detail: "1 reasoning part(s) without a Claude signature dropped from history" }]);
  });

  test("data: URL images become base64 sources", () => {
    const messages: UnifiedMessage[] = [{ role: "user", content: [{ type: "image", source: { kind: "url", url: "data:image/jpeg;base64,/9j/4AAQ" } }] }];
    expect((encode(request({ messages })).value.messages as Array<{ content: unknown[] }>)[0]?.content).toEqual([{ type: "image", source: { type: "base64", media_type: "image/jpeg", data: "/9j/4AAQ" } }]);
  });

  test("tools get lower-case JSON Schema types and an object input_schema", () => {
    const tools = [
      { name: "find", description: "Find", parameters: { type: "OBJECT", properties: { q: { type: "STRING", enum: ["A", "B"] }, n: { type: ["INTEGER", "NULL"] }, kind: { type: "STRING", default: "TYPE" } } } },
      { name: "noargs", parameters: {} },
    ];
    const { value } = encode(request({ tools, toolChoice: { type: "required" } }));
    expect(value.tools).toEqual([
      { name: "find", description: "Find", input_schema: { type: "object", properties: { q: { type: "string", enum: ["A", "B"] }, n: { type: ["integer", "null"] }, kind: { type: "string", default: "TYPE" } } } },
      { name: "noargs", input_schema: { type: "object" } },
    ]);
    expect(value.tool_choice).toEqual({ type: "any" });
  });

  test("tool choice mapping and disable_parallel_tool_use", () => {
    const tools = [{ name: "t", parameters: { type: "object" } }];
    expect(encode(request({ tools, toolChoice: { type: "tool", name: "t" }, parallelToolCalls: false })).value.tool_choice).toEqual({ type: "tool", name: "t", disable_parallel_tool_use: true });
    expect(encode(request({ tools, toolChoice: { type: "none" } })).value.tool_choice).toEqual({ type: "none" });
    expect(encode(request({ tools, parallelToolCalls: false })).value.tool_choice).toEqual({ type: "auto", disable_parallel_tool_use: true });
    expect(encode(request({ tools })).value.tool_choice).toBeUndefined();
    expect(encode(request({ toolChoice: { type: "auto" } })).value.tool_choice).toBeUndefined();
  });

  test("thinking budgets: explicit, effort, minimum, disabled, and max_tokens room", () => {
    expect(encode(request({ thinking: { enabled: true, budgetTokens: 5000 } })).value).toMatchObject({ thinking: { type: "enabled", budget_tokens: 5000 }, max_tokens: 8192 });
    expect(encode(request({ thinking: { enabled: true, effort: "high" } })).value).toMatchObject({ thinking: { type: "enabled", budget_tokens: 24000 }, max_tokens: 24000 + 8192 });
    expect(encode(request({ thinking: { enabled: true, effort: "low" } })).value.thinking).toEqual({ type: "enabled", budget_tokens: 4096 });
    expect(encode(request({ thinking: { enabled: true, effort: "minimal" } })).value.thinking).toEqual({ type: "enabled", budget_tokens: 1024 });
    expect(encode(request({ thinking: { enabled: true } })).value.thinking).toEqual({ type: "enabled", budget_tokens: 10000 });
    const raised = encode(request({ thinking: { enabled: true, budgetTokens: 100 } }));
    expect(raised.value.thinking).toEqual({ type: "enabled", budget_tokens: 1024 });
    expect(features(raised.warnings)).toEqual(["thinking.budget_tokens"]);
    expect(encode(request({ thinking: { enabled: false } })).value.thinking).toEqual({ type: "disabled" });
    const halved = encode(request({ maxTokens: 4000, thinking: { enabled: true, effort: "high" } }));
    expect(halved.value).toMatchObject({ max_tokens: 4000, thinking: { type: "enabled", budget_tokens: 2000 } });
    const tiny = encode(request({ maxTokens: 1500, thinking: { enabled: true, budgetTokens: 2000 } }));
    expect(tiny.value).toMatchObject({ max_tokens: 3024, thinking: { type: "enabled", budget_tokens: 2000 } });
    expect(features(tiny.warnings)).toEqual(["max_tokens"]);
  });

  test("with thinking on, temperature and top_k are dropped with warnings", () => {
    const { value, warnings } = encode(request({ thinking: { enabled: true, budgetTokens: 2048 }, temperature: 0.5, topK: 10, topP: 0.5 }));
    expect(value.temperature).toBeUndefined();
    expect(value.top_k).toBeUndefined();
    expect(value.top_p).toBeUndefined();
    expect(features(warnings)).toEqual(["temperature", "top_k", "top_p"]);
  });

  test("sampling without thinking: clamp, temperature beats top_p, penalties and seed warned", () => {
    const { value, warnings } = encode(request({ temperature: 1.6, topP: 0.9, topK: 5, presencePenalty: 1, frequencyPenalty: 1, seed: 7, stop: ["END", "  "] }));
    expect(value).toMatchObject({ temperature: 1, top_k: 5, stop_sequences: ["END"] });
    expect(value.top_p).toBeUndefined();
    expect(features(warnings)).toEqual(["temperature", "top_p", "presence_penalty", "frequency_penalty", "seed", "stop"]);
    expect(encode(request({ topP: 0.9 })).value.top_p).toBe(0.9);
  });

  test("JSON response formats become a system instruction", () => {
    const schema = { type: "object", properties: { answer: { type: "string" } } };
    const { value, warnings } = encode(request({ system: [{ type: "text", text: "Be brief." }], responseFormat: { type: "json-schema", schema }, extensions: { claude: { systemAsString: true } } }));
    expect(typeof value.system).toBe("string");
    expect(value.system).toStartWith("Be brief.\n\nRespond with one valid JSON value only");
    expect(value.system).toContain(JSON.stringify(schema));
    expect(features(warnings)).toEqual(["response_format"]);
    const json = encode(request({ responseFormat: { type: "json" } })).value;
    expect(json.system).toEqual([{ type: "text", text: "Respond with one valid JSON value only: no prose before or after it, no Markdown code fences." }]);
  });

  test("a Claude client's native output_config.format is passed through instead", () => {
    const schema = { type: "object" };
    const decoded = decode({ model: "m", messages: [{ role: "user", content: "x" }], output_config: { format: { type: "json_schema", schema } } }).value;
    const { value, warnings } = encode(decoded);
    expect(value.system).toBeUndefined();
    expect(value.output_config).toEqual({ format: { type: "json_schema", schema } });
    expect(warnings).toEqual([]);
  });

  test("user becomes metadata.user_id", () => {
    expect(encode(request({ user: "u-1" })).value.metadata).toEqual({ user_id: "u-1" });
  });
});
