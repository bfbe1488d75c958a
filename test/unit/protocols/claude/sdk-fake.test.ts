// In charge of proving the fake Claude upstream and the Claude encoders speak the real Messages API: @anthropic-ai/sdk accepts them.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import Anthropic from "@anthropic-ai/sdk";
import { claudeCodec } from "../../../../src/protocols/claude/index.ts";
import type { UnifiedEvent } from "../../../../src/unified/events.ts";
import { type FakeUpstream, startFakeUpstream } from "../../../fakes/server.ts";
import type { FakeScenario } from "../../../fakes/scenario.ts";
import { coalesce, decodeStream, encodeStream, testContext } from "./helpers.ts";

const SCENARIO: FakeScenario = {
  reasoning: "Two cities, two calls.",
  reasoningSignature: "EqQBCkYIARgCIkBp3Lk+/0Yy==",
  text: "Checking the weather.",
  toolCalls: [
    { id: "toolu_01Paris", name: "get_weather", arguments: { city: "Paris" } },
    { id: "toolu_01Rome", name: "get_weather", arguments: { city: "Rome", days: 2 } },
  ],
  usage: { input: 120, output: 30, cacheRead: 100, cacheWrite: 20 },
  chunkSize: 5,
};

const PARAMS = { model: "claude-opus-5-5", max_tokens: 1024, messages: [{ role: "user" as const, content: "weather?" }] };

let fake: FakeUpstream;
let client: Anthropic;

beforeAll(async () => {
  fake = await startFakeUpstream("claude", SCENARIO);
  client = new Anthropic({ apiKey: "sk-ant-test", baseURL: fake.baseUrl, maxRetries: 0 });
});

afterAll(async () => {
  await fake.close();
});

describe("fake claude upstream with @anthropic-ai/sdk", () => {
  test("messages.create (non-stream)", async () => {
    fake.setScenario(SCENARIO);
    const message = await client.messages.create(PARAMS);
    expect(fake.last().path).toBe("/v1/messages");
    // SDK 1.x sends the key as a Bearer token (ccproxy's Claude routes accept both forms).
    expect(fake.last().headers.authorization).toBe("Bearer sk-ant-test");
    expect(message.content.map((block) => block.type)).toEqual(["thinking", "text", "tool_use", "tool_use"]);
    expect(message.content[0]).toEqual({ type: "thinking", thinking: "Two cities, two calls.", signature: "EqQBCkYIARgCIkBp3Lk+/0Yy==" });
    expect(message.stop_reason).toBe("tool_use");
    expect(message.usage).toMatchObject({ input_tokens: 120, output_tokens: 30, cache_read_input_tokens: 100, cache_creation_input_tokens: 20 });
    expect(claudeCodec.decodeResponse(message, testContext()).usage).toEqual({ inputTokens: 240, outputTokens: 30, cacheReadTokens: 100, cacheWriteTokens: 20 });
  });

  test("messages.stream().finalMessage() assembles the streamed blocks", async () => {
    fake.setScenario(SCENARIO);
    const message = await client.messages.stream(PARAMS).finalMessage();
    expect(fake.last().body).toMatchObject({ stream: true });
    // Compared as plain data: the SDK's types add fields (citations, caller) the wire omits.
    expect(message.content as unknown[]).toEqual([
      { type: "thinking", thinking: "Two cities, two calls.", signature: "EqQBCkYIARgCIkBp3Lk+/0Yy==" },
      { type: "text", text: "Checking the weather." },
      { type: "tool_use", id: "toolu_01Paris", name: "get_weather", input: { city: "Paris" } },
      { type: "tool_use", id: "toolu_01Rome", name: "get_weather", input: { city: "Rome", days: 2 } },
    ]);
    expect(message.stop_reason).toBe("tool_use");
    expect(message.usage).toMatchObject({ input_tokens: 120, output_tokens: 30, cache_read_input_tokens: 100, cache_creation_input_tokens: 20 });
  });

  test("the fake's raw stream decodes with our stream decoder", async () => {
    fake.setScenario(SCENARIO);
    const response = await fetch(`${fake.baseUrl}/v1/messages`, { method: "POST", body: JSON.stringify({ ...PARAMS, stream: true }) });
    const events = coalesce(decodeStream(await response.text(), [9]));
    expect(events.map((event) => event.type)).toEqual(["message-start", "reasoning-delta", "reasoning-signature", "text-delta", "tool-call-start", "tool-call-delta", "tool-call-end", "tool-call-start", "tool-call-delta", "tool-call-end", "usage", "finish"]);
    expect(events[events.length - 1]).toEqual({ type: "finish", finishReason: { unified: "tool-calls", raw: "tool_use" }, usage: { inputTokens: 240, outputTokens: 30, cacheReadTokens: 100, cacheWriteTokens: 20 } });
  });

  test("HTTP errors arrive as the SDK's typed errors", async () => {
    fake.setScenario({ error: { status: 529, message: "Overloaded" } });
    const error = await client.messages.create(PARAMS).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect((error as InstanceType<typeof Anthropic.APIError>).status).toBe(529);
    expect((error as InstanceType<typeof Anthropic.APIError>).type).toBe("overloaded_error");
    fake.setScenario({ error: { status: 404, message: "no such model" } });
    expect(await client.messages.create(PARAMS).catch((caught: unknown) => caught)).toBeInstanceOf(Anthropic.NotFoundError);
  });

  test("an in-band error frame makes the SDK stream throw", async () => {
    fake.setScenario({ ...SCENARIO, errorEventAfterFrames: 4 });
    const error = await client.messages.stream(PARAMS).finalMessage().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect(String((error as Error).message)).toContain("fake upstream failed mid-stream");
  });
});

