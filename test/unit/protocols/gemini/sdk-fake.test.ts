// In charge of proving the Gemini wire shapes with the official @google/genai SDK: against the fake upstream and against our own encoders.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { GoogleGenAI, type GenerateContentResponse } from "@google/genai";
import { geminiCodec } from "../../../../src/protocols/gemini/index.ts";
import type { UnifiedEvent } from "../../../../src/unified/events.ts";
import { fake as geminiFake } from "../../../fakes/gemini.ts";
import type { FakeScenario, RecordedRequest } from "../../../fakes/scenario.ts";
import { type FakeUpstream, startFakeUpstream } from "../../../fakes/server.ts";
import { decodeStream, encodeStream, testContext } from "./helpers.ts";

const SCENARIO: FakeScenario = {
  reasoning: "Two cities, two calls.",
  reasoningSignature: "CiQBsigFAKE",
  text: "Checking the weather.",
  toolCalls: [
    { name: "get_weather", arguments: { city: "Paris" } },
    { name: "get_weather", arguments: { city: "Rome", days: 2 } },
  ],
  finish: "tool-calls",
  usage: { input: 20, output: 30, cacheRead: 100 },
  chunkSize: 5,
};

let upstream: FakeUpstream;
let ai: GoogleGenAI;

beforeAll(async () => {
  upstream = await startFakeUpstream("gemini", SCENARIO);
  ai = new GoogleGenAI({ apiKey: "test-key", httpOptions: { baseUrl: upstream.baseUrl } });
});

afterAll(async () => {
  await upstream.close();
});

/** Visible text of a response, read from its parts (the SDK's `.text` getter logs a warning when calls are present). */
function visibleText(response: GenerateContentResponse): string {
  return (response.candidates?.[0]?.content?.parts ?? []).flatMap((part) => (part.text !== undefined && !part.thought ? [part.text] : [])).join("");
}

