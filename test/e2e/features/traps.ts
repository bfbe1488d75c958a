// In charge of one test per known conversion trap, registered inside each client × upstream × stream describe.
import { expect, test } from "bun:test";
import { FINISH, type Four, type Turn } from "./conversation.ts";
import { readFixture, STRICT_TOOL, TIME, WEATHER, keysDeep } from "./fixtures.ts";
import { SKIP_SIGNATURE, type Pair } from "./pair.ts";
import { allText, partsOf, type UpstreamView } from "./upstream-view.ts";
import type { FakeScenario } from "../../fakes/scenario.ts";

const GEMINI_CALL_SIGNATURE = "CiQB0e2Kb9Lf3xQz1yN0pX2wBvCall0001";

/** Each upstream's stream for "Hi there" with no finish reason anywhere, but otherwise complete. */
async function framesWithoutFinish(upstream: Four): Promise<string[]> {
  if (upstream === "openai") return (await readFixture("openai/streams/no-finish-reason.sse")).split(/(?<=\n\n)/);
  if (upstream === "ollama") {
    const line = (content: string, done: boolean) => JSON.stringify({ model: "m", created_at: "2025-01-01T00:00:00Z", message: { role: "assistant", content }, done, ...(done ? { prompt_eval_count: 3, eval_count: 2 } : {}) }) + "\n";
    return [line("Hi", false), line(" there", false), line("", true)];
  }
  const sse = (type: string, payload: Record<string, unknown>) => `event: ${type}\ndata: ${JSON.stringify({ type, ...payload })}\n\n`;
  return [
    sse("message_start", { message: { id: "msg_01NoStop", type: "message", role: "assistant", model: "m", content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 3, output_tokens: 1 } } }),
    sse("content_block_start", { index: 0, content_block: { type: "text", text: "" } }),
    sse("content_block_delta", { index: 0, delta: { type: "text_delta", text: "Hi" } }),
    sse("content_block_delta", { index: 0, delta: { type: "text_delta", text: " there" } }),
    sse("content_block_stop", { index: 0 }),
    sse("message_delta", { delta: { stop_reason: null, stop_sequence: null }, usage: { output_tokens: 2 } }),
    sse("message_stop", {}),
  ];
}

/**
 * OpenAI, Claude and Gemini accept a history only when each assistant turn's calls are answered,
 * call for call, right after it (OpenAI: the following tool messages; Claude/Gemini: the next
 * user turn), and no result stands anywhere else.
 */
function expectPairedHistory(view: UpstreamView, upstream: Four): void {
  let answered = 0;
  view.messages.forEach((message, index) => {
    const calls = message.parts.filter((part) => part.type === "call");
    if (calls.length === 0) return;
    const following = upstream === "openai" ? view.messages.slice(index + 1, index + 1 + calls.length) : view.messages.slice(index + 1, index + 2);
    const results = following.flatMap((next) => next.parts.filter((part) => part.type === "result"));
    const key = (part: { id?: string; name?: string }) => (upstream === "gemini" ? part.name : part.id);
    expect(results.map(key).sort()).toEqual(calls.map(key).sort());
    answered += results.length;
  });
  expect(partsOf(view, "result")).toHaveLength(answered);
}

/** Claude's stream for a call of a tool without arguments: the only input_json_delta is empty (the final input is {}). */
function claudeNoArgumentFrames(): string[] {
  const sse = (type: string, payload: Record<string, unknown>) => `event: ${type}\ndata: ${JSON.stringify({ type, ...payload })}\n\n`;
  return [
    sse("message_start", { message: { id: "msg_01NoArgs", type: "message", role: "assistant", model: "m", content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 3, output_tokens: 1 } } }),
    sse("content_block_start", { index: 0, content_block: { type: "tool_use", id: "toolu_01Now", name: "get_time", input: {} } }),
    sse("content_block_delta", { index: 0, delta: { type: "input_json_delta", partial_json: "" } }),
    sse("content_block_stop", { index: 0 }),
    sse("message_delta", { delta: { stop_reason: "tool_use", stop_sequence: null }, usage: { output_tokens: 5 } }),
    sse("message_stop", {}),
  ];
}

