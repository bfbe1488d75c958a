// In charge of POST /v1/responses end to end: Codex-shaped streams, previous_response_id, and the AI SDK's Responses provider.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createOpenAI } from "@ai-sdk/openai";
import { generateText, jsonSchema, stepCountIs, streamText, tool } from "ai";
import OpenAI from "openai";
import { isRecord } from "../../src/protocols/shared/json.ts";
import { PROTOCOLS, type ProtocolName } from "../../src/unified/protocol.ts";
import type { FakeScenario, RecordedRequest } from "../fakes/scenario.ts";
import { ACCESS_KEY, startHarness, type Harness } from "./harness.ts";

const OTHER_KEY = "sk-ccp-test-key-0002";

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({
    toml: `[[keys]]\nname = "other"\nkey = "${OTHER_KEY}"\n\n[[groups]]\nname = "team"\n[[groups.aliases]]\nalias = "team-model"\ntargets = ["claude/upstream-claude"]\n`,
  });
});
afterAll(async () => {
  await harness.stop();
});

type Json = Record<string, unknown>;

const CODEX = JSON.parse(readFileSync(join(import.meta.dir, "../fixtures/openai-responses/requests/codex.json"), "utf8")) as Json;

function codexBody(model: string): Json {
  return { ...CODEX, model };
}

/** Codex's own reading of the stream: `event:` names and `data:` payloads. */
async function postStream(path: string, body: Json): Promise<{ status: number; contentType: string; events: Array<{ event?: string; data: Json }> }> {
  const response = await fetch(`${harness.url}${path}`, { method: "POST", headers: { authorization: `Bearer ${ACCESS_KEY}`, "content-type": "application/json" }, body: JSON.stringify(body) });
  const text = await response.text();
  const events = text
    .split("\n\n")
    .filter((block) => block.trim() !== "")
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = JSON.parse(block.split("\n").filter((line) => line.startsWith("data: ")).map((line) => line.slice(6)).join("\n")) as Json;
      return event === undefined ? { data } : { event, data };
    });
  return { status: response.status, contentType: response.headers.get("content-type") ?? "", events };
}

function sdk(key = ACCESS_KEY, prefix = ""): OpenAI {
  return new OpenAI({ apiKey: key, baseURL: `${harness.url}${prefix}/v1`, maxRetries: 0 });
}

function sent(protocol: ProtocolName): string {
  return JSON.stringify(harness.fakes[protocol].last().body);
}

const CODEX_ANSWER: FakeScenario = {
  text: "Reading it now.",
  toolCalls: [
    { id: "call_r1", name: "mcp__fs__read_text_file", arguments: { path: "main.ts" } },
    { id: "call_x1", name: "exec_command", arguments: { cmd: "bun test" } },
  ],
  finish: "tool-calls",
  usage: { input: 900, output: 40, cacheRead: 100 },
  chunkSize: 4,
};