describe("our Claude encoders with @anthropic-ai/sdk", () => {
  const events: UnifiedEvent[] = [
    { type: "message-start", usage: { inputTokens: 300, cacheReadTokens: 200 } },
    { type: "reasoning-delta", text: "Plan: " },
    { type: "reasoning-delta", text: "call it." },
    { type: "reasoning-signature", signature: "Sig/+==", protocol: "claude" },
    { type: "text-delta", text: "On it." },
    { type: "tool-call-start", index: 0, id: "call_1", name: "get_weather" },
    { type: "tool-call-delta", index: 0, argumentsDelta: '{"city":"Pa' },
    { type: "tool-call-delta", index: 0, argumentsDelta: 'ris"}' },
    { type: "tool-call-end", index: 0 },
    { type: "finish", finishReason: { unified: "stop" }, usage: { outputTokens: 42 } },
  ];
  let server: ReturnType<typeof Bun.serve>;
  let ours: Anthropic;

  beforeAll(() => {
    server = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      async fetch(request) {
        const body = (await request.json()) as { stream?: boolean };
        if (body.stream) return new Response(encodeStream(events, "my-alias").join(""), { headers: { "content-type": claudeCodec.streamContentType({}) } });
        const unified = claudeCodec.decodeResponse(JSON.parse(JSON.stringify(await (await fetch(`${fake.baseUrl}/v1/messages`, { method: "POST", body: JSON.stringify(PARAMS) })).json())), testContext());
        return Response.json(claudeCodec.encodeResponse(unified, testContext("my-alias")));
      },
    });
    ours = new Anthropic({ apiKey: "k", baseURL: `http://127.0.0.1:${server.port}`, maxRetries: 0 });
  });

  afterAll(async () => {
    await server.stop(true);
  });

  test("stream encoder output → messages.stream().finalMessage()", async () => {
    const message = await ours.messages.stream(PARAMS).finalMessage();
    expect(message.model).toBe("my-alias");
    expect(message.content as unknown[]).toEqual([
      { type: "thinking", thinking: "Plan: call it.", signature: "Sig/+==" },
      { type: "text", text: "On it." },
      { type: "tool_use", id: "call_1", name: "get_weather", input: { city: "Paris" } },
    ]);
    expect(message.stop_reason).toBe("tool_use");
    expect(message.usage).toMatchObject({ input_tokens: 100, output_tokens: 42, cache_read_input_tokens: 200, cache_creation_input_tokens: 0 });
  });

  test("encodeResponse output → messages.create()", async () => {
    fake.setScenario(SCENARIO);
    const message = await ours.messages.create(PARAMS);
    expect(message.model).toBe("my-alias");
    expect(message.content.map((block) => block.type)).toEqual(["thinking", "text", "tool_use", "tool_use"]);
    expect(message.content[0]).toMatchObject({ signature: "EqQBCkYIARgCIkBp3Lk+/0Yy==" });
    expect(message.usage).toMatchObject({ input_tokens: 120, cache_read_input_tokens: 100, cache_creation_input_tokens: 20 });
  });
});