async function collect(stream: AsyncIterable<GenerateContentResponse>): Promise<GenerateContentResponse[]> {
  const chunks: GenerateContentResponse[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

describe("fake gemini upstream with the official @google/genai SDK", () => {
  test("generateContent", async () => {
    upstream.setScenario(SCENARIO);
    const response = await ai.models.generateContent({ model: "gemini-2.5-flash", contents: "weather in Paris and Rome?" });
    const request = upstream.last();
    expect(request.path).toMatch(/\/models\/gemini-2\.5-flash:generateContent$/);
    expect(request.headers["x-goog-api-key"]).toBe("test-key");
    expect(visibleText(response)).toBe("Checking the weather.");
    expect(response.functionCalls?.map((call) => [call.name, call.args])).toEqual([
      ["get_weather", { city: "Paris" }],
      ["get_weather", { city: "Rome", days: 2 }],
    ]);
    expect(response.candidates?.[0]?.content?.parts?.[0]).toEqual({ text: "Two cities, two calls.", thought: true, thoughtSignature: "CiQBsigFAKE" });
    expect(response.candidates?.[0]?.finishReason).toBe("STOP" as never);
    expect(response.usageMetadata).toMatchObject({ promptTokenCount: 120, candidatesTokenCount: 30, cachedContentTokenCount: 100, totalTokenCount: 150 });
    expect(response.modelVersion).toBe("gemini-2.5-flash");
    // Our decoder reads the same body.
    const unified = geminiCodec.decodeResponse(JSON.parse(JSON.stringify(response)) as unknown, testContext());
    expect(unified.finishReason.unified).toBe("tool-calls");
    expect(unified.usage).toEqual({ inputTokens: 120, outputTokens: 30, cacheReadTokens: 100 });
  });

  test("generateContentStream (alt=sse)", async () => {
    upstream.setScenario(SCENARIO);
    const chunks = await collect(await ai.models.generateContentStream({ model: "gemini-2.5-flash", contents: "weather?" }));
    expect(upstream.last().search).toContain("alt=sse");
    expect(chunks.map(visibleText).join("")).toBe("Checking the weather.");
    expect(chunks.flatMap((chunk) => chunk.functionCalls ?? []).map((call) => call.args)).toEqual([{ city: "Paris" }, { city: "Rome", days: 2 }]);
    expect(chunks[chunks.length - 1]?.candidates?.[0]?.finishReason).toBe("STOP" as never);
    expect(chunks[chunks.length - 1]?.usageMetadata?.candidatesTokenCount).toBe(30);
  });

  test("HTTP errors come back as the SDK's ApiError with the status", async () => {
    upstream.setScenario({ error: { status: 429, message: "Quota exceeded" } });
    const failure = await ai.models.generateContent({ model: "gemini-2.5-flash", contents: "hi" }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as { status?: number }).status).toBe(429);
    expect(String((failure as Error).message)).toContain("Quota exceeded");
  });

  test("our stream decoder reads the fake's SSE frames", () => {
    const request: RecordedRequest = { method: "POST", path: "/v1beta/models/gemini-2.5-flash:streamGenerateContent", search: "?alt=sse", headers: {}, body: {}, aborted: false };
    const events = decodeStream(geminiFake.streamFrames(SCENARIO, request).join(""), [7]);
    expect(events[0]).toEqual({ type: "message-start", id: "fakeRespId0123456789abc", model: "gemini-2.5-flash" });
    const text = events.flatMap((event) => (event.type === "text-delta" ? [event.text] : [])).join("");
    const reasoning = events.flatMap((event) => (event.type === "reasoning-delta" ? [event.text] : [])).join("");
    expect([reasoning, text]).toEqual(["Two cities, two calls.", "Checking the weather."]);
    expect(events.filter((event) => event.type === "tool-call-start").length).toBe(2);
    expect(events[events.length - 1]).toEqual({ type: "finish", finishReason: { unified: "tool-calls", raw: "STOP" }, usage: { inputTokens: 120, outputTokens: 30, cacheReadTokens: 100 } });
  });

  test("without alt=sse the fake streams one JSON array", async () => {
    upstream.setScenario({ text: "Hello array", chunkSize: 5 });
    const response = await fetch(`${upstream.baseUrl}/v1beta/models/gemini-2.5-flash:streamGenerateContent`, { method: "POST", body: JSON.stringify({ contents: [{ parts: [{ text: "hi" }] }] }) });
    const array = (await response.json()) as Array<{ candidates: Array<{ content: { parts: Array<{ text: string }> } }> }>;
    expect(array.map((chunk) => chunk.candidates[0]?.content.parts[0]?.text).join("")).toBe("Hello array");
  });
});

/** A tiny server that answers with OUR encoders, so the SDK judges what ccproxy writes to Gemini clients. */
describe("the @google/genai SDK reads ccproxy's Gemini encoders", () => {
  const events: UnifiedEvent[] = [
    { type: "message-start", id: "msg_x" },
    { type: "reasoning-delta", text: "Let me see." },
    { type: "text-delta", text: "Hel" },
    { type: "text-delta", text: "lo!" },
    { type: "tool-call-start", index: 0, id: "toolu_9", name: "lookup" },
    { type: "tool-call-delta", index: 0, argumentsDelta: '{"q":"x"}' },
    { type: "tool-call-end", index: 0 },
    { type: "finish", finishReason: { unified: "tool-calls" }, usage: { inputTokens: 11, outputTokens: 7 } },
  ];
  let server: ReturnType<typeof Bun.serve>;

  beforeAll(() => {
    server = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      fetch(request) {
        const url = new URL(request.url);
        if (url.pathname.endsWith(":streamGenerateContent")) {
          const sse = url.searchParams.get("alt") === "sse";
          return new Response(encodeStream(events, testContext("my-alias", sse)).join(""), { headers: { "content-type": geminiCodec.streamContentType({ sse }) } });
        }
        const body = geminiCodec.encodeResponse(
          { id: "msg_x", model: "x", content: [{ type: "text", text: "Hello!" }, { type: "tool-call", id: "toolu_9", name: "lookup", arguments: { q: "x" } }], finishReason: { unified: "stop" }, usage: { inputTokens: 11, outputTokens: 7 } },
          testContext("my-alias"),
        );
        return Response.json(body);
      },
    });
  });

  afterAll(async () => {
    await server.stop(true);
  });

  test("generateContent and generateContentStream", async () => {
    const client = new GoogleGenAI({ apiKey: "k", httpOptions: { baseUrl: `http://127.0.0.1:${server.port}` } });
    const response = await client.models.generateContent({ model: "my-alias", contents: "hi" });
    expect(visibleText(response)).toBe("Hello!");
    expect(response.functionCalls).toEqual([{ id: "toolu_9", name: "lookup", args: { q: "x" } }]);
    expect(response.modelVersion).toBe("my-alias");
    const chunks = await collect(await client.models.generateContentStream({ model: "my-alias", contents: "hi" }));
    expect(chunks.map(visibleText).join("")).toBe("Hello!");
    expect(chunks.flatMap((chunk) => chunk.functionCalls ?? [])).toEqual([{ id: "toolu_9", name: "lookup", args: { q: "x" } }]);
    expect(chunks[chunks.length - 1]?.usageMetadata).toEqual({ promptTokenCount: 11, candidatesTokenCount: 7, totalTokenCount: 18 });
  });

  test("a raw REST client gets a parseable JSON array without alt=sse", async () => {
    const response = await fetch(`http://127.0.0.1:${server.port}/v1beta/models/my-alias:streamGenerateContent`, { method: "POST", body: "{}" });
    expect(response.headers.get("content-type")).toBe("application/json");
    const array = (await response.json()) as unknown[];
    expect(array.length).toBe(5);
  });
});