describe("Codex-shaped streamed requests", () => {
  for (const upstream of PROTOCOLS) {
    test(`→ ${upstream} upstream: namespace flattened and mapped back, web_search dropped, outputs delivered, event grammar`, async () => {
      harness.fakes[upstream].setScenario(CODEX_ANSWER);
      const { status, contentType, events } = await postStream("/v1/responses", codexBody(`${upstream}-model`));
      expect(status).toBe(200);
      expect(contentType).toContain("text/event-stream");
      events.forEach((event, index) => expect([event.event, event.data.sequence_number]).toEqual([event.data.type as string, index]));
      expect(events.slice(0, 2).map((event) => event.event)).toEqual(["response.created", "response.in_progress"]);
      const last = events.at(-1)!;
      expect(last.event).toBe("response.completed");
      // Ollama reports no cache reads: its prompt count is the uncached part.
      const cached = upstream === "ollama" ? 0 : 100;
      expect((last.data.response as Json).usage).toMatchObject({ input_tokens: 900 + cached, output_tokens: 40, input_tokens_details: { cached_tokens: cached } });
      const done = events.filter((event) => event.event === "response.output_item.done").map((event) => event.data.item as Json);
      const calls = done.filter((item) => item.type === "function_call").map((item) => [item.namespace ?? null, item.name, JSON.parse(item.arguments as string)]);
      expect(calls).toEqual([
        ["mcp__fs", "read_text_file", { path: "main.ts" }],
        [null, "exec_command", { cmd: "bun test" }],
      ]);
      expect(done.find((item) => item.type === "message")).toMatchObject({ content: [{ type: "output_text", text: "Reading it now." }] });
      const body = sent(upstream);
      expect(body).toContain("You are Codex, a coding agent");
      expect(body).toContain("-rw-r--r-- 1 dev dev 120 README.md");
      expect(body).toContain("# Project\\nA small demo.");
      if (upstream === "openai-responses") {
        // Same protocol, rebuilt: the namespace and the hosted tool go back as they were, and the reasoning with its encrypted content.
        expect(body).toContain('"type":"namespace"');
        expect(body).toContain('"type":"web_search"');
        expect(body).toContain("gAAAAABoscodexEncryptedReasoningBlob0001==");
      } else {
        expect(body).toContain("mcp__fs__read_text_file");
        expect(body).not.toContain("web_search");
        expect(body).not.toContain("gAAAAABoscodex");
      }
      // store: false — nothing kept.
      const id = (last.data.response as Json).id as string;
      const lookup = await fetch(`${harness.url}/v1/responses/${id}`, { headers: { authorization: `Bearer ${ACCESS_KEY}` } });
      expect(lookup.status).toBe(404);
    });
  }

  test("without namespace tools, Codex → openai-responses is a passthrough: the body goes upstream as sent", async () => {
    harness.fakes["openai-responses"].setScenario({ text: "ok", usage: { input: 5, output: 1 } });
    const body = { ...codexBody("openai-responses-model"), tools: (CODEX.tools as Json[]).filter((item) => item.type !== "namespace") };
    const { events } = await postStream("/v1/responses", body);
    expect(events.at(-1)?.event).toBe("response.completed");
    expect(harness.fakes["openai-responses"].last().body).toEqual({ ...body, model: "upstream-openai-responses" });
  });

  test("compat mode (/compat/v1/responses): XML tool calls in the upstream's text come back as the client's namespaced calls", async () => {
    harness.fakes.claude.setScenario({ text: 'Reading.<cs:tool_use>\n<name>mcp__fs__read_text_file</name>\n<args>\n<arg name="path" type="string">main.ts</arg>\n</args>\n</cs:tool_use>', chunkSize: 7 });
    const { events } = await postStream("/compat/v1/responses", codexBody("claude-model"));
    expect(events.at(-1)?.event).toBe("response.completed");
    const calls = events.filter((event) => event.event === "response.output_item.done").map((event) => event.data.item as Json).filter((item) => item.type === "function_call");
    expect(calls.map((item) => [item.namespace, item.name, JSON.parse(item.arguments as string)])).toEqual([["mcp__fs", "read_text_file", { path: "main.ts" }]]);
    expect((harness.fakes.claude.last().body as Json).tools).toBeUndefined();
  });

  test("a mid-stream upstream failure ends the stream with error + response.failed, no response.completed", async () => {
    harness.fakes.claude.setScenario({ text: "A long answer that will break.", chunkSize: 2, errorEventAfterFrames: 6 });
    const { events } = await postStream("/v1/responses", { model: "claude-model", input: "hi", stream: true });
    const names = events.map((event) => event.event);
    expect(names.slice(-2)).toEqual(["error", "response.failed"]);
    expect(names).not.toContain("response.completed");
  });

  test("a bad body is a 400 in OpenAI's error shape, before any upstream call", async () => {
    const before = harness.fakes.claude.requests.length;
    const response = await fetch(`${harness.url}/v1/responses`, { method: "POST", headers: { authorization: `Bearer ${ACCESS_KEY}` }, body: JSON.stringify({ model: "claude-model", input: [{ role: "robot", content: "x" }] }) });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { message: "input[0].role: unknown role 'robot'", type: "invalid_request_error", param: null, code: null } });
    expect(harness.fakes.claude.requests.length).toBe(before);
    const unauthenticated = await fetch(`${harness.url}/v1/responses`, { method: "POST", body: JSON.stringify({ model: "claude-model", input: "x" }) });
    expect(unauthenticated.status).toBe(401);
    expect(((await unauthenticated.json()) as { error: { type: string } }).error.type).toBe("authentication_error");
  });
});

