// In charge of the recorded real-client bodies (clients.md: Claude Code, Gemini CLI) end to end through each of the four upstreams.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { FOUR, type Four } from "./features/conversation.ts";
import { keysDeep, readFixture } from "./features/fixtures.ts";
import { assembleWithSdk, expectClaudeGrammar, parseSse } from "./features/sse.ts";
import { partsOf, upstreamView } from "./features/upstream-view.ts";
import { ACCESS_KEY, PROVIDER_KEY, startHarness, type Harness } from "./harness.ts";

/** Claude Code reaches each upstream through its own group (`ANTHROPIC_BASE_URL=http://host/cc-<upstream>`), alias `claude-*`. */
function groupsToml(): string {
  const claudeCode = FOUR.map((upstream) => `[[groups]]\nname = "cc-${upstream}"\n[[groups.aliases]]\nalias = "claude-*"\ntargets = ["${upstream}/upstream-${upstream}"]\n`).join("\n");
  const team = FOUR.map((upstream) => `[[groups.aliases]]\nalias = "gemini-cli-${upstream}"\ntargets = ["${upstream}/upstream-${upstream}"]`).join("\n");
  return `${claudeCode}\n[[groups]]\nname = "team"\n${team}\n`;
}

let harness: Harness;
let claudeCode: Record<string, unknown>;
let claudeHeaders: Record<string, string>;
let geminiRouter: Record<string, unknown>;
let geminiTurn: Record<string, unknown>;
let geminiHeaders: Record<string, string>;

beforeAll(async () => {
  harness = await startHarness({ toml: groupsToml() });
  const load = async <T>(name: string) => JSON.parse(await readFixture(`clients/${name}`)) as T;
  claudeCode = await load("claude-code.json");
  claudeHeaders = await load("claude-code.headers.json");
  geminiRouter = await load("gemini-cli-router.json");
  geminiTurn = await load("gemini-cli-turn.json");
  geminiHeaders = await load("gemini-cli.headers.json");
});
afterAll(async () => {
  await harness.stop();
});

/** Usage each fake reports for {input 5000, output 40, cacheRead 4000, cacheWrite 200}, as Claude Code must see it (input excludes cache). */
const CLAUDE_CODE_USAGE: Record<Four, { input_tokens: number; cache_read_input_tokens: number; cache_creation_input_tokens: number }> = {
  openai: { input_tokens: 5200, cache_read_input_tokens: 4000, cache_creation_input_tokens: 0 },
  claude: { input_tokens: 5000, cache_read_input_tokens: 4000, cache_creation_input_tokens: 200 },
  gemini: { input_tokens: 5200, cache_read_input_tokens: 4000, cache_creation_input_tokens: 0 },
  ollama: { input_tokens: 5000, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 },
};

describe("Claude Code: POST /v1/messages?beta=true, streamed, with its recorded body and headers", () => {
  for (const upstream of FOUR) {
    test(`through the ${upstream} upstream: 200 and a well-formed Claude stream`, async () => {
      harness.fakes[upstream].setScenario({
        reasoning: "Run the tests now.",
        reasoningSignature: "sig-claude-code",
        text: "Running the tests.",
        toolCalls: [{ id: "toolu_01Bash9", name: "Bash", arguments: { command: "bun test", description: "Run tests" } }],
        usage: { input: 5000, output: 40, cacheRead: 4000, cacheWrite: 200 },
        chunkSize: 7,
      });
      const response = await fetch(`${harness.url}/cc-${upstream}/v1/messages?beta=true`, { method: "POST", headers: { ...claudeHeaders, "x-api-key": ACCESS_KEY }, body: JSON.stringify(claudeCode) });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toContain("text/event-stream");
      const message = await assembleWithSdk(expectClaudeGrammar(parseSse(await response.text())));
      expect(message.content.map((block) => block.type)).toEqual(["thinking", "text", "tool_use"]);
      expect(message.content[0]).toMatchObject({ type: "thinking", thinking: "Run the tests now.", signature: upstream === "claude" ? "sig-claude-code" : "" });
      expect(message.content[1]).toMatchObject({ type: "text", text: "Running the tests." });
      expect(message.content[2]).toMatchObject({ type: "tool_use", name: "Bash", input: { command: "bun test", description: "Run tests" } });
      expect(message.stop_reason).toBe("tool_use");
      expect(message.usage).toMatchObject({ ...CLAUDE_CODE_USAGE[upstream], output_tokens: 40 });
      expect(message.model).toBe(upstream === "claude" ? "upstream-claude" : "claude-opus-5-5");
      checkClaudeCodeUpstream(upstream);
    });
  }
});

