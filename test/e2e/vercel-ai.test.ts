// In charge of the Vercel AI SDK (v7) as a second, stricter client: generateText/streamText with a tool round trip, 3 client protocols × 4 upstreams.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createAnthropic } from "@ai-sdk/anthropic";
import { createGoogleGenerativeAI } from "@ai-sdk/google";
import { createOpenAI } from "@ai-sdk/openai";
import { generateText, jsonSchema, stepCountIs, streamText, tool, type LanguageModel, type StepResult, type ToolSet } from "ai";
import type { FakeScenario, RecordedRequest } from "../fakes/scenario.ts";
import { FOUR } from "./features/conversation.ts";
import { partsOf, upstreamView } from "./features/upstream-view.ts";
import { ACCESS_KEY, startHarness, type Harness } from "./harness.ts";

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness.stop();
});

/** The AI SDK providers, each pointed at ccproxy as its provider's base URL. */
const CLIENTS = {
  openai: (model: string): LanguageModel => createOpenAI({ baseURL: `${harness.url}/v1`, apiKey: ACCESS_KEY }).chat(model),
  claude: (model: string): LanguageModel => createAnthropic({ baseURL: `${harness.url}/v1`, apiKey: ACCESS_KEY })(model),
  gemini: (model: string): LanguageModel => createGoogleGenerativeAI({ baseURL: `${harness.url}/v1beta`, apiKey: ACCESS_KEY })(model),
} as const;

const TOOL_RESULT = "22°C and sunny in Paris";

const tools = {
  get_weather: tool({
    description: "Get the weather for a city.",
    inputSchema: jsonSchema<{ city: string }>({ type: "object", properties: { city: { type: "string", description: "City name" } }, required: ["city"], additionalProperties: false }),
    execute: async ({ city }) => (city === "Paris" ? TOOL_RESULT : "unknown city"),
  }),
};

/** First call: the upstream asks for the tool; once the tool's result is in the history, it answers. */
function roundTrip(request: RecordedRequest): FakeScenario {
  if (JSON.stringify(request.body).includes(TOOL_RESULT)) return { text: "It is 22°C and sunny in Paris.", usage: { input: 40, output: 9 }, chunkSize: 6 };
  return { text: "Let me check.", toolCalls: [{ id: "call_ai1", name: "get_weather", arguments: { city: "Paris" } }], finish: "tool-calls", usage: { input: 25, output: 12 }, chunkSize: 3 };
}

/** The same round trip, with reasoning (and its signature) on the first answer. */
function reasoningRoundTrip(request: RecordedRequest): FakeScenario {
  const scenario = roundTrip(request);
  return scenario.toolCalls ? { ...scenario, reasoning: "I need the weather tool.", reasoningSignature: "sig-ai-sdk-0001" } : scenario;
}

function checkSteps(steps: ReadonlyArray<StepResult<ToolSet>>, text: string): void {
  expect(steps).toHaveLength(2);
  const [first, second] = steps;
  expect(first!.toolCalls.map((call) => ({ toolName: call.toolName, input: call.input }))).toEqual([{ toolName: "get_weather", input: { city: "Paris" } }]);
  expect(first!.toolResults.map((result) => result.output)).toEqual([TOOL_RESULT]);
  expect(first!.finishReason).toBe("tool-calls");
  expect(first!.text).toBe("Let me check.");
  expect(second!.finishReason).toBe("stop");
  expect(second!.toolCalls).toEqual([]);
  expect(text).toBe("It is 22°C and sunny in Paris.");
  expect(first!.usage.inputTokens).toBe(25);
  expect(first!.usage.outputTokens).toBe(12);
  expect(second!.usage.inputTokens).toBe(40);
  expect(second!.usage.outputTokens).toBe(9);
}