describe("previous_response_id (responses stored by ccproxy)", () => {
  test("a continuation carries the earlier turn to any upstream; retrieve works", async () => {
    harness.fakes.claude.setScenario({ text: "Nice to meet you, Ada.", usage: { input: 10, output: 6 } });
    const first = await sdk().responses.create({ model: "claude-model", instructions: "Be friendly.", input: "My name is Ada." });
    harness.fakes.gemini.setScenario({ text: "Your name is Ada.", usage: { input: 20, output: 5 } });
    const second = await sdk().responses.create({ model: "gemini-model", previous_response_id: first.id, input: "What is my name?" });
    expect(second.output_text).toBe("Your name is Ada.");
    const body = sent("gemini");
    expect(body).toContain("My name is Ada.");
    expect(body).toContain("Nice to meet you, Ada.");
    expect(body).toContain("What is my name?");
    // As in the API, instructions are not carried over.
    expect(body).not.toContain("Be friendly.");
    const retrieved = await sdk().responses.retrieve(second.id);
    expect(retrieved.output_text).toBe("Your name is Ada.");
    const unknown = await sdk().responses.retrieve("resp_unknown").then(() => null, (error: unknown) => error);
    expect((unknown as InstanceType<typeof OpenAI.APIError>).status).toBe(404);
  });

  test("streamed answers are stored too, and a passthrough continuation never sends previous_response_id upstream", async () => {
    harness.fakes["openai-responses"].setScenario({ text: "First streamed answer.", usage: { input: 3, output: 3 } });
    const first = await sdk().responses.stream({ model: "openai-responses-model", input: "Tell me something." }).finalResponse();
    harness.fakes["openai-responses"].setScenario({ text: "Second.", usage: { input: 9, output: 1 } });
    const events = await sdk().responses.create({ model: "openai-responses-model", previous_response_id: first.id, input: "More.", stream: true });
    const types: string[] = [];
    for await (const event of events) types.push(event.type);
    expect(types.at(-1)).toBe("response.completed");
    const upstreamBody = harness.fakes["openai-responses"].last().body as Json;
    expect(upstreamBody.previous_response_id).toBeUndefined();
    expect(JSON.stringify(upstreamBody.input)).toContain("First streamed answer.");
    expect(JSON.stringify(upstreamBody.input)).toContain("Tell me something.");
  });

  test("unknown ids, store: false answers and other keys' answers are refused with a clear 400", async () => {
    const unknown = await sdk().responses.create({ model: "claude-model", previous_response_id: "resp_nope", input: "x" }).then(() => null, (error: unknown) => error);
    expect((unknown as InstanceType<typeof OpenAI.APIError>).status).toBe(400);
    expect(String((unknown as Error).message)).toContain("previous_response_id: response 'resp_nope' is not stored by ccproxy");
    harness.fakes.claude.setScenario({ text: "private" });
    const unstored = await sdk().responses.create({ model: "claude-model", input: "x", store: false });
    const refused = await sdk().responses.create({ model: "claude-model", previous_response_id: unstored.id, input: "y" }).then(() => null, (error: unknown) => error);
    expect((refused as InstanceType<typeof OpenAI.APIError>).status).toBe(400);
    const mine = await sdk().responses.create({ model: "claude-model", input: "secret" });
    const theirs = await sdk(OTHER_KEY).responses.retrieve(mine.id).then(() => null, (error: unknown) => error);
    expect((theirs as InstanceType<typeof OpenAI.APIError>).status).toBe(404);
  });

  test("under a /{group} prefix, with the group's aliases", async () => {
    harness.fakes.claude.setScenario({ text: "Team answer." });
    const first = await sdk(ACCESS_KEY, "/team").responses.create({ model: "team-model", input: "Hello team." });
    expect(first.output_text).toBe("Team answer.");
    expect(harness.fakes.claude.last().body).toMatchObject({ model: "upstream-claude" });
    const next = await sdk(ACCESS_KEY, "/team").responses.create({ model: "team-model", previous_response_id: first.id, input: "Again." });
    expect(next.output_text).toBe("Team answer.");
    expect(sent("claude")).toContain("Hello team.");
  });

  test("the routes are in the OpenAPI document under every prefix", async () => {
    const spec = (await fetch(`${harness.url}/swagger/json`).then((response) => response.json())) as { paths: Record<string, unknown> };
    for (const path of ["/v1/responses", "/{group}/v1/responses", "/switch/v1/responses", "/compat/v1/responses", "/v1/responses/{id}", "/{group}/v1/responses/{id}"]) expect(Object.keys(spec.paths)).toContain(path);
  });
});