export function registerTrapTests(pair: Pair): void {
  const { client, upstream, stream, direct, send, seen } = pair;
  const lastBody = pair.lastBody;
  if (client !== "claude") {
    test("trap: Claude requires max_tokens; ccproxy adds one for Claude and invents none elsewhere", async () => {
      await send({ turns: [{ role: "user", text: "hi" }] }, { text: "ok" });
      const maxTokens = seen().params.maxTokens;
      if (upstream === "claude") expect(maxTokens).toBeGreaterThan(0);
      else expect(maxTokens).toBeUndefined();
    });
  }

  if (!direct) {
    test("trap: a tool call next to a plain stop reason (Claude end_turn) still reaches the client as a tool call", async () => {
      const rawFinish = { openai: "stop", claude: "end_turn", gemini: "STOP", ollama: "stop" }[upstream];
      const outcome = await send({ turns: [{ role: "user", text: "Weather in Rome?" }], tools: [WEATHER] }, { text: "", toolCalls: [{ id: "call_e1", name: "get_weather", arguments: { city: "Rome" } }], rawFinish });
      expect(outcome.toolCalls.map(({ name, arguments: args }) => ({ name, args }))).toEqual([{ name: "get_weather", args: { city: "Rome" } }]);
      expect(outcome.finish).toBe(FINISH[client].tools);
    });
  }

  test("trap: parallel tool-call argument fragments stay with their own call", async () => {
    const scenario: FakeScenario =
      upstream === "openai" && stream
        ? { rawFrames: (await readFixture("openai/streams/parallel-tools-interleaved.sse")).split(/(?<=\n\n)/) }
        : { toolCalls: [{ id: "call_paris", name: "get_weather", arguments: { city: "Paris" } }, { id: "call_tokyo", name: "get_weather", arguments: { city: "Tokyo", days: 2 } }], chunkSize: 1 };
    const outcome = await send({ turns: [{ role: "user", text: "Weather in Paris and Tokyo?" }], tools: [WEATHER] }, scenario);
    expect(outcome.toolCalls.map(({ name, arguments: args }) => ({ name, args }))).toEqual([
      { name: "get_weather", args: { city: "Paris" } },
      { name: "get_weather", args: { city: "Tokyo", days: 2 } },
    ]);
    const ids = outcome.toolCalls.map((call) => call.id).filter((id) => id !== undefined);
    expect(new Set(ids).size).toBe(ids.length);
    expect(outcome.finish).toBe(FINISH[client].tools);
  });

  test("trap: Gemini schemas lose additionalProperties, $schema, const, exclusiveMinimum and default", async () => {
    const outcome = await send({ turns: [{ role: "user", text: "Read /a.txt" }], tools: [STRICT_TOOL] }, { toolCalls: [{ id: "call_s1", name: "read_file", arguments: { file_path: "/a.txt", offset: 1 } }] });
    expect(outcome.toolCalls.map(({ name, arguments: args }) => ({ name, args }))).toEqual([{ name: "read_file", args: { file_path: "/a.txt", offset: 1 } }]);
    const parameters = seen().tools[0]?.parameters as { properties: Record<string, unknown>; required: string[] };
    expect(parameters.required).toEqual(["file_path"]);
    if (upstream === "gemini" && !direct) {
      const keys = keysDeep(parameters);
      for (const banned of ["$schema", "additionalProperties", "const", "exclusiveMinimum", "default"]) expect(keys.has(banned)).toBe(false);
      expect(parameters.properties.offset).toEqual({ type: "INTEGER", minimum: 1, maximum: 9007199254740991 });
      expect(parameters.properties.mode).toEqual({ type: "STRING", enum: ["text"] });
    } else expect(parameters.properties.file_path).toEqual({ type: "string", description: "Absolute path" });
  });

  if (!direct && upstream !== "ollama") {
    test("trap: a call left unanswered and a result answering no call still make a history the upstream accepts", async () => {
      const turns: Turn[] = [
        { role: "user", text: "Go" },
        { role: "assistant", text: "Calling.", calls: [{ id: "call_a", name: "get_weather", arguments: { city: "Oslo" } }] },
        { role: "user", text: "never mind" },
        { role: "tool", results: [{ id: "call_zz", name: "get_time", content: "orphan result" }] },
      ];
      const outcome = await send({ turns, tools: [WEATHER, TIME] }, { text: "OK." });
      expect(outcome.text).toBe("OK.");
      const view = seen();
      expectPairedHistory(view, upstream);
      expect(allText(view)).toContain("orphan result");
      expect(allText(view)).toContain("never mind");
    });
  }

  if (upstream === "claude" && client !== "claude") {
    test("trap: no empty or whitespace-only text block is sent to Claude", async () => {
      const turns: Turn[] = [
        { role: "user", text: "Go" },
        { role: "assistant", text: "", calls: [{ id: "call_x1", name: "get_weather", arguments: { city: "Lima" } }] },
        { role: "tool", results: [{ id: "call_x1", name: "get_weather", content: "" }] },
        { role: "user", text: " " },
      ];
      const outcome = await send({ turns, tools: [WEATHER] }, { text: "Done." });
      expect(outcome.text).toBe("Done.");
      const texts = JSON.stringify(lastBody()).match(/"type":"text","text":"[^"]*"/g) ?? [];
      for (const text of texts) expect(text).not.toMatch(/"text":"\s*"$/);
      expect(partsOf(seen(), "call")).toHaveLength(1);
    });
  }

  if (client === "claude" && upstream !== "claude") {
    test("trap: an upstream's empty text next to a tool call becomes no Claude text block", async () => {
      const outcome = await send({ turns: [{ role: "user", text: "Weather?" }], tools: [WEATHER] }, { text: "", toolCalls: [{ id: "call_y1", name: "get_weather", arguments: { city: "Quito" } }] });
      const content = (outcome.raw as { content: Array<{ type: string }> }).content;
      expect(content.map((block) => block.type)).toEqual(["tool_use"]);
      expect(JSON.stringify(outcome.chunks)).not.toContain('"content_block":{"type":"text"');
    });
  }

  if (stream && !direct && upstream !== "gemini") {
    test("trap: an upstream stream that ends without a finish reason still ends normally", async () => {
      const outcome = await send({ turns: [{ role: "user", text: "Say hi." }] }, { rawFrames: await framesWithoutFinish(upstream) });
      expect(outcome.text).toBe("Hi there");
      expect(outcome.finish).toBe(FINISH[client].stop);
    });
  }

  if (upstream === "openai" && stream && !direct) {
    test("trap: an OpenAI-compatible upstream reusing index 0 for a second call (vLLM) gives two calls", async () => {
      const outcome = await send({ turns: [{ role: "user", text: "Read both files." }], tools: [STRICT_TOOL] }, { rawFrames: (await readFixture("openai/streams/repeated-id-whole-call.sse")).split(/(?<=\n\n)/) });
      expect(outcome.toolCalls.map(({ name, arguments: args }) => ({ name, args }))).toEqual([
        { name: "read", args: { path: "a.txt" } },
        { name: "read", args: { path: "b.txt" } },
      ]);
      expect(outcome.finish).toBe(FINISH[client].tools);
    });
  }

  test("trap: a call of a tool without arguments arrives with {} as its arguments, never an empty string", async () => {
    const scenario: FakeScenario = upstream === "claude" && stream ? { rawFrames: claudeNoArgumentFrames() } : { toolCalls: [{ id: "call_n1", name: "get_time", arguments: {} }] };
    const outcome = await send({ turns: [{ role: "user", text: "What time is it?" }], tools: [{ ...TIME, parameters: { type: "object", properties: {} } }] }, scenario);
    expect(outcome.toolCalls.map(({ name, arguments: args }) => ({ name, args }))).toEqual([{ name: "get_time", args: {} }]);
    expect(outcome.finish).toBe(FINISH[client].tools);
  });

  if (client === "claude" && upstream === "claude") {
    test("trap: reasoning ccproxy showed a Claude client without a signature (signature \"\") is not sent to a Claude upstream", async () => {
      // Turn 1 was served by a non-Claude target of the alias (failover or a group switch): its reasoning came back with signature "".
      const turns: Turn[] = [
        { role: "user", text: "Weather in Oslo?" },
        { role: "assistant", reasoning: { text: "Foreign reasoning.", signature: "" }, text: "Checking.", calls: [{ id: "call_f1", name: "get_weather", arguments: { city: "Oslo" } }] },
        { role: "tool", results: [{ id: "call_f1", name: "get_weather", content: "-3°C" }] },
      ];
      const outcome = await send({ turns, tools: [WEATHER] }, { text: "Cold." });
      expect(outcome.text).toBe("Cold.");
      // Anthropic rejects a thinking block whose signature is not its own; an empty one can only be dropped.
      expect(partsOf(seen(), "reasoning")).toEqual([]);
      expect(partsOf(seen(), "call")).toHaveLength(1);
    });
  }

  if (upstream === "gemini") {
    test("trap: a Gemini thoughtSignature on a functionCall goes back to Gemini only, else the documented placeholder", async () => {
      const answer = { candidates: [{ content: { role: "model", parts: [{ functionCall: { name: "get_weather", args: { city: "Bern" } }, thoughtSignature: GEMINI_CALL_SIGNATURE }] }, finishReason: "STOP", index: 0 }], usageMetadata: { promptTokenCount: 9, candidatesTokenCount: 4, totalTokenCount: 13 }, modelVersion: "upstream-gemini", responseId: "resp1" };
      const first = await send({ turns: [{ role: "user", text: "Weather in Bern?" }], tools: [WEATHER] }, stream ? { rawFrames: [`data: ${JSON.stringify(answer)}\r\n\r\n`] } : { rawBody: JSON.stringify(answer) });
      const call = first.toolCalls[0]!;
      expect({ name: call.name, args: call.arguments }).toEqual({ name: "get_weather", args: { city: "Bern" } });
      expect(call.signature).toBe(client === "gemini" ? GEMINI_CALL_SIGNATURE : undefined);
      if (client !== "gemini") expect(JSON.stringify(first.raw)).not.toContain(GEMINI_CALL_SIGNATURE);
      const id = call.id ?? "call_bern";
      const turns: Turn[] = [
        { role: "user", text: "Weather in Bern?" },
        { role: "assistant", calls: [{ id, name: call.name, arguments: call.arguments, ...(call.signature ? { signature: call.signature } : {}) }] },
        { role: "tool", results: [{ id, name: call.name, content: "5°C" }] },
      ];
      const second = await send({ turns, tools: [WEATHER] }, { text: "Chilly." });
      expect(second.text).toBe("Chilly.");
      expect(partsOf(seen(), "call")[0]?.signature).toBe(client === "gemini" ? GEMINI_CALL_SIGNATURE : SKIP_SIGNATURE);
    });
  }
}