describe("Claude Code: POST /v1/messages/count_tokens?beta=true with its tools", () => {
  for (const upstream of FOUR) {
    test(`through the ${upstream} upstream: the upstream's own count, or an estimate`, async () => {
      const { max_tokens: _max, stream: _stream, metadata: _metadata, ...countBody } = claudeCode;
      const before = harness.fakes[upstream].requests.length;
      const response = await fetch(`${harness.url}/cc-${upstream}/v1/messages/count_tokens?beta=true`, { method: "POST", headers: { ...claudeHeaders, "x-api-key": ACCESS_KEY }, body: JSON.stringify(countBody) });
      expect(response.status).toBe(200);
      const { input_tokens } = (await response.json()) as { input_tokens: number };
      if (upstream === "claude" || upstream === "gemini") {
        expect(input_tokens).toBe(upstream === "claude" ? 1234 : 2345);
        const sent = harness.fakes[upstream].last();
        expect(sent.path).toBe(upstream === "claude" ? "/v1/messages/count_tokens" : "/v1beta/models/upstream-gemini:countTokens");
        expect(JSON.stringify(sent.body)).toContain("DeferredToolPlaceholder");
      } else {
        // The estimate covers system, messages and tools: Claude Code's prompt is thousands of characters.
        expect(input_tokens).toBeGreaterThan(500);
        expect(harness.fakes[upstream].requests.length).toBe(before);
      }
    });
  }
});

function checkClaudeCodeUpstream(upstream: Four): void {
  const request = harness.fakes[upstream].last();
  const view = upstreamView(upstream, request);
  const body = JSON.stringify(request.body);
  // The client's access key never reaches an upstream; the provider key does.
  expect(body).not.toContain(ACCESS_KEY);
  expect(JSON.stringify(request.headers)).not.toContain(ACCESS_KEY);
  expect(JSON.stringify(request.headers)).toContain(PROVIDER_KEY);
  const results = partsOf(view, "result");
  expect(results.map((result) => result.text)).toEqual(["     1\texport function add(a: number, b: number): number {\n     2\t  return a - b;\n     3\t}\n", "The file /repo/src/math.ts has been updated."]);
  expect(view.tools.map((tool) => tool.name)).toEqual(["Read", "Bash", "Edit", "Write", "Agent", "ToolSearch", "DeferredToolPlaceholder"]);
  expect(view.params.maxTokens).toBe(128000);
  switch (upstream) {
    case "claude":
      // Same protocol: Claude Code's body goes on untouched but for the model; its beta flags go along.
      expect(request.body).toEqual({ ...claudeCode, model: "upstream-claude" });
      expect(request.headers["anthropic-beta"]).toBe(claudeHeaders["anthropic-beta"]);
      expect(request.headers["x-api-key"]).toBe(PROVIDER_KEY);
      break;
    case "openai":
      expect(view.body.stream).toBe(true);
      expect(view.system.join("\n")).toContain("You are Claude Code");
      expect(view.messages.filter((message) => message.role === "system").map((message) => (message.parts[0] as { text: string }).text)).toEqual(["The user is working in /repo on branch main. Today's date is 2026-11-25.", "<system-reminder>Context left until auto-compact: 12%</system-reminder>"]);
      expect(view.thinking).toBe("medium");
      for (const callId of ["toolu_01A09q90qw90lq917835lq9", "toolu_01Edit7Qx"]) {
        const at = view.messages.findIndex((message) => message.parts.some((part) => part.type === "call" && part.id === callId));
        expect(view.messages[at + 1]?.parts[0]).toMatchObject({ type: "result", id: callId });
      }
      expect(body).not.toContain("EqMBCkgIBxAB");
      break;
    case "gemini":
      expect(request.path).toBe("/v1beta/models/upstream-gemini:streamGenerateContent");
      expect(request.search).toBe("?alt=sse");
      expect(view.system.join("\n")).toContain("You are Claude Code");
      expect(view.system.join("\n")).toContain("Context left until auto-compact");
      expect((view.body.contents as Array<{ role: string }>).every((content) => content.role === "user" || content.role === "model")).toBe(true);
      for (let i = 1; i < view.messages.length; i++) expect(view.messages[i]!.role).not.toBe(view.messages[i - 1]!.role);
      expect(results.map((result) => result.name)).toEqual(["Read", "Edit"]);
      for (const banned of ["$schema", "additionalProperties", "exclusiveMinimum", "defer_loading", "cache_control", "default"]) expect(keysDeep(view.tools).has(banned)).toBe(false);
      expect(view.thinking).toEqual({ includeThoughts: false, thinkingBudget: 8192 });
      expect(partsOf(view, "call").map((call) => call.signature)).toEqual(["skip_thought_signature_validator", "skip_thought_signature_validator"]);
      break;
    case "ollama":
      expect(view.body.stream).toBe(true);
      expect(view.system.join("\n")).toContain("You are Claude Code");
      expect(results.map((result) => result.name)).toEqual(["Read", "Edit"]);
      expect(view.thinking).toBe("medium");
      break;
  }
}

