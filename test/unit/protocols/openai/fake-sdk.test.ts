// In charge of proving the fake OpenAI upstream speaks the real wire format: the official SDK and our decoders accept it.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import OpenAI from "openai";
import { decodeResponse } from "../../../../src/protocols/openai/decode-response.ts";
import type { UnifiedEvent } from "../../../../src/unified/events.ts";
import { startFakeUpstream, type FakeUpstream } from "../../../fakes/server.ts";
import type { FakeScenario } from "../../../fakes/scenario.ts";
import { decodeSse, testContext } from "./helpers.ts";

const scenario: FakeScenario = {
  reasoning: "Two cities, two calls.",
  text: "Checking the weather.",
  toolCalls: [
    { id: "call_1", name: "get_weather", arguments: { city: "Paris" } },
    { id: "call_2", name: "get_weather", arguments: { city: "Tokyo", days: 2 } },
  ],
  usage: { input: 50, output: 20, cacheRead: 30 },
  chunkSize: 5,
};

let upstream: FakeUpstream;
let client: OpenAI;

beforeAll(async () => {
  upstream = await startFakeUpstream("openai", scenario);
  client = new OpenAI({ baseURL: upstream.baseUrl, apiKey: "sk-test", maxRetries: 0 });
});

afterAll(async () => {
  await upstream.close();
});

describe("fake openai upstream with the official SDK", () => {
  test("non-streaming chat.completions.create", async () => {
    upstream.setScenario(scenario);
    const completion = await client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "Weather?" }] });
    expect(upstream.last().path).toBe("/v1/chat/completions");
    expect(upstream.last().headers.authorization).toBe("Bearer sk-test");
    expect(completion.object).toBe("chat.completion");
    expect(completion.model).toBe("gpt-4o");
    const choice = completion.choices[0]!;
    expect(choice.finish_reason).toBe("tool_calls");
    expect(choice.message.content).toBe("Checking the weather.");
    expect(choice.message.tool_calls?.map((call) => (call.type === "function" ? [call.id, call.function.name, JSON.parse(call.function.arguments)] : null))).toEqual([
      ["call_1", "get_weather", { city: "Paris" }],
      ["call_2", "get_weather", { city: "Tokyo", days: 2 }],
    ]);
    expect(completion.usage).toMatchObject({ prompt_tokens: 80, completion_tokens: 20, total_tokens: 100, prompt_tokens_details: { cached_tokens: 30 } });
    // Our own decoder reads the same body.
    const unified = decodeResponse(completion, testContext());
    expect(unified.content.map((part) => part.type)).toEqual(["reasoning", "text", "tool-call", "tool-call"]);
    expect(unified.usage).toMatchObject({ inputTokens: 80, outputTokens: 20, cacheReadTokens: 30 });
  });

  test("streaming chat.completions.create with include_usage", async () => {
    upstream.setScenario(scenario);
    const stream = await client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "Weather?" }], stream: true, stream_options: { include_usage: true } });
    let text = "";
    const args: Record<number, string> = {};
    const finishes: string[] = [];
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      expect(chunk.object).toBe("chat.completion.chunk");
      if (chunk.usage) usage = chunk.usage;
      for (const choice of chunk.choices) {
        text += choice.delta.content ?? "";
        for (const call of choice.delta.tool_calls ?? []) args[call.index] = (args[call.index] ?? "") + (call.function?.arguments ?? "");
        if (choice.finish_reason) finishes.push(choice.finish_reason);
      }
    }
    expect(text).toBe("Checking the weather.");
    expect(args).toEqual({ 0: '{"city":"Paris"}', 1: '{"city":"Tokyo","days":2}' });
    expect(finishes).toEqual(["tool_calls"]);
    expect(usage).toMatchObject({ prompt_tokens: 80, completion_tokens: 20 });
  });

  test("the SDK's stream helper assembles the final completion (tool-call deltas split by index)", async () => {
    upstream.setScenario(scenario);
    const runner = client.chat.completions.stream({ model: "gpt-4o", messages: [{ role: "user", content: "Weather?" }], stream_options: { include_usage: true } });
    const final = await runner.finalChatCompletion();
    const message = final.choices[0]!.message;
    expect(message.content).toBe("Checking the weather.");
    expect(message.tool_calls?.map((call) => (call.type === "function" ? call.function.arguments : ""))).toEqual(['{"city":"Paris"}', '{"city":"Tokyo","days":2}']);
    expect(final.usage?.total_tokens).toBe(100);
  });

  test("HTTP errors come back as the SDK's typed errors", async () => {
    upstream.setScenario({ error: { status: 429, message: "Too many requests" } });
    let caught: unknown;
    try {
      await client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }] });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(OpenAI.RateLimitError);
    expect((caught as InstanceType<typeof OpenAI.RateLimitError>).error).toMatchObject({ message: "Too many requests", type: "rate_limit_error" });
  });

  test("an in-band error frame makes the SDK stream throw", async () => {
    upstream.setScenario({ ...scenario, errorEventAfterFrames: 3 });
    const stream = await client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }], stream: true });
    let caught: unknown;
    try {
      for await (const _chunk of stream) {
        // drain
      }
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(OpenAI.APIError);
    expect((caught as InstanceType<typeof OpenAI.APIError>).message).toContain("fake upstream failed mid-stream");
  });
});

describe("fake openai upstream through our stream decoder", () => {
  async function fetchEvents(body: Record<string, unknown>): Promise<UnifiedEvent[]> {
    const response = await fetch(`${upstream.baseUrl}/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    expect(response.headers.get("content-type")).toStartWith("text/event-stream");
    return decodeSse(await response.text());
  }

  test("reasoning_content deltas, tool calls and the usage chunk decode", async () => {
    upstream.setScenario(scenario);
    const events = await fetchEvents({ model: "m", messages: [], stream: true, stream_options: { include_usage: true } });
    let reasoning = "";
    for (const event of events) if (event.type === "reasoning-delta") reasoning += event.text;
    expect(reasoning).toBe("Two cities, two calls.");
    expect(events.filter((event) => event.type === "tool-call-start").map((event) => (event.type === "tool-call-start" ? event.id : ""))).toEqual(["call_1", "call_2"]);
    expect(events[events.length - 1]).toEqual({
      type: "finish",
      finishReason: { unified: "tool-calls", raw: "tool_calls" },
      usage: { inputTokens: 80, outputTokens: 20, cacheReadTokens: 30, reasoningTokens: 0 },
    });
  });

  test("without include_usage there is no usage chunk", async () => {
    upstream.setScenario({ text: "hi" });
    const events = await fetchEvents({ model: "m", messages: [], stream: true });
    expect(events.some((event) => event.type === "usage")).toBe(false);
    expect(events[events.length - 1]).toEqual({ type: "finish", finishReason: { unified: "stop", raw: "stop" } });
  });
});
