// In charge of the feature matrix: every official client SDK × every upstream × stream, for each conversion feature and known trap.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { FakeScenario } from "../fakes/scenario.ts";
import { FINISH, FOUR, type Four, type Params, type ToolChoiceSpec, type Turn } from "./features/conversation.ts";
import { registerCountTokenTests } from "./features/count-tokens.ts";
import { PNG_BASE64, TIME, WEATHER, WEATHER_SCHEMA, startImageServer, type ImageServer } from "./features/fixtures.ts";
import { makePair, SKIP_SIGNATURE } from "./features/pair.ts";
import { registerTrapTests } from "./features/traps.ts";
import { partsOf, type UpstreamView } from "./features/upstream-view.ts";
import { startHarness, type Harness } from "./harness.ts";

let harness: Harness;
let images: ImageServer;
beforeAll(async () => {
  harness = await startHarness();
  images = startImageServer();
});
afterAll(async () => {
  await harness.stop();
  await images.stop();
});

const CLAUDE_SIGNATURE = "EqQBCkYIARgCIkD+claudeHistorySignature/0001==";
const GEMINI_THOUGHT_SIGNATURE = "CiQB0e2Kb9Lf3xQz1yN0pX2wBvThought0001";
const GEMINI_CALL_SIGNATURE = "CiQB0e2Kb9Lf3xQz1yN0pX2wBvCall0001";

/** What each fake upstream reports for {input 100, output 20, cacheRead 30, cacheWrite 10}: total prompt, cache reads, cache writes. */
const CACHED_USAGE: Record<Four, { total: number; read: number; write: number }> = {
  openai: { total: 140, read: 30, write: 0 }, // prompt_tokens includes cache; no cache-write counter
  claude: { total: 140, read: 30, write: 10 }, // input_tokens 100 + cache_read 30 + cache_creation 10
  gemini: { total: 140, read: 30, write: 0 }, // promptTokenCount includes cachedContentTokenCount
  ollama: { total: 100, read: 0, write: 0 }, // prompt_eval_count only
};

function noConsecutiveRoles(view: UpstreamView): void {
  for (let i = 1; i < view.messages.length; i++) expect(`${i}:${view.messages[i]!.role}`).not.toBe(`${i}:${view.messages[i - 1]!.role}`);
}

function messageTexts(view: UpstreamView): string[] {
  return view.messages.filter((message) => message.role === "user" || message.role === "assistant").flatMap((message) => message.parts.flatMap((part) => (part.type === "text" && part.text !== "" ? [part.text] : [])));
}

