// In charge of checking unified requests become correct Responses bodies for upstreams that only serve /responses.
import { describe, expect, test } from "bun:test";
import { decodeRequest } from "../../../../src/protocols/responses/decode-request.ts";
import { encodeRequest } from "../../../../src/protocols/responses/encode-request.ts";
import { responsesCodec, responsesUrl } from "../../../../src/protocols/responses/index.ts";
import { emptyRequest, type UnifiedRequest } from "../../../../src/unified/request.ts";
import { fixtureJson, testContext } from "./helpers.ts";

function encode(request: UnifiedRequest) {
  return encodeRequest(request, testContext());
}

function roundTrip(path: string): { sent: Record<string, unknown>; original: Record<string, unknown> } {
  const original = fixtureJson(path) as Record<string, unknown>;
  const decoded = decodeRequest({ body: original }).value;
  return { sent: encode({ ...decoded, model: "upstream-model" }).value, original };
}

describe("responses encodeRequest", () => {
  test("a Claude-style request: instructions, items, tools with strict false, store false, reasoning with encrypted content asked for", () => {
    const request: UnifiedRequest = {
      ...emptyRequest("gpt-5"),
      system: [{ type: "text", text: "Be brief." }, { type: "text", text: "Use tools." }],
      messages: [
        { role: "user", content: [{ type: "text", text: "Weather in Paris?" }] },
        {
          role: "assistant",
          content: [
            { type: "reasoning", text: "Claude thought", signature: "claude-sig", signatureProtocol: "claude" },
            { type: "text", text: "Let me check." },
            { type: "tool-call", id: "toolu_01", name: "get_weather", arguments: { city: "Paris" } },
          ],
        },
        { role: "user", content: [{ type: "tool-result", callId: "toolu_01", name: "get_weather", content: [{ type: "text", text: "18°C" }], isError: true }, { type: "text", text: "And now?" }] },
        { role: "system", content: [{ type: "text", text: "Mid-conversation note." }] },
      ],
      tools: [{ name: "get_weather", description: "Weather", parameters: { type: "object", properties: { city: { type: "string" } } } }],
      toolChoice: { type: "required" },
      parallelToolCalls: false,
      maxTokens: 1000,
      temperature: 0.3,
      topK: 40,
      stop: ["END"],
      stream: true,
      thinking: { enabled: true, budgetTokens: 4000 },
      user: "u1",
    };
    const { value, warnings } = encode(request);
    expect(value).toEqual({
      model: "gpt-5",
      instructions: "Be brief.\n\nUse tools.",
      input: [
        { type: "message", role: "user", content: [{ type: "input_text", text: "Weather in Paris?" }] },
        { type: "message", role: "assistant", content: [{ type: "output_text", text: "Let me check.", annotations: [] }] },
        { type: "function_call", call_id: "toolu_01", name: "get_weather", arguments: '{"city":"Paris"}' },
        { type: "function_call_output", call_id: "toolu_01", output: "18°C" },
        { type: "message", role: "user", content: [{ type: "input_text", text: "And now?" }] },
        { type: "message", role: "system", content: [{ type: "input_text", text: "Mid-conversation note." }] },
      ],
      store: false,
      tools: [{ type: "function", name: "get_weather", description: "Weather", parameters: { type: "object", properties: { city: { type: "string" } } }, strict: false }],
      tool_choice: "required",
      parallel_tool_calls: false,
      max_output_tokens: 1000,
      temperature: 0.3,
      reasoning: { effort: "medium", summary: "auto" },
      include: ["reasoning.encrypted_content"],
      stream: true,
      user: "u1",
    });
    expect(warnings.map((warning) => warning.feature).sort()).toEqual(["stop", "thinking.signature", "tool_result.is_error", "top_k"]);
  });

  test("codex round trip: namespace rebuilt, hosted web_search kept, reasoning back with its id and encrypted_content", () => {
    const { sent } = roundTrip("requests/codex.json");
    expect(sent.store).toBe(false);
    expect(sent.instructions).toStartWith("You are Codex");
    expect(sent.include).toEqual(["reasoning.encrypted_content"]);
    expect(sent.prompt_cache_key).toBe("0199a3b2-5c6d-7e8f-9a0b-1c2d3e4f5a6b");
    expect(sent.reasoning).toEqual({ effort: "medium", summary: "auto" });
    expect(sent.text).toEqual({ verbosity: "medium" });
    const tools = sent.tools as Array<Record<string, unknown>>;
    expect(tools.map((tool) => [tool.type, tool.name])).toEqual([
      ["function", "exec_command"],
      ["function", "write_stdin"],
      ["namespace", "mcp__fs"],
      ["web_search", undefined],
    ]);
    expect(tools[2]).toMatchObject({ description: "Tools from the fs MCP server.", tools: [{ type: "function", name: "read_text_file", strict: false }, { type: "function", name: "list_directory" }] });
    const input = sent.input as Array<Record<string, unknown>>;
    expect(input.find((item) => item.type === "reasoning")).toEqual({
      type: "reasoning",
      id: "rs_68b1c0ffee0001",
      summary: [{ type: "summary_text", text: "**Listing files**\n\nI will list the directory first." }],
      encrypted_content: "gAAAAABoscodexEncryptedReasoningBlob0001==",
    });
    expect(input.filter((item) => item.type === "function_call")).toEqual([
      { type: "function_call", call_id: "call_ls0001", name: "exec_command", arguments: '{"cmd":"ls -la","workdir":"/home/dev/project"}' },
      { type: "function_call", call_id: "call_read0001", name: "read_text_file", arguments: '{"path":"README.md"}', namespace: "mcp__fs" },
    ]);
    expect(input.filter((item) => item.type === "function_call_output").map((item) => item.call_id)).toEqual(["call_ls0001", "call_read0001"]);
  });

  test("custom tool round trip: the freeform tool and its call/output items come back as they were", () => {
    const { sent, original } = roundTrip("requests/custom-tool.json");
    expect(sent.tools).toEqual(original.tools);
    const input = sent.input as Array<Record<string, unknown>>;
    expect(input.slice(1)).toEqual([
      { type: "custom_tool_call", call_id: "call_patch1", name: "apply_patch", input: "*** Begin Patch\n*** Add File: hello.txt\n+hi\n*** End Patch" },
      { type: "custom_tool_call_output", call_id: "call_patch1", output: "Success. Updated: A hello.txt" },
    ]);
  });

  test("json schema output, images, tool outputs with images, named tool_choice", () => {
    const { sent } = roundTrip("requests/tools-history.json");
    const input = sent.input as Array<Record<string, unknown>>;
    expect(input[0]).toEqual({ type: "message", role: "user", content: [{ type: "input_text", text: "What is the weather here and in Tokyo?" }, { type: "input_image", image_url: expect.stringMatching(/^data:image\/png;base64,/), detail: "low" }] });
    expect(input[4]).toEqual({ type: "function_call_output", call_id: "call_w2", output: [{ type: "input_text", text: "25°C, sunny" }, { type: "input_image", image_url: "https://example.com/tokyo.png", detail: "auto" }] });
    expect(sent.tool_choice).toEqual({ type: "function", name: "get_weather" });
    expect(roundTrip("requests/json-schema.json").sent.text).toEqual({
      verbosity: "low",
      format: { type: "json_schema", name: "calendar_event", strict: true, schema: (fixtureJson("requests/json-schema.json") as { text: { format: { schema: unknown } } }).text.format.schema },
    });
  });

  test("reasoning switched off or without a usable signature is said, not forged", () => {
    const off = encode({ ...emptyRequest("m"), messages: [{ role: "user", content: [{ type: "text", text: "x" }] }], thinking: { enabled: false } });
    expect(off.value.reasoning).toBeUndefined();
    expect(off.warnings[0]?.feature).toBe("thinking.disabled");
    const plain = encode({ ...emptyRequest("m"), messages: [{ role: "assistant", content: [{ type: "reasoning", text: "DeepSeek thought" }, { type: "text", text: "ok" }] }] });
    expect(plain.value.input).toEqual([{ type: "message", role: "assistant", content: [{ type: "output_text", text: "ok", annotations: [] }] }]);
    expect(plain.warnings[0]?.feature).toBe("reasoning");
  });

  test("upstream convention: /responses after a versioned base_url, Bearer auth, SSE", () => {
    expect(responsesUrl("https://api.openai.com/v1")).toBe("https://api.openai.com/v1/responses");
    expect(responsesUrl("https://api.openai.com/v1/")).toBe("https://api.openai.com/v1/responses");
    expect(responsesUrl("http://host/v1/responses")).toBe("http://host/v1/responses");
    expect(responsesCodec.upstream.authHeaders("sk-1")).toEqual({ Authorization: "Bearer sk-1" });
    expect(responsesCodec.upstream.authHeaders(undefined)).toEqual({});
    expect(responsesCodec.upstream.streamFraming).toBe("sse");
  });
});
