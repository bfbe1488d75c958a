// In charge of the 4×4 conversion matrix: every official client SDK against every upstream protocol, streaming and not.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { PROTOCOLS, type ProtocolName } from "../../src/unified/protocol.ts";
import { DRIVERS, FINISH, type ChatSpec } from "./clients.ts";
import { startHarness, type Harness } from "./harness.ts";

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness.stop();
});

const WEATHER = {
  name: "get_weather",
  description: "Get the weather for a city.",
  parameters: { type: "object" as const, properties: { city: { type: "string", description: "City name" }, days: { type: "integer" } }, required: ["city"] },
};
const TIME = {
  name: "get_time",
  description: "Current time in a time zone.",
  parameters: { type: "object" as const, properties: { tz: { type: "string" } }, required: ["tz"] },
};

function bodyText(protocol: ProtocolName): string {
  return JSON.stringify(harness.fakes[protocol].last().body);
}

function upstreamModelSeen(protocol: ProtocolName): string {
  const request = harness.fakes[protocol].last();
  if (protocol === "gemini") return decodeURIComponent(request.path.split("/models/")[1]!.split(":")[0]!);
  return (request.body as { model: string }).model;
}

for (const client of PROTOCOLS) {
  for (const upstream of PROTOCOLS) {
    for (const stream of [false, true]) {
      describe(`${client} client → ${upstream} upstream${stream ? " (stream)" : ""}`, () => {
        const drive = (spec: Omit<ChatSpec, "model" | "stream">) => DRIVERS[client](harness.url, { model: `${upstream}-model`, stream, ...spec });

        test("text, system prompt, parameters, usage, alias as model", async () => {
          harness.fakes[upstream].setScenario({ text: "Hello there, friend. <b>bold</b> & more", usage: { input: 11, output: 7 }, chunkSize: 5 });
          const outcome = await drive({ system: "You are terse.", user: "Say hello.", temperature: 0.5, maxTokens: 256 });
          expect(outcome.text).toBe("Hello there, friend. <b>bold</b> & more");
          expect(outcome.toolCalls).toEqual([]);
          expect(outcome.finish).toBe(FINISH[client].stop);
          expect(outcome.usage).toEqual({ input: 11, output: 7 });
          // Converted answers show the alias; passthrough forwards the upstream's bytes untouched (ARCHITECTURE.md).
          expect(outcome.model).toBe(client === upstream ? `upstream-${upstream}` : `${upstream}-model`);
          expect(upstreamModelSeen(upstream)).toBe(`upstream-${upstream}`);
          const sent = bodyText(upstream);
          expect(sent).toContain("You are terse.");
          expect(sent).toContain("Say hello.");
          expect(sent).toContain("0.5");
          expect(sent).toContain("256");
          expect(harness.fakes[upstream].last().headers["authorization"] ?? "").not.toContain("sk-ccp-test");
        });

        test("parallel tool calls come back as native calls", async () => {
          harness.fakes[upstream].setScenario({
            text: "",
            toolCalls: [
              { id: "call_a1", name: "get_weather", arguments: { city: "Paris", days: 3 } },
              { id: "call_b2", name: "get_time", arguments: { tz: "Europe/Paris" } },
            ],
            finish: "tool-calls",
            usage: { input: 20, output: 9 },
            chunkSize: 3,
          });
          const outcome = await drive({ user: "Weather and time in Paris?", tools: [WEATHER, TIME] });
          expect(outcome.toolCalls.map(({ name, arguments: args }) => ({ name, args }))).toEqual([
            { name: "get_weather", args: { city: "Paris", days: 3 } },
            { name: "get_time", args: { tz: "Europe/Paris" } },
          ]);
          expect(outcome.finish).toBe(FINISH[client].tools);
          const sent = bodyText(upstream);
          expect(sent).toContain("get_weather");
          expect(sent).toContain("get_time");
          expect(sent).toContain("City name");
        });

        test("tool round trip: the result reaches the upstream linked to its call", async () => {
          harness.fakes[upstream].setScenario({ text: "It is 22°C and sunny in Paris.", usage: { input: 30, output: 8 } });
          const outcome = await drive({
            user: "Weather in Paris?",
            tools: [WEATHER],
            toolTurn: { call: { id: "call_w1", name: "get_weather", arguments: { city: "Paris" } }, result: "22°C, sunny" },
          });
          expect(outcome.text).toBe("It is 22°C and sunny in Paris.");
          const sent = bodyText(upstream);
          expect(sent).toContain("22°C, sunny");
          expect(sent).toContain("get_weather");
          expect(sent).toContain("Paris");
        });

        test("an upstream 429 reaches the client as 429 in its own shape", async () => {
          harness.fakes[upstream].setScenario({ error: { status: 429, message: "slow down please" } });
          const error = await drive({ user: "hi" }).then(() => null, (caught: unknown) => caught);
          expect(error).not.toBeNull();
          const status = (error as { status?: number; status_code?: number; code?: number }).status ?? (error as { status_code?: number }).status_code ?? (error as { code?: number }).code;
          expect(status).toBe(429);
          expect(String((error as Error).message)).toContain("slow down please");
        });
      });
    }
  }
}
