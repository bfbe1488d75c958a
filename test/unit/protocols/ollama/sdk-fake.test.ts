// In charge of proving the fake Ollama upstream speaks real /api/chat: the official `ollama` client and our codec accept it.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Ollama, type ChatResponse } from "ollama";
import { ollamaCodec } from "../../../../src/protocols/ollama/index.ts";
import { type FakeUpstream, startFakeUpstream } from "../../../fakes/server.ts";
import type { FakeScenario } from "../../../fakes/scenario.ts";
import { decodeStream, encodeStream, testContext } from "./helpers.ts";

const SCENARIO: FakeScenario = {
  reasoning: "Two cities, two calls.",
  text: "Checking the weather.",
  toolCalls: [
    { name: "get_weather", arguments: { city: "Paris" } },
    { name: "get_weather", arguments: { city: "Rome", days: 2 } },
  ],
  finish: "tool-calls",
  usage: { input: 120, output: 30, cacheRead: 100 },
  chunkSize: 5,
};

let fake: FakeUpstream;
let client: Ollama;

beforeAll(async () => {
  fake = await startFakeUpstream("ollama", SCENARIO);
  client = new Ollama({ host: fake.baseUrl });
});

afterAll(async () => {
  await fake.close();
});

async function collect(iterator: AsyncIterable<ChatResponse>): Promise<ChatResponse[]> {
  const parts: ChatResponse[] = [];
  for await (const part of iterator) parts.push(part);
  return parts;
}

describe("fake ollama upstream with the official ollama client", () => {
  test("non-stream chat", async () => {
    fake.setScenario(SCENARIO);
    const response = await client.chat({ model: "llama3.2", messages: [{ role: "user", content: "weather?" }], stream: false });
    expect(fake.last().path).toBe("/api/chat");
    expect(fake.last().body).toMatchObject({ model: "llama3.2", stream: false });
    expect(response.model).toBe("llama3.2");
    expect(response.done).toBe(true);
    expect(response.done_reason).toBe("stop");
    expect(response.message.content).toBe("Checking the weather.");
    expect(response.message.thinking).toBe("Two cities, two calls.");
    expect(response.message.tool_calls?.map((call) => [call.function.name, call.function.arguments])).toEqual([
      ["get_weather", { city: "Paris" }],
      ["get_weather", { city: "Rome", days: 2 }],
    ]);
    expect([response.prompt_eval_count, response.eval_count]).toEqual([120, 30]);
  });

  test("streamed chat ends with the done line", async () => {
    fake.setScenario(SCENARIO);
    const parts = await collect(await client.chat({ model: "qwen3", messages: [{ role: "user", content: "weather?" }], stream: true }));
    expect(parts.map((part) => part.message.thinking ?? "").join("")).toBe("Two cities, two calls.");
    expect(parts.map((part) => part.message.content).join("")).toBe("Checking the weather.");
    expect(parts.flatMap((part) => part.message.tool_calls ?? []).map((call) => call.function.arguments)).toEqual([{ city: "Paris" }, { city: "Rome", days: 2 }]);
    const last = parts[parts.length - 1];
    expect(last).toMatchObject({ done: true, done_reason: "stop", prompt_eval_count: 120, eval_count: 30 });
    expect(parts.slice(0, -1).every((part) => part.done === false)).toBe(true);
  });

  test("a body without stream streams (Ollama's default)", async () => {
    fake.setScenario({ text: "hi" });
    const response = await fetch(`${fake.baseUrl}/api/chat`, { method: "POST", body: JSON.stringify({ model: "m", messages: [] }) });
    expect(response.headers.get("content-type")).toBe("application/x-ndjson");
    const lines = (await response.text()).trim().split("\n");
    expect(lines.length).toBeGreaterThan(1);
  });

  test("HTTP errors surface as ResponseError with the status", async () => {
    fake.setScenario({ error: { status: 404, message: 'model "nope" not found, try pulling it first' } });
    let caught: unknown;
    try {
      await client.chat({ model: "nope", messages: [{ role: "user", content: "x" }] });
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ status_code: 404, error: 'model "nope" not found, try pulling it first' });
  });

  test("an in-band error line makes the client throw", async () => {
    fake.setScenario({ text: "abcdefghijkl", chunkSize: 2, errorEventAfterFrames: 2 });
    let caught: unknown;
    try {
      await collect(await client.chat({ model: "m", messages: [{ role: "user", content: "x" }], stream: true }));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(Error);
    expect((caught as Error).message).toBe("fake upstream failed mid-stream");
  });
});