for (const client of FOUR) {
  for (const upstream of FOUR) {
    for (const stream of [false, true]) {
      describe(`${client} client → ${upstream} upstream${stream ? " (stream)" : ""}`, () => {
        const pair = makePair(() => harness, client, upstream, stream);
        const { caps, direct, send, seen, expectPassthrough } = pair;

        test("system prompt, in-place system message and consecutive same-role turns keep their order", async () => {
          const turns: Turn[] = [{ role: "user", text: "U-one" }, { role: "user", text: "U-two" }, { role: "assistant", text: "A-one" }, { role: "assistant", text: "A-two" }];
          if (caps.inPlaceSystem) turns.push({ role: "system", text: "SYS-MID" });
          turns.push({ role: "user", text: "U-three" });
          const outcome = await send({ system: "SYS-LEAD", turns }, { text: "fine" });
          expect(outcome.text).toBe("fine");
          expect(outcome.finish).toBe(FINISH[client].stop);
          const view = seen();
          expect(view.system[0]).toBe("SYS-LEAD");
          expect(messageTexts(view)).toEqual(["U-one", "U-two", "A-one", "A-two", "U-three"]);
          if (caps.inPlaceSystem && upstream === "gemini") {
            // Gemini has no system role in contents: the in-place message joins systemInstruction.
            expect(view.system).toEqual(["SYS-LEAD", "SYS-MID"]);
            expect(JSON.stringify(view.body.contents)).not.toContain("SYS-MID");
          } else if (caps.inPlaceSystem) {
            const index = view.messages.findIndex((message) => message.role === "system");
            expect(view.messages[index]?.parts).toEqual([{ type: "text", text: "SYS-MID" }]);
            expect(JSON.stringify(view.messages[index - 1])).toContain("A-two");
            expect(JSON.stringify(view.messages[index + 1])).toContain("U-three");
          }
          // Claude and Gemini want user/assistant turns to alternate: consecutive same-role turns are merged.
          if (!direct && (upstream === "claude" || upstream === "gemini")) noConsecutiveRoles(view);
          expectPassthrough(outcome);
        });

        test("sampling parameters reach the upstream where it has them", async () => {
          const params: Params = { temperature: 0.4, topP: 0.9, maxTokens: 300, stop: ["END"] };
          if (caps.topK) params.topK = 40;
          if (caps.seedAndPenalties) Object.assign(params, { seed: 7, presencePenalty: 0.3, frequencyPenalty: 0.2 });
          const outcome = await send({ turns: [{ role: "user", text: "hi" }], params }, { text: "ok" });
          expect(outcome.text).toBe("ok");
          const expected: Params = { ...params };
          if (upstream === "claude" && !direct) {
            // Claude rejects temperature with top_p, and has no seed or penalties: dropped with warnings.
            delete expected.topP;
            delete expected.seed;
            delete expected.presencePenalty;
            delete expected.frequencyPenalty;
          }
          expect(seen().params).toEqual(expected);
          expectPassthrough(outcome);
        });

        test("a length stop reaches the client as its own length reason", async () => {
          const outcome = await send({ turns: [{ role: "user", text: "Write a lot." }], params: { maxTokens: 5 } }, { text: "Once upon", finish: "length" });
          expect(outcome.text).toBe("Once upon");
          expect(outcome.finish).toBe(FINISH[client].length);
        });

        test("a content-filter stop reaches the client as its own refusal reason", async () => {
          const outcome = await send({ turns: [{ role: "user", text: "Something unsafe." }] }, { text: "I can", finish: "content-filter" });
          expect(outcome.text).toBe("I can");
          // Ollama has no such reason (its fake says "stop"), and Ollama clients only ever see "stop".
          const expected = upstream === "ollama" ? FINISH[client].stop : { openai: "content_filter", claude: "refusal", gemini: "SAFETY", ollama: "stop" }[client];
          expect(outcome.finish).toBe(expected);
        });

        if (caps.jsonMode) {
          test("JSON mode", async () => {
            const outcome = await send({ turns: [{ role: "user", text: "Answer in JSON." }], format: { type: "json" } }, { text: '{"ok":true}' });
            expect(JSON.parse(outcome.text)).toEqual({ ok: true });
            const view = seen();
            if (upstream === "claude") {
              // No JSON mode on Claude: an instruction in the system prompt asks for it.
              expect(view.format).toBeUndefined();
              expect(view.system.join("\n")).toContain("valid JSON");
            } else expect(view.format).toBe("json");
            expectPassthrough(outcome);
          });
        }

        test("JSON schema output", async () => {
          const outcome = await send({ turns: [{ role: "user", text: "Weather as JSON." }], format: { type: "json-schema", name: "weather", schema: WEATHER_SCHEMA } }, { text: '{"city":"Paris","temperature":21}' });
          expect(JSON.parse(outcome.text)).toEqual({ city: "Paris", temperature: 21 });
          const view = seen();
          if (upstream === "gemini" && !direct) {
            expect(view.format).toEqual({ schema: { type: "OBJECT", properties: { city: { type: "STRING" }, temperature: { type: "NUMBER" } }, required: ["city", "temperature"] } });
          } else if (upstream === "claude" && client !== "claude") {
            expect(view.format).toBeUndefined();
            expect(view.system.join("\n")).toContain(JSON.stringify(WEATHER_SCHEMA));
          } else expect(view.format).toEqual({ schema: WEATHER_SCHEMA });
          if (upstream === "openai") expect(JSON.stringify(view.body.response_format)).toContain(client === "openai" ? '"name":"weather"' : '"name":"response"');
          expectPassthrough(outcome);
        });

        if (caps.toolChoice) {
          const choices: ToolChoiceSpec[] = ["auto", "none", "required", { name: "get_time" }];
          for (const choice of choices) {
            test(`tools with tool_choice ${typeof choice === "string" ? choice : "specific"}`, async () => {
              const scenario: FakeScenario = choice === "none" ? { text: "No tools today." } : { toolCalls: [{ id: "call_t9", name: "get_time", arguments: { tz: "UTC" } }], finish: "tool-calls" };
              const outcome = await send({ turns: [{ role: "user", text: "What time is it?" }], tools: [WEATHER, TIME], toolChoice: choice }, scenario);
              if (choice === "none") {
                expect(outcome.text).toBe("No tools today.");
                expect(outcome.toolCalls).toEqual([]);
              } else {
                expect(outcome.toolCalls.map(({ name, arguments: args }) => ({ name, args }))).toEqual([{ name: "get_time", args: { tz: "UTC" } }]);
                expect(outcome.finish).toBe(FINISH[client].tools);
              }
              const view = seen();
              if (upstream === "ollama") {
                // Ollama has no tool_choice: "none" sends no tools, a forced choice degrades to auto (warned).
                expect(view.tools.map((tool) => tool.name)).toEqual(choice === "none" ? [] : ["get_weather", "get_time"]);
                expect(view.toolChoice).toBeUndefined();
              } else {
                expect(view.tools.map((tool) => tool.name)).toEqual(["get_weather", "get_time"]);
                expect(view.toolChoice).toEqual(choice);
              }
              expectPassthrough(outcome);
            });
          }
        }

        test("tool results, including an error result, reach the upstream linked to their calls", async () => {
          const turns: Turn[] = [
            { role: "user", text: "Weather in Paris and time in Tokyo?" },
            { role: "assistant", calls: [{ id: "call_w1", name: "get_weather", arguments: { city: "Paris" } }, { id: "call_t1", name: "get_time", arguments: { tz: "Asia/Tokyo" } }] },
            { role: "tool", results: [{ id: "call_w1", name: "get_weather", content: "22°C and sunny" }, { id: "call_t1", name: "get_time", content: "time zone database unavailable", isError: true }] },
          ];
          const outcome = await send({ turns, tools: [WEATHER, TIME] }, { text: "Paris is sunny." });
          expect(outcome.text).toBe("Paris is sunny.");
          const view = seen();
          const calls = partsOf(view, "call");
          const results = partsOf(view, "result");
          expect(calls.map(({ name, args }) => ({ name, args }))).toEqual([{ name: "get_weather", args: { city: "Paris" } }, { name: "get_time", args: { tz: "Asia/Tokyo" } }]);
          expect(results.map((result) => result.text)).toEqual(["22°C and sunny", "time zone database unavailable"]);
          results.forEach((result, index) => {
            // Gemini links results by function name (the trap: it needs the name), Ollama without ids too; the others by call id.
            const byName = upstream === "gemini" || result.id === undefined;
            const call = byName ? calls.find((candidate) => candidate.name === result.name) : calls.find((candidate) => candidate.id === result.id);
            expect(call?.name).toBe(calls[index]!.name);
          });
          if (upstream === "gemini" || upstream === "ollama") expect(results.map((result) => result.name)).toEqual(["get_weather", "get_time"]);
          if (upstream === "openai") {
            // Trap: OpenAI tool messages must directly follow the assistant message holding their calls.
            const at = view.messages.findIndex((message) => message.parts.some((part) => part.type === "call"));
            expect(view.messages.slice(at + 1, at + 3).map((message) => message.role)).toEqual(["tool", "tool"]);
          }
          const flagged = caps.toolErrorFlag && (upstream === "claude" || upstream === "gemini");
          expect(results.map((result) => result.isError === true)).toEqual([false, flagged]);
          if (upstream === "gemini" && !direct) expect(calls[0]?.signature).toBe(SKIP_SIGNATURE);
          expectPassthrough(outcome);
        });

        test("parallel same-name calls and their results stay paired (by order where the client sends no ids)", async () => {
          const turns: Turn[] = [
            { role: "user", text: "Weather in Paris and Tokyo?" },
            { role: "assistant", calls: [{ id: "call_p1", name: "get_weather", arguments: { city: "Paris" } }, { id: "call_p2", name: "get_weather", arguments: { city: "Tokyo" } }] },
            { role: "tool", results: [{ id: "call_p1", name: "get_weather", content: "Paris: 20°C" }, { id: "call_p2", name: "get_weather", content: "Tokyo: 25°C" }] },
          ];
          const outcome = await send({ turns, tools: [WEATHER], omitIds: true }, { text: "Both warm." });
          expect(outcome.text).toBe("Both warm.");
          const view = seen();
          const calls = partsOf(view, "call");
          const results = partsOf(view, "result");
          expect(results.map((result) => result.text)).toEqual(["Paris: 20°C", "Tokyo: 25°C"]);
          if (upstream !== "gemini" && results.every((result) => result.id !== undefined)) {
            for (const result of results) expect(result.text.startsWith(String(calls.find((call) => call.id === result.id)?.args.city))).toBe(true);
          }
          const callIds = calls.flatMap((call) => (call.id === undefined ? [] : [call.id]));
          expect(new Set(callIds).size).toBe(callIds.length);
          expectPassthrough(outcome);
        });

        test("images: base64 inline, and URL (fetched by ccproxy for Gemini and Ollama)", async () => {
          const sent: Turn = { role: "user", text: "Describe these.", images: [{ kind: "base64", mediaType: "image/png", data: PNG_BASE64 }] };
          if (caps.imageUrl) sent.images!.push({ kind: "url", url: images.url });
          const hitsBefore = images.hits();
          const outcome = await send({ turns: [sent] }, { text: "Two pixels." });
          expect(outcome.text).toBe("Two pixels.");
          const inline = { type: "image", data: PNG_BASE64, mediaType: "image/png" };
          const expected: unknown[] = [upstream === "ollama" ? { type: "image", data: PNG_BASE64 } : inline];
          if (caps.imageUrl) {
            if (upstream === "openai" || upstream === "claude") expected.push({ type: "image", url: images.url });
            else if (direct) expected.push({ type: "image", url: images.url, mediaType: "image/png" });
            else expected.push(expected[0]);
          }
          expect(partsOf(seen(), "image")).toEqual(expected as ReturnType<typeof partsOf<"image">>);
          const fetched = caps.imageUrl && !direct && (upstream === "gemini" || upstream === "ollama");
          expect(images.hits() - hitsBefore).toBe(fetched ? 1 : 0);
          expectPassthrough(outcome);
        });

        test("reasoning: the request's setting and the answer's reasoning, signatures never forged", async () => {
          const reasoning = client === "claude" ? { budget: 2048 } : { effort: "high" as const };
          const outcome = await send({ turns: [{ role: "user", text: "What is six times seven?" }], reasoning }, { reasoning: "Let me think.", reasoningSignature: "sig-XYZ", text: "42" });
          expect(outcome.text).toBe("42");
          expect(outcome.reasoning).toBe("Let me think.");
          if (client === "claude") expect(outcome.signatures).toEqual([upstream === "claude" ? "sig-XYZ" : ""]);
          else if (client === "gemini") expect(outcome.signatures).toEqual(upstream === "gemini" ? ["sig-XYZ"] : []);
          const view = seen();
          const thinking = view.thinking;
          if (upstream === "openai") expect(thinking).toBe(client === "claude" ? "medium" : "high");
          if (upstream === "ollama") expect(thinking).toBe(client === "claude" ? true : "high");
          if (upstream === "claude") {
            expect(thinking).toEqual({ type: "enabled", budget_tokens: client === "claude" ? 2048 : 24000 });
            expect(view.params.maxTokens).toBeGreaterThan(client === "claude" ? 2048 : 24000);
          }
          if (upstream === "gemini") expect(thinking).toEqual(direct ? { includeThoughts: true, thinkingLevel: "HIGH" } : { includeThoughts: true, thinkingBudget: client === "claude" ? 2048 : 24576 });
          expectPassthrough(outcome);
        });

        test("reasoning history: signatures go back byte-exact to their own protocol only; reasoning text stays for OpenAI and Ollama", async () => {
          const signature = client === "claude" ? CLAUDE_SIGNATURE : client === "gemini" ? GEMINI_THOUGHT_SIGNATURE : undefined;
          const turns: Turn[] = [
            { role: "user", text: "Weather in Oslo?" },
            { role: "assistant", reasoning: { text: "I should call the tool.", ...(signature ? { signature } : {}) }, calls: [{ id: "call_r1", name: "get_weather", arguments: { city: "Oslo" }, ...(client === "gemini" ? { signature: GEMINI_CALL_SIGNATURE } : {}) }] },
            { role: "tool", results: [{ id: "call_r1", name: "get_weather", content: "-3°C" }] },
          ];
          const outcome = await send({ turns, tools: [WEATHER] }, { text: "Cold." });
          expect(outcome.text).toBe("Cold.");
          const view = seen();
          const reasoningParts = partsOf(view, "reasoning");
          const calls = partsOf(view, "call");
          if (upstream === "claude") expect(reasoningParts).toEqual(direct ? [{ type: "reasoning", text: "I should call the tool.", signature: CLAUDE_SIGNATURE }] : []);
          if (upstream === "gemini") {
            expect(reasoningParts).toEqual(direct ? [{ type: "reasoning", text: "I should call the tool.", signature: GEMINI_THOUGHT_SIGNATURE }] : []);
            expect(calls[0]?.signature).toBe(direct ? GEMINI_CALL_SIGNATURE : SKIP_SIGNATURE);
          }
          if (upstream === "openai" || upstream === "ollama") {
            // DeepSeek-style: the reasoning goes back as text on the assistant turn that made the call.
            const assistant = view.messages.find((message) => message.parts.some((part) => part.type === "call"));
            expect(assistant?.parts.filter((part) => part.type === "reasoning")).toEqual([{ type: "reasoning", text: "I should call the tool." }]);
          }
          // A signature from one protocol never shows up in another protocol's request.
          if (!direct && signature) expect(JSON.stringify(view.body)).not.toContain(signature);
          expectPassthrough(outcome);
        });

        test("usage, with cache reads and writes in each client's convention", async () => {
          const outcome = await send({ turns: [{ role: "user", text: "Cached prompt." }] }, { text: "cached", usage: { input: 100, output: 20, cacheRead: 30, cacheWrite: 10 } });
          const { total, read, write } = CACHED_USAGE[upstream];
          expect(outcome.usage.output).toBe(20);
          if (client === "claude") {
            // Claude's input_tokens excludes cache reads and writes.
            expect(outcome.usage).toEqual({ input: total - read - write, output: 20, cacheRead: read, cacheWrite: write });
          } else expect(outcome.usage.input).toBe(total);
          if (client === "openai") expect(outcome.usage.cacheRead).toBe(read);
          if (client === "gemini") expect(outcome.usage.cacheRead).toBe(read === 0 ? undefined : read);
        });

        registerTrapTests(pair);
      });
    }
  }
}

registerCountTokenTests(() => harness);