describe("Gemini CLI under a /team prefix: the JSON-mode router call, then a streamed turn with tools and history", () => {
  const geminiFetch = (path: string, body: unknown) => fetch(`${harness.url}/team/v1beta/models/${path}`, { method: "POST", headers: { ...geminiHeaders, "x-goog-api-key": ACCESS_KEY }, body: JSON.stringify(body) });

  for (const upstream of FOUR) {
    test(`router call (responseJsonSchema with upper-case types) through the ${upstream} upstream`, async () => {
      harness.fakes[upstream].setScenario({ text: '{"reasoning":"A small refactor.","model_choice":"flash"}' });
      const response = await fetch(`${harness.url}/team/v1beta/models/gemini-cli-${upstream}:generateContent`, { method: "POST", headers: { ...geminiHeaders, "x-goog-api-key": ACCESS_KEY }, body: JSON.stringify(geminiRouter) });
      expect(response.status).toBe(200);
      const answer = (await response.json()) as { candidates: Array<{ content: { role: string; parts: Array<{ text?: string }> }; finishReason: string }> };
      const candidate = answer.candidates[0]!;
      expect(candidate.content.role).toBe("model");
      expect(JSON.parse(candidate.content.parts.map((part) => part.text ?? "").join(""))).toEqual({ reasoning: "A small refactor.", model_choice: "flash" });
      expect(candidate.finishReason).toBe("STOP");
      const request = harness.fakes[upstream].last();
      const view = upstreamView(upstream, request);
      const lowerSchema = { type: "object", properties: { reasoning: { type: "string", description: "Why this model." }, model_choice: { type: "string", enum: ["flash", "pro"] }, confidence: { type: "number" }, steps: { type: "array", items: { type: "integer" } } }, required: ["reasoning", "model_choice"] };
      if (upstream === "gemini") expect(request.body).toEqual(geminiRouter);
      else if (upstream === "claude") {
        expect(view.system.join("\n")).toContain(JSON.stringify(lowerSchema));
        expect(view.system[0]).toBe("You are a router. Answer with JSON only.");
      } else expect(view.format).toEqual({ schema: lowerSchema });
      expect(view.thinking).toEqual({ openai: "high", claude: { type: "enabled", budget_tokens: 24000 }, gemini: { includeThoughts: true, thinkingLevel: "HIGH" }, ollama: "high" }[upstream]);
      if (upstream === "openai" || upstream === "ollama") expect(view.params).toMatchObject({ temperature: 0, topP: 1, topK: 64 });
    });

    test(`streamed turn (parametersJsonSchema tools, calls with ids and thoughtSignature, results by id) through the ${upstream} upstream`, async () => {
      harness.fakes[upstream].setScenario({ text: "Let me check.", toolCalls: [{ id: "call_gc1", name: "read_file", arguments: { absolute_path: "/work/README.md" } }], chunkSize: 5 });
      const response = await geminiFetch(`gemini-cli-${upstream}:streamGenerateContent?alt=sse`, geminiTurn);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toContain("text/event-stream");
      const chunks = parseSse(await response.text()).map((event) => JSON.parse(event.data) as { candidates: Array<{ content: { role: string; parts: Array<Record<string, unknown>> }; finishReason?: string }>; usageMetadata?: unknown });
      const parts = chunks.flatMap((chunk) => chunk.candidates[0]!.content.parts);
      expect(chunks.every((chunk) => chunk.candidates[0]!.content.role === "model")).toBe(true);
      expect(parts.filter((part) => typeof part.text === "string" && part.thought !== true).map((part) => part.text).join("")).toBe("Let me check.");
      const calls = parts.filter((part) => part.functionCall !== undefined).map((part) => part.functionCall as { id?: string; name: string; args: unknown });
      expect(calls.map(({ name, args }) => ({ name, args }))).toEqual([{ name: "read_file", args: { absolute_path: "/work/README.md" } }]);
      // Gemini CLI matches its functionResponse to the call by id: every call it gets has one.
      expect(calls[0]?.id).toBeTruthy();
      const last = chunks[chunks.length - 1]!;
      expect(last.candidates[0]!.finishReason).toBe("STOP");
      expect(last.usageMetadata).toBeDefined();
      checkGeminiTurnUpstream(upstream);
    });
  }
});

