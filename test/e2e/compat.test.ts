// In charge of tool compatibility mode end to end: every client SDK × every upstream, streaming and not, XML in, native calls out.
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
  parameters: { type: "object" as const, properties: { city: { type: "string" }, days: { type: "integer" }, units: { type: "string", enum: ["c", "f"] } }, required: ["city"] },
};
const WRITE = {
  name: "write_file",
  description: "Write a file.",
  parameters: { type: "object" as const, properties: { path: { type: "string" }, content: { type: "string" }, tags: { type: "array", items: { type: "string" } } }, required: ["path", "content"] },
};

/** What a small local model writes: prose, two calls (one with raw HTML and a mistyped integer), more prose. */
const XML_ANSWER = [
  "Let me check that for you.\n",
  "<cs:tool_use>\n<name>get_weather</name>\n<args>\n<arg name=\"city\" type=\"string\">Paris</arg>\n<arg name=\"days\" type=\"string\">3</arg>\n</args>\n</cs:tool_use>\n",
  "<cs:tool_use>\n<name>write_file</name>\n<args>\n<arg name=\"path\" type=\"string\">index.html</arg>\n<arg name=\"content\" type=\"string\"><p class=\"a\">1 < 2 && 3 > 2</p></arg>\n<arg name=\"tags\" type=\"array\">[\"x\", \"y\"]</arg>\n</args>\n</cs:tool_use>\n",
].join("");

/** Native tool structures that must never reach a compat upstream. */
const NATIVE_TOOL_KEYS = ['"tools"', '"tool_choice"', '"functionDeclarations"', '"tool_calls"', '"tool_use"', '"tool_result"', '"functionCall"', '"functionResponse"', '"tool_call_id"', '"function_call"', '"function_call_output"', '"role":"tool"'];

function expectNoNativeTools(upstream: ProtocolName): string {
  const sent = JSON.stringify(harness.fakes[upstream].last().body);
  for (const key of NATIVE_TOOL_KEYS) expect(sent).not.toContain(key);
  return sent;
}

for (const client of PROTOCOLS) {
  for (const upstream of PROTOCOLS) {
    for (const stream of [false, true]) {
      describe(`compat: ${client} client → ${upstream} upstream${stream ? " (stream)" : ""}`, () => {
        const drive = (spec: Omit<ChatSpec, "model" | "stream">) => DRIVERS[client](`${harness.url}/compat_mode`, { model: `${upstream}-model`, stream, ...spec });

        test("XML tool calls come back as native calls with typed arguments; text stays in order", async () => {
          harness.fakes[upstream].setScenario({ text: XML_ANSWER, chunkSize: 7, usage: { input: 40, output: 30 } });
          const outcome = await drive({ system: "Be helpful.", user: "Weather in Paris, then write the page.", tools: [WEATHER, WRITE] });
          expect(outcome.toolCalls.map(({ name, arguments: args }) => ({ name, args }))).toEqual([
            { name: "get_weather", args: { city: "Paris", days: 3 } },
            { name: "write_file", args: { path: "index.html", content: '<p class="a">1 < 2 && 3 > 2</p>', tags: ["x", "y"] } },
          ]);
          expect(outcome.text).toContain("Let me check that for you.");
          expect(outcome.text).not.toContain("cs:tool_use");
          expect(outcome.finish).toBe(FINISH[client].tools);
          const sent = expectNoNativeTools(upstream);
          expect(sent).toContain("<cs:tools>");
          expect(sent).toContain("get_weather");
          expect(sent).toContain("Be helpful.");
        });

        test("round trip: the call and its result go upstream as text, the final answer comes back", async () => {
          harness.fakes[upstream].setScenario({ text: "It is 22°C and sunny in Paris.", chunkSize: 5 });
          const outcome = await drive({
            user: "Weather in Paris?",
            tools: [WEATHER],
            toolTurn: { call: { id: "call_w1", name: "get_weather", arguments: { city: "Paris" } }, result: "22°C, sunny" },
          });
          expect(outcome.text).toBe("It is 22°C and sunny in Paris.");
          expect(outcome.toolCalls).toEqual([]);
          expect(outcome.finish).toBe(FINISH[client].stop);
          const sent = expectNoNativeTools(upstream);
          expect(sent).toContain("<cs:tool_result");
          expect(sent).toContain("22°C, sunny");
          expect(sent).toContain("<name>get_weather</name>");
        });

        test("plain prose with < and > passes through byte-exact", async () => {
          const prose = "Use `Array<string>` when a < b, and <div> tags > none. <tool>not a call</tool>";
          harness.fakes[upstream].setScenario({ text: prose, chunkSize: 3 });
          const outcome = await drive({ user: "Explain.", tools: [WEATHER] });
          expect(outcome.text).toBe(prose);
          expect(outcome.toolCalls).toEqual([]);
        });
      });
    }
  }
}

describe("compat mode by provider setting and by other prefixes", () => {
  test("a provider with tools = \"compat\" uses compat mode without the prefix; /{group}/compat_mode and /compat work", async () => {
    const own = await startHarness({
      build: (fakes) => `[server]\nhost = "127.0.0.1"\nport = 0\n[[providers]]\nid = "small"\nprotocol = "ollama"\nbase_url = "${fakes.ollama.baseUrl}"\ntools = "compat"\n[[groups]]\nname = "default"\n[[groups.aliases]]\nalias = "m"\ntargets = ["small/tiny"]\n[[groups]]\nname = "team"\n[[groups.aliases]]\nalias = "m"\ntargets = ["small/tiny"]\n`,
    });
    try {
      own.fakes.ollama.setScenario({ text: XML_ANSWER });
      for (const base of [own.url, `${own.url}/team/compat_mode`, `${own.url}/compat`]) {
        const outcome = await DRIVERS.openai(base, { model: "m", stream: true, user: "go", tools: [WEATHER, WRITE] });
        expect(outcome.toolCalls.map((call) => call.name)).toEqual(["get_weather", "write_file"]);
        expect(JSON.stringify(own.fakes.ollama.last().body)).not.toContain('"tools"');
      }
    } finally {
      await own.stop();
    }
  });
});
