// In charge of checking Response objects decode into unified answers and unified answers encode into Response objects.
import { describe, expect, test } from "bun:test";
import { decodeResponse } from "../../../../src/protocols/responses/decode-response.ts";
import { encodeResponse } from "../../../../src/protocols/responses/encode-response.ts";
import { toolNameMap } from "../../../../src/protocols/responses/tool-names.ts";
import { ProxyError } from "../../../../src/unified/errors.ts";
import type { UnifiedResponse } from "../../../../src/unified/response.ts";
import { clientContext, fixtureJson, testContext } from "./helpers.ts";

describe("responses decodeResponse", () => {
  test("text answer with usage", () => {
    const unified = decodeResponse(fixtureJson("responses/text.json"), testContext());
    expect(unified).toEqual({
      id: "resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b",
      model: "gpt-4.1-2025-04-14",
      content: [{ type: "text", text: "In a peaceful grove beneath a silver moon, a unicorn named Lumina discovered a hidden pool." }],
      finishReason: { unified: "stop", raw: "completed" },
      usage: { inputTokens: 36, outputTokens: 87, cacheReadTokens: 0, reasoningTokens: 0 },
    });
  });

  test("reasoning summaries with encrypted content, calls (one namespaced) → tool-calls finish", () => {
    const unified = decodeResponse(fixtureJson("responses/reasoning-tools.json"), testContext());
    expect(unified.content).toEqual([
      {
        type: "reasoning",
        text: "**Planning the lookup**\n\nI need the weather in two cities.",
        signature: JSON.stringify({ id: "rs_68af4030baa48193b0b43b4c2a176a1a05438e46b5f69a3b", encrypted_content: "gAAAAABor0Aw_encrypted_reasoning_blob==" }),
        signatureProtocol: "openai-responses",
      },
      { type: "tool-call", id: "call_hkS9xTbpDIbDKC5hfzgcQ1XR", name: "get_weather", arguments: { city: "Paris" } },
      { type: "tool-call", id: "call_Zr1d2TbpDIbDKC5hfzgcQ2YS", name: "mcp__fs__read_text_file", arguments: { path: "notes.md" } },
    ]);
    expect(unified.finishReason).toEqual({ unified: "tool-calls", raw: "completed" });
    expect(unified.usage).toEqual({ inputTokens: 1200, outputTokens: 310, cacheReadTokens: 1024, reasoningTokens: 256 });
  });

  test("incomplete → length; failed → upstream error; garbage → upstream error", () => {
    expect(decodeResponse(fixtureJson("responses/incomplete.json"), testContext()).finishReason).toEqual({ unified: "length", raw: "max_output_tokens" });
    expect(() => decodeResponse(fixtureJson("responses/failed.json"), testContext())).toThrow("The model failed to generate a response.");
    expect(() => decodeResponse("nope", testContext())).toThrow(ProxyError);
    expect(() => decodeResponse({ id: "resp_1" }, testContext())).toThrow("upstream answer has no output");
  });
});

describe("responses encodeResponse", () => {
  const answer: UnifiedResponse = {
    id: "msg_01claude",
    model: "claude-sonnet",
    content: [
      { type: "reasoning", text: "Thinking in Claude.", signature: "claude-signature", signatureProtocol: "claude" },
      { type: "text", text: "Let me " },
      { type: "text", text: "check." },
      { type: "tool-call", id: "toolu_01", name: "mcp__fs__read_text_file", arguments: { path: "a.md" } },
      { type: "tool-call", id: "toolu_02", name: "apply_patch", arguments: { input: "*** Begin Patch" } },
    ],
    finishReason: { unified: "stop", raw: "end_turn" },
    usage: { inputTokens: 100, outputTokens: 20, cacheReadTokens: 60 },
  };

  test("items in order, our ids, the alias as model, calls under the client's own names, usage", () => {
    const names = toolNameMap(
      [
        { type: "namespace", name: "mcp__fs", description: "fs", tools: [{ type: "function", name: "read_text_file" }] },
        { type: "custom", name: "apply_patch" },
      ],
    );
    const body = encodeResponse(answer, clientContext(), names);
    expect(body).toMatchObject({ id: "resp_test1", object: "response", created_at: 1741569952, status: "completed", model: "my-alias", error: null, incomplete_details: null });
    expect(body.output).toEqual([
      { type: "reasoning", id: "rs_test2", summary: [{ type: "summary_text", text: "Thinking in Claude." }], status: "completed" },
      { type: "message", id: "msg_test3", status: "completed", role: "assistant", content: [{ type: "output_text", text: "Let me check.", annotations: [], logprobs: [] }] },
      { type: "function_call", id: "fc_test4", call_id: "toolu_01", name: "read_text_file", arguments: '{"path":"a.md"}', status: "completed", namespace: "mcp__fs" },
      { type: "custom_tool_call", id: "fc_test5", call_id: "toolu_02", name: "apply_patch", input: "*** Begin Patch", status: "completed" },
    ]);
    expect(body.usage).toEqual({ input_tokens: 100, input_tokens_details: { cached_tokens: 60 }, output_tokens: 20, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 120 });
  });

  test("a Responses upstream's reasoning goes back with its own id and encrypted_content; resp_ ids are kept", () => {
    const unified = decodeResponse(fixtureJson("responses/reasoning-tools.json"), testContext());
    const body = encodeResponse({ ...unified, model: "alias" }, clientContext());
    expect(body.id).toBe("resp_68af4030592c81938ec0a5fbab4a3e9f05438e46b5f69a3b");
    expect(body.output[0]).toMatchObject({ type: "reasoning", id: "rs_68af4030baa48193b0b43b4c2a176a1a05438e46b5f69a3b", encrypted_content: "gAAAAABor0Aw_encrypted_reasoning_blob==" });
    // Without the client's name map, a flattened name stays flat.
    expect(body.output[2]).toMatchObject({ type: "function_call", name: "mcp__fs__read_text_file" });
  });

  test("length and content filter are incomplete with their reason", () => {
    const cut = encodeResponse({ ...answer, content: [{ type: "text", text: "cut" }], finishReason: { unified: "length" } }, clientContext());
    expect(cut).toMatchObject({ status: "incomplete", incomplete_details: { reason: "max_output_tokens" } });
    const filtered = encodeResponse({ ...answer, content: [], finishReason: { unified: "content-filter" } }, clientContext());
    expect(filtered).toMatchObject({ status: "incomplete", incomplete_details: { reason: "content_filter" }, output: [] });
  });
});