function checkGeminiTurnUpstream(upstream: Four): void {
  const request = harness.fakes[upstream].last();
  const view = upstreamView(upstream, request);
  const body = JSON.stringify(request.body);
  if (upstream === "gemini") {
    expect(request.body).toEqual(geminiTurn);
    expect(request.search).toBe("?alt=sse");
    return;
  }
  // Gemini signatures are for Gemini only.
  expect(body).not.toContain("CiQB0e2Kb9Lf3xQz1yN0pX2wBv");
  expect(view.system[0]).toBe("You are an interactive CLI agent specializing in software engineering tasks.");
  expect(view.tools.map((tool) => tool.name)).toEqual(["read_file", "run_shell_command"]);
  expect(JSON.stringify(view.tools)).not.toMatch(/"type":"(OBJECT|STRING|NUMBER)"/);
  const calls = partsOf(view, "call");
  const results = partsOf(view, "result");
  expect(calls.map((call) => call.name)).toEqual(["read_file", "run_shell_command"]);
  expect(results.map((result) => result.text)).toEqual(['{\n  "name": "demo",\n  "version": "1.2.3"\n}\n', "Command exited with code 128: not a git repository"]);
  // The CLI's own ids link calls and results for upstreams that need ids.
  const ids = ["read_file-1761234567890-4b2c1a7e", "run_shell_command-1761234567999-9d8e7f6a"];
  expect(calls.map((call) => call.id)).toEqual(ids);
  expect(results.map((result) => result.id)).toEqual(ids);
  if (upstream === "claude") expect(results.map((result) => result.isError === true)).toEqual([false, true]);
  if (upstream === "ollama") expect(results.map((result) => result.name)).toEqual(["read_file", "run_shell_command"]);
}

describe("Gemini REST clients without alt=sse get a streamed JSON array", () => {
  for (const upstream of FOUR) {
    test(`through the ${upstream} upstream`, async () => {
      harness.fakes[upstream].setScenario({ text: "Array of chunks.", toolCalls: [{ id: "call_arr", name: "read_file", arguments: { absolute_path: "/a" } }], chunkSize: 4 });
      const response = await fetch(`${harness.url}/team/v1beta/models/gemini-cli-${upstream}:streamGenerateContent`, { method: "POST", headers: { ...geminiHeaders, "x-goog-api-key": ACCESS_KEY }, body: JSON.stringify(geminiTurn) });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toContain("application/json");
      const chunks = JSON.parse(await response.text()) as Array<{ candidates: Array<{ content: { parts: Array<{ text?: string; functionCall?: { id?: string; name: string; args: unknown } }> }; finishReason?: string }> }>;
      expect(chunks.length).toBeGreaterThan(2);
      const parts = chunks.flatMap((chunk) => chunk.candidates[0]!.content.parts);
      expect(parts.map((part) => part.text ?? "").join("")).toBe("Array of chunks.");
      expect(parts.filter((part) => part.functionCall).map((part) => ({ name: part.functionCall!.name, args: part.functionCall!.args }))).toEqual([{ name: "read_file", args: { absolute_path: "/a" } }]);
      expect(chunks[chunks.length - 1]!.candidates[0]!.finishReason).toBe("STOP");
      // ccproxy always asks a Gemini upstream for SSE, whatever framing the client wants.
      if (upstream === "gemini") expect(harness.fakes.gemini.last().search).toBe("?alt=sse");
    });
  }
});