/** The second upstream request carries the call and its result, linked (by id, or by name for Gemini and Ollama). */
function checkHistory(upstream: (typeof FOUR)[number]): void {
  const requests = harness.fakes[upstream].requests.slice(-2);
  expect(requests).toHaveLength(2);
  const view = upstreamView(upstream, requests[1]!);
  const calls = partsOf(view, "call");
  const results = partsOf(view, "result");
  expect(calls.map(({ name, args }) => ({ name, args }))).toEqual([{ name: "get_weather", args: { city: "Paris" } }]);
  expect(results.map((result) => result.text)).toEqual([TOOL_RESULT]);
  if (upstream === "gemini" || upstream === "ollama") expect(results[0]!.name).toBe("get_weather");
  else expect(results[0]!.id).toBe(calls[0]!.id!);
  expect(view.tools.map((item) => item.name)).toEqual(["get_weather"]);
}

for (const client of ["openai", "claude", "gemini"] as const) {
  for (const upstream of FOUR) {
    describe(`AI SDK ${client} provider → ${upstream} upstream`, () => {
      test("generateText with a tool: call, execute, answer (two steps)", async () => {
        harness.fakes[upstream].setScenario(roundTrip);
        const result = await generateText({ model: CLIENTS[client](`${upstream}-model`), prompt: "What is the weather in Paris?", tools, stopWhen: stepCountIs(3), maxRetries: 0 });
        checkSteps(result.steps, result.text);
        checkHistory(upstream);
      });

      test("streamText with a tool: call, execute, answer (two steps), no stream errors", async () => {
        harness.fakes[upstream].setScenario(roundTrip);
        const errors: unknown[] = [];
        const result = streamText({ model: CLIENTS[client](`${upstream}-model`), prompt: "What is the weather in Paris?", tools, stopWhen: stepCountIs(3), maxRetries: 0, onError: ({ error }) => void errors.push(error) });
        const deltas: string[] = [];
        const inputDeltas: string[] = [];
        for await (const part of result.fullStream) {
          if (part.type === "error") errors.push(part.error);
          if (part.type === "text-delta") deltas.push(part.text);
          if (part.type === "tool-input-delta") inputDeltas.push(part.delta);
        }
        expect(errors).toEqual([]);
        const steps = await result.steps;
        checkSteps(steps, await result.text);
        // Text arrived in pieces, and the streamed tool input assembles to the call's arguments.
        expect(deltas.length).toBeGreaterThan(2);
        expect(deltas.join("")).toBe("Let me check.It is 22°C and sunny in Paris.");
        if (inputDeltas.length > 0) expect(JSON.parse(inputDeltas.join(""))).toEqual({ city: "Paris" });
        checkHistory(upstream);
      });

      test("generateText with reasoning: the reasoning reaches the SDK; its signature goes back only to its own protocol", async () => {
        harness.fakes[upstream].setScenario(reasoningRoundTrip);
        const result = await generateText({ model: CLIENTS[client](`${upstream}-model`), prompt: "What is the weather in Paris?", tools, stopWhen: stepCountIs(3), maxRetries: 0 });
        checkSteps(result.steps, result.text);
        // @ai-sdk/openai's chat model reads no reasoning_content (not even from OpenAI itself); the others show it.
        expect(result.steps[0]!.reasoningText).toBe(client === "openai" ? undefined : "I need the weather tool.");
        checkHistory(upstream);
        const replayed = JSON.stringify(harness.fakes[upstream].last().body);
        const sameProtocol = (client === "claude" && upstream === "claude") || (client === "gemini" && upstream === "gemini");
        if (!sameProtocol) expect(replayed).not.toContain("sig-ai-sdk-0001");
      });

      test("streamText with reasoning: reasoning deltas, then the tool round trip, no stream errors", async () => {
        harness.fakes[upstream].setScenario(reasoningRoundTrip);
        const errors: unknown[] = [];
        const result = streamText({ model: CLIENTS[client](`${upstream}-model`), prompt: "What is the weather in Paris?", tools, stopWhen: stepCountIs(3), maxRetries: 0, onError: ({ error }) => void errors.push(error) });
        let reasoning = "";
        for await (const part of result.fullStream) {
          if (part.type === "error") errors.push(part.error);
          if (part.type === "reasoning-delta") reasoning += part.text;
        }
        expect(errors).toEqual([]);
        checkSteps(await result.steps, await result.text);
        expect(reasoning).toBe(client === "openai" ? "" : "I need the weather tool.");
        checkHistory(upstream);
      });
    });
  }
}
