// In charge of checking client Responses bodies decode into the unified request, Codex's included, with precise 400s.
import { describe, expect, test } from "bun:test";
import { decodeRequest } from "../../../../src/protocols/responses/decode-request.ts";
import { ProxyError } from "../../../../src/unified/errors.ts";
import { fixtureJson } from "./helpers.ts";

function decode(body: unknown) {
  return decodeRequest({ body });
}

function failure(body: unknown): string {
  try {
    decode(body);
  } catch (error) {
    expect(error).toBeInstanceOf(ProxyError);
    expect((error as ProxyError).status).toBe(400);
    return (error as ProxyError).message;
  }
  throw new Error("expected a 400");
}

describe("responses decodeRequest", () => {
  test("basic: string input, instructions, sampling, user, Responses-only fields kept aside", () => {
    const { value, warnings } = decode(fixtureJson("requests/basic.json"));
    expect(value.model).toBe("gpt-5");
    expect(value.system).toEqual([{ type: "text", text: "You are a concise assistant." }]);
    expect(value.messages).toEqual([{ role: "user", content: [{ type: "text", text: "What is the capital of France?" }] }]);
    expect(value).toMatchObject({ temperature: 0.2, topP: 0.9, maxTokens: 256, user: "user-1234", stream: false, tools: [] });
    expect(value.extensions.responses?.passthrough).toEqual({ metadata: { session: "abc" } });
    expect(warnings).toEqual([]);
  });

  test("codex: developer messages are the system prompt, one assistant turn, results linked, namespace flattened, web_search aside", () => {
    const { value, warnings } = decode(fixtureJson("requests/codex.json"));
    expect(value.stream).toBe(true);
    expect(value.system.map((part) => part.text)).toEqual([
      "You are Codex, a coding agent based on GPT-5. You and the user share the same workspace.",
      "<permissions instructions>Filesystem sandboxing: workspace-write. Approval policy: on-request.</permissions instructions>",
    ]);
    expect(value.messages.map((message) => message.role)).toEqual(["user", "user", "assistant", "user", "assistant", "user"]);
    const turn = value.messages[2]!;
    expect(turn.role === "assistant" ? turn.content : null).toEqual([
      {
        type: "reasoning",
        text: "**Listing files**\n\nI will list the directory first.",
        signature: JSON.stringify({ id: "rs_68b1c0ffee0001", encrypted_content: "gAAAAABoscodexEncryptedReasoningBlob0001==" }),
        signatureProtocol: "openai-responses",
      },
      { type: "tool-call", id: "call_ls0001", name: "exec_command", arguments: { cmd: "ls -la", workdir: "/home/dev/project" } },
      { type: "tool-call", id: "call_read0001", name: "mcp__fs__read_text_file", arguments: { path: "README.md" } },
    ]);
    const results = value.messages[3]!;
    expect(results.content.map((part) => (part.type === "tool-result" ? [part.callId, part.name] : part.type))).toEqual([
      ["call_ls0001", "exec_command"],
      ["call_read0001", "mcp__fs__read_text_file"],
    ]);
    expect(value.tools.map((tool) => tool.name)).toEqual(["exec_command", "write_stdin", "mcp__fs__read_text_file", "mcp__fs__list_directory"]);
    expect(value.tools[0]).toMatchObject({ strict: false, description: "Runs a command in a PTY, returning output or a session ID for ongoing interaction." });
    expect(value.toolChoice).toEqual({ type: "auto" });
    expect(value.parallelToolCalls).toBe(true);
    expect(value.thinking).toEqual({ enabled: true, includeThoughts: true, effort: "medium" });
    expect(value.extensions.responses).toEqual({
      passthrough: { include: ["reasoning.encrypted_content"], prompt_cache_key: "0199a3b2-5c6d-7e8f-9a0b-1c2d3e4f5a6b", text: { verbosity: "medium" }, reasoning: { summary: "auto" } },
      toolNames: { mcp__fs__read_text_file: { name: "read_text_file", namespace: "mcp__fs" }, mcp__fs__list_directory: { name: "list_directory", namespace: "mcp__fs" } },
      namespaces: { mcp__fs: "Tools from the fs MCP server." },
      hostedTools: [{ type: "web_search", external_web_access: true }],
    });
    expect(warnings.map((warning) => warning.feature)).toEqual(["tool:web_search"]);
  });

  test("tools history: images, grouped outputs with images, a named tool_choice, in-place system role", () => {
    const { value } = decode(fixtureJson("requests/tools-history.json"));
    expect(value.system).toEqual([{ type: "text", text: "You help with weather." }]);
    const user = value.messages[0]!;
    expect(user.content[1]).toEqual({ type: "image", source: { kind: "base64", mediaType: "image/png", data: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==" }, detail: "low" });
    const results = value.messages[2]!;
    expect(results.role).toBe("user");
    expect(results.content).toEqual([
      { type: "tool-result", callId: "call_w1", name: "get_weather", content: [{ type: "text", text: "18°C, cloudy" }] },
      { type: "tool-result", callId: "call_w2", name: "get_weather", content: [{ type: "text", text: "25°C, sunny" }, { type: "image", source: { kind: "url", url: "https://example.com/tokyo.png" } }] },
    ]);
    expect(value.messages.slice(3)).toEqual([
      { role: "assistant", content: [{ type: "text", text: "Paris: 18°C and cloudy. Tokyo: 25°C and sunny." }] },
      { role: "user", content: [{ type: "text", text: "Thanks! And tomorrow?" }] },
    ]);
    expect(value.tools[0]?.strict).toBe(true);
    expect(value.toolChoice).toEqual({ type: "tool", name: "get_weather" });
    expect(value.parallelToolCalls).toBe(false);
  });

  test("text.format json_schema and reasoning effort without summary", () => {
    const { value } = decode(fixtureJson("requests/json-schema.json"));
    expect(value.responseFormat).toMatchObject({ type: "json-schema", name: "calendar_event", strict: true });
    expect(value.thinking).toEqual({ enabled: true, includeThoughts: false, effort: "low" });
    expect(value.extensions.responses?.passthrough).toEqual({ text: { verbosity: "low" } });
  });

  test("custom (freeform) tools become one-string-argument functions; their history keeps the input", () => {
    const { value, warnings } = decode(fixtureJson("requests/custom-tool.json"));
    expect(value.tools).toEqual([
      {
        name: "apply_patch",
        description: "Use the `apply_patch` tool to edit files.",
        parameters: { type: "object", properties: { input: { type: "string", description: "Raw tool input, written in this lark grammar:\nstart: begin_patch hunk+ end_patch" } }, required: ["input"] },
      },
    ]);
    expect(value.messages[1]).toEqual({ role: "assistant", content: [{ type: "tool-call", id: "call_patch1", name: "apply_patch", arguments: { input: "*** Begin Patch\n*** Add File: hello.txt\n+hi\n*** End Patch" } }] });
    expect(value.messages[2]?.content[0]).toMatchObject({ type: "tool-result", callId: "call_patch1", name: "apply_patch" });
    expect(value.extensions.responses?.toolNames).toEqual({ apply_patch: { name: "apply_patch", custom: true, format: { type: "grammar", syntax: "lark", definition: "start: begin_patch hunk+ end_patch" } } });
    expect(warnings.map((warning) => warning.feature)).toEqual(["tool:custom"]);
  });

  test("reasoning effort none, xhigh, and a summary alone", () => {
    const base = { model: "m", input: "x" };
    expect(decode({ ...base, reasoning: { effort: "none" } }).value.thinking).toEqual({ enabled: false });
    const xhigh = decode({ ...base, reasoning: { effort: "xhigh" } });
    expect(xhigh.value.thinking?.effort).toBe("high");
    expect(xhigh.warnings[0]?.feature).toBe("reasoning.effort");
    expect(decode({ ...base, reasoning: { summary: "detailed" } }).value.thinking).toEqual({ enabled: true, includeThoughts: true });
    expect(decode({ ...base, reasoning: {} }).value.thinking).toBeUndefined();
  });

  test("unknown item types and unknown fields are dropped with warnings, never a 400", () => {
    const { value, warnings } = decode({
      model: "m",
      input: [
        { type: "message", role: "user", content: "hi" },
        { type: "web_search_call", id: "ws_1", status: "completed", action: { type: "search", query: "bun" } },
        { type: "item_reference", id: "msg_old" },
        { type: "reasoning", id: "rs_stored_only", summary: [] },
      ],
      client_metadata: { originator: "codex_cli_rs" },
      background: true,
    });
    expect(value.messages).toEqual([{ role: "user", content: [{ type: "text", text: "hi" }] }]);
    expect(warnings.map((warning) => warning.feature)).toEqual(["input:web_search_call", "input:item_reference", "reasoning", "background", "client_metadata"]);
  });

  test("precise 400s", () => {
    expect(failure([])).toBe("request body: expected a JSON object");
    expect(failure({ input: "x" })).toBe("model: expected a non-empty string");
    expect(failure({ model: "m" })).toBe("input: expected a string or an array of input items");
    expect(failure({ model: "m", input: 3 })).toBe("input: expected a string or an array of input items");
    expect(failure({ model: "m", input: "" })).toBe("input: must not be empty");
    expect(failure({ model: "m", input: [{ role: "robot", content: "x" }] })).toBe("input[0].role: unknown role 'robot'");
    expect(failure({ model: "m", input: [{ content: "x" }] })).toBe("input[0]: expected a message (with a role) or an item with a type");
    expect(failure({ model: "m", input: [{ type: "function_call", name: "f", arguments: "{}" }] })).toBe("input[0].call_id: expected a string");
    expect(failure({ model: "m", input: [{ role: "user", content: [{ type: "input_text", text: 5 }] }] })).toBe("input[0].content[0].text: expected a string");
    expect(failure({ model: "m", input: "x", temperature: "hot" })).toBe("temperature: expected a number, got a string");
    expect(failure({ model: "m", input: "x", tools: [{ type: "function" }] })).toBe("tools[0].name: expected a non-empty string");
    expect(failure({ model: "m", input: "x", tool_choice: "sometimes" })).toBe("tool_choice: unknown value 'sometimes' (expected auto, none, required or an object)");
    expect(failure({ model: "m", input: "x", text: { format: { type: "yaml" } } })).toBe("text.format.type: unknown value 'yaml'");
  });

  test("server-side state the route could not resolve is refused clearly", () => {
    expect(failure({ model: "m", input: "x", previous_response_id: "resp_1" })).toContain("previous_response_id: this response is not stored by ccproxy");
    expect(failure({ model: "m", input: "x", conversation: "conv_1" })).toContain("conversation: server-side conversations are not supported");
  });
});
