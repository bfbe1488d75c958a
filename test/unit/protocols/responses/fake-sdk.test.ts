// In charge of proving the fake Responses upstream speaks the real wire format: the official SDK and our decoders accept it.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import OpenAI from "openai";
import { decodeResponse } from "../../../../src/protocols/responses/decode-response.ts";
import { startFakeUpstream, type FakeUpstream } from "../../../fakes/server.ts";
import type { FakeScenario } from "../../../fakes/scenario.ts";
import { decodeSse, testContext } from "./helpers.ts";

const scenario: FakeScenario = {
  reasoning: "Two cities, two calls.",
  reasoningSignature: "gAAAAABfakeEncryptedReasoning==",
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
  upstream = await startFakeUpstream("openai-responses", scenario);
  client = new OpenAI({ baseURL: upstream.baseUrl, apiKey: "sk-test", maxRetries: 0 });
});

afterAll(async () => {
  await upstream.close();
});

function calls(output: OpenAI.Responses.ResponseOutputItem[]): unknown[] {
  return output.flatMap((item) => (item.type === "function_call" ? [[item.call_id, item.name, JSON.parse(item.arguments)]] : []));
}

describe("fake openai-responses upstream with the official SDK", () => {
  test("non-streaming responses.create", async () => {
    upstream.setScenario(scenario);
    const response = await client.responses.create({ model: "gpt-5", input: "Weather?" });
    expect(upstream.last().path).toBe("/v1/responses");
    expect(upstream.last().headers.authorization).toBe("Bearer sk-test");
    expect(response.object).toBe("response");
    expect(response.status).toBe("completed");
    expect(response.model).toBe("gpt-5");
    expect(response.output_text).toBe("Checking the weather.");
    expect(calls(response.output)).toEqual([
      ["call_1", "get_weather", { city: "Paris" }],
      ["call_2", "get_weather", { city: "Tokyo", days: 2 }],
    ]);
    expect(response.usage).toMatchObject({ input_tokens: 80, output_tokens: 20, total_tokens: 100, input_tokens_details: { cached_tokens: 30 } });
    const unified = decodeResponse(response, testContext());
    expect(unified.content.map((part) => part.type)).toEqual(["reasoning", "text", "tool-call", "tool-call"]);
    expect(unified.finishReason).toEqual({ unified: "tool-calls", raw: "completed" });
    expect(unified.usage).toMatchObject({ inputTokens: 80, outputTokens: 20, cacheReadTokens: 30 });
  });

  test("responses.stream accumulates the same response", async () => {
    upstream.setScenario(scenario);
    const stream = client.responses.stream({ model: "gpt-5", input: "Weather?" });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    const response = await stream.finalResponse();
    expect(types[0]).toBe("response.created");
    expect(types.at(-1)).toBe("response.completed");
    expect(response.output_text).toBe("Checking the weather.");
    expect(calls(response.output)).toEqual([
      ["call_1", "get_weather", { city: "Paris" }],
      ["call_2", "get_weather", { city: "Tokyo", days: 2 }],
    ]);
    const reasoning = response.output[0];
    expect(reasoning?.type === "reasoning" ? [reasoning.summary[0]?.text, reasoning.encrypted_content] : null).toEqual(["Two cities, two calls.", "gAAAAABfakeEncryptedReasoning=="]);
  });

  test("stream: true with sequence numbers strictly increasing, and our decoder reads the raw stream", async () => {
    upstream.setScenario(scenario);
    const events = await client.responses.create({ model: "gpt-5", input: "Weather?", stream: true });
    const numbers: number[] = [];
    for await (const event of events) numbers.push(event.sequence_number);
    expect(numbers).toEqual(numbers.map((_, index) => index));
    const raw = await fetch(`${upstream.baseUrl}/responses`, { method: "POST", body: JSON.stringify({ model: "gpt-5", input: "x", stream: true }) }).then((r) => r.text());
    const decoded = decodeSse(raw, [7, 99, 500]);
    expect(decoded[0]).toEqual({ type: "message-start", id: "resp_fake0123456789", model: "gpt-5" });
    expect(decoded.filter((event) => event.type === "text-delta").map((event) => (event.type === "text-delta" ? event.text : "")).join("")).toBe("Checking the weather.");
    expect(decoded.at(-1)).toMatchObject({ type: "finish", finishReason: { unified: "tool-calls" }, usage: { inputTokens: 80, outputTokens: 20, cacheReadTokens: 30 } });
  });

  test("length finish: status incomplete with max_output_tokens, streamed as response.incomplete", async () => {
    upstream.setScenario({ text: "cut", finish: "length" });
    const response = await client.responses.create({ model: "gpt-5", input: "x" });
    expect(response.status).toBe("incomplete");
    expect(response.incomplete_details?.reason).toBe("max_output_tokens");
    const stream = client.responses.stream({ model: "gpt-5", input: "x" });
    const final = await stream.finalResponse();
    expect(final.status).toBe("incomplete");
  });

  test("errors: the HTTP error body and the in-stream error event reach the SDK as APIError", async () => {
    upstream.setScenario({ error: { status: 429, message: "slow down" } });
    const caught = await client.responses.create({ model: "gpt-5", input: "x" }).then(() => null, (error: unknown) => error);
    expect(caught).toBeInstanceOf(OpenAI.APIError);
    expect((caught as InstanceType<typeof OpenAI.APIError>).status).toBe(429);
    upstream.setScenario({ text: "partial answer here", errorEventAfterFrames: 5 });
    const streamed = await (async () => {
      const events = await client.responses.create({ model: "gpt-5", input: "x", stream: true });
      for await (const _event of events) void _event;
    })().then(() => null, (error: unknown) => error);
    expect(String(streamed)).toContain("fake upstream failed mid-stream");
  });
});