const TOOL_RESULT = "22°C and sunny in Paris";

const tools = {
  get_weather: tool({
    description: "Get the weather for a city.",
    inputSchema: jsonSchema<{ city: string }>({ type: "object", properties: { city: { type: "string" } }, required: ["city"], additionalProperties: false }),
    execute: async ({ city }) => (city === "Paris" ? TOOL_RESULT : "unknown city"),
  }),
};

/** First call: the upstream asks for the tool; once the tool's result is in the history, it answers. */
function roundTrip(request: RecordedRequest): FakeScenario {
  if (JSON.stringify(request.body).includes(TOOL_RESULT)) return { text: "It is 22°C and sunny in Paris.", usage: { input: 40, output: 9 }, chunkSize: 6 };
  return { text: "Let me check.", toolCalls: [{ id: "call_ai1", name: "get_weather", arguments: { city: "Paris" } }], finish: "tool-calls", usage: { input: 25, output: 12 }, chunkSize: 3 };
}

function responsesModel(model: string) {
  return createOpenAI({ baseURL: `${harness.url}/v1`, apiKey: ACCESS_KEY }).responses(model);
}

describe("Vercel AI SDK Responses provider (openai.responses)", () => {
  for (const upstream of ["openai", "claude", "openai-responses"] as const) {
    test(`generateText with a tool → ${upstream}: call, execute, answer`, async () => {
      harness.fakes[upstream].setScenario(roundTrip);
      const result = await generateText({ model: responsesModel(`${upstream}-model`), prompt: "What is the weather in Paris?", tools, stopWhen: stepCountIs(3), maxRetries: 0 });
      expect(result.text).toBe("It is 22°C and sunny in Paris.");
      expect(result.steps).toHaveLength(2);
      expect(result.steps[0]!.toolCalls.map((call) => [call.toolName, call.input])).toEqual([["get_weather", { city: "Paris" }]]);
      expect(result.steps[0]!.finishReason).toBe("tool-calls");
      expect(result.steps[1]!.usage).toMatchObject({ inputTokens: 40, outputTokens: 9 });
      // The second request carried the call, its result and (resolved from item_reference) the first answer's text.
      const second = sent(upstream);
      expect(second).toContain(TOOL_RESULT);
      expect(second).toContain("Let me check.");
    });

    test(`streamText with a tool → ${upstream}: the same two steps, streamed`, async () => {
      harness.fakes[upstream].setScenario(roundTrip);
      const result = streamText({ model: responsesModel(`${upstream}-model`), prompt: "What is the weather in Paris?", tools, stopWhen: stepCountIs(3), maxRetries: 0 });
      let streamed = "";
      for await (const delta of result.textStream) streamed += delta;
      expect(streamed).toBe("Let me check.It is 22°C and sunny in Paris.");
      const steps = await result.steps;
      expect(steps).toHaveLength(2);
      expect(steps[0]!.toolResults.map((item) => item.output)).toEqual([TOOL_RESULT]);
      expect(await result.finishReason).toBe("stop");
      expect(sent(upstream)).toContain(TOOL_RESULT);
    });
  }
});

describe("stored answers hold what the client saw", () => {
  test("GET returns the stored Response object", async () => {
    harness.fakes.ollama.setScenario({ text: "From ollama." });
    const created = await sdk().responses.create({ model: "ollama-model", input: "hi" });
    const raw = (await fetch(`${harness.url}/v1/responses/${created.id}`, { headers: { authorization: `Bearer ${ACCESS_KEY}` } }).then((response) => response.json())) as Json;
    expect(raw.id).toBe(created.id);
    expect(isRecord(raw) && Array.isArray(raw.output)).toBe(true);
    expect(raw.model).toBe("ollama-model");
  });
});