describe("fake ollama upstream through our codec", () => {
  test("stream: decoded events match the scenario", async () => {
    fake.setScenario(SCENARIO);
    const response = await fetch(`${fake.baseUrl}/api/chat`, { method: "POST", body: JSON.stringify({ model: "m", messages: [] }) });
    const events = decodeStream(await response.text(), [17]);
    expect(events.filter((event) => event.type === "tool-call-start").map((event) => event.type === "tool-call-start" && event.index)).toEqual([0, 1]);
    expect(events[events.length - 1]).toEqual({ type: "finish", finishReason: { unified: "tool-calls", raw: "stop" }, usage: { inputTokens: 120, outputTokens: 30 } });
  });

  test("non-stream: decoded response matches the scenario", async () => {
    fake.setScenario({ ...SCENARIO, finish: "length", toolCalls: [] });
    const response = await fetch(`${fake.baseUrl}/api/chat`, { method: "POST", body: JSON.stringify({ model: "m", messages: [], stream: false }) });
    const decoded = ollamaCodec.decodeResponse(await response.json(), testContext());
    expect(decoded.content).toEqual([
      { type: "reasoning", text: "Two cities, two calls." },
      { type: "text", text: "Checking the weather." },
    ]);
    expect(decoded.finishReason).toEqual({ unified: "length", raw: "length" });
  });
});

describe("the official ollama client reads our encoders' output", () => {
  test("encodeResponse and the stream encoder", async () => {
    const server = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      async fetch(request) {
        const body = (await request.json()) as { stream?: boolean };
        if (body.stream === false) {
          const answer = ollamaCodec.encodeResponse(
            { model: "up", content: [{ type: "text", text: "hello" }, { type: "tool-call", id: "toolu_1", name: "f", arguments: { a: 1 } }], finishReason: { unified: "tool-calls" }, usage: { inputTokens: 3, outputTokens: 4 } },
            testContext("alias"),
          );
          return Response.json(answer);
        }
        const lines = encodeStream(
          [
            { type: "text-delta", text: "hel" },
            { type: "text-delta", text: "lo" },
            { type: "tool-call-start", index: 0, id: "toolu_1", name: "f" },
            { type: "tool-call-delta", index: 0, argumentsDelta: '{"a":1}' },
            { type: "tool-call-end", index: 0 },
            { type: "finish", finishReason: { unified: "tool-calls" }, usage: { inputTokens: 3, outputTokens: 4 } },
          ],
          "alias",
        );
        return new Response(lines.join(""), { headers: { "content-type": ollamaCodec.streamContentType({}) } });
      },
    });
    try {
      const local = new Ollama({ host: `http://127.0.0.1:${server.port}` });
      const answer = await local.chat({ model: "alias", messages: [{ role: "user", content: "x" }], stream: false });
      expect(answer).toMatchObject({ model: "alias", done: true, done_reason: "stop", prompt_eval_count: 3, eval_count: 4 });
      expect(answer.message.tool_calls?.[0]?.function).toMatchObject({ name: "f", arguments: { a: 1 } });
      const parts = await collect(await local.chat({ model: "alias", messages: [{ role: "user", content: "x" }], stream: true }));
      expect(parts.map((part) => part.message.content).join("")).toBe("hello");
      expect(parts.flatMap((part) => part.message.tool_calls ?? [])[0]?.function.arguments).toEqual({ a: 1 });
      expect(parts[parts.length - 1]).toMatchObject({ done: true, eval_count: 4 });
    } finally {
      await server.stop(true);
    }
  });
});
