// In charge of group policies (prompt injection, tool filter, temperature ratio, caps, extra body) on every path.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { codecs } from "../../src/protocols/registry.ts";
import { textOf } from "../../src/unified/content.ts";
import type { UnifiedRequest } from "../../src/unified/request.ts";
import type { ProtocolName } from "../../src/unified/protocol.ts";
import { ACCESS_KEY, startHarness, type Harness } from "./harness.ts";

const FOUR = ["openai", "claude", "gemini", "ollama"] as const;
type Four = (typeof FOUR)[number];

function group(name: string, settings: string): string {
  const aliases = FOUR.map((protocol) => `[[groups.aliases]]\nalias = "${protocol}-model"\ntargets = ["${protocol}/up-${protocol}"]`).join("\n");
  return `[[groups]]\nname = "${name}"\n${settings}\n${aliases}\n`;
}

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({
    toml: [
      group("shaped", `prompt_injection = "enhance"\nprompt_text = "POLICY-TEXT"\ntool_filter = ["WebFetch"]\ntemperature_ratio = 0.5\nmax_tokens_cap = 100\nextra_body = { x_custom = "yes" }`),
      group("replaced", `prompt_injection = "replace"\nprompt_text = "ONLY-THIS"`),
      group("userpos", `prompt_injection = "enhance"\nprompt_text = "USER-PREFIX"\nprompt_position = "user"`),
      group("notools", `tool_filter = ["Read", "WebFetch"]`),
      group("hot", `temperature_ratio = 3.0`),
    ].join("\n"),
  });
});
afterAll(async () => {
  await harness.stop();
});

interface ClientRequest {
  system?: string;
  tools?: string[];
  temperature?: number;
  maxTokens?: number;
}

const schema = { type: "object", properties: { path: { type: "string" } }, required: ["path"] };

/** A raw request in the client's protocol (the official SDKs would add nothing this test checks). */
function build(client: Four, upstream: Four, spec: ClientRequest): { path: string; body: Record<string, unknown> } {
  const model = `${upstream}-model`;
  const tools = spec.tools ?? [];
  switch (client) {
    case "openai":
      return {
        path: "/v1/chat/completions",
        body: {
          model,
          messages: [...(spec.system ? [{ role: "system", content: spec.system }] : []), { role: "user", content: "hello there" }],
          ...(tools.length ? { tools: tools.map((name) => ({ type: "function", function: { name, description: name, parameters: schema } })) } : {}),
          ...(spec.temperature !== undefined ? { temperature: spec.temperature } : {}),
          ...(spec.maxTokens !== undefined ? { max_tokens: spec.maxTokens } : {}),
        },
      };
    case "claude":
      return {
        path: "/v1/messages",
        body: {
          model,
          max_tokens: spec.maxTokens ?? 1000,
          ...(spec.system ? { system: [{ type: "text", text: spec.system }] } : {}),
          messages: [{ role: "user", content: "hello there" }],
          ...(tools.length ? { tools: tools.map((name) => ({ name, description: name, input_schema: schema })) } : {}),
          ...(spec.temperature !== undefined ? { temperature: spec.temperature } : {}),
        },
      };
    case "gemini":
      return {
        path: `/v1beta/models/${model}:generateContent`,
        body: {
          contents: [{ role: "user", parts: [{ text: "hello there" }] }],
          ...(spec.system ? { systemInstruction: { parts: [{ text: spec.system }] } } : {}),
          ...(tools.length ? { tools: [{ functionDeclarations: tools.map((name) => ({ name, description: name, parametersJsonSchema: schema })) }] } : {}),
          generationConfig: { ...(spec.temperature !== undefined ? { temperature: spec.temperature } : {}), ...(spec.maxTokens !== undefined ? { maxOutputTokens: spec.maxTokens } : {}) },
        },
      };
    case "ollama":
      return {
        path: "/api/chat",
        body: {
          model,
          stream: false,
          messages: [...(spec.system ? [{ role: "system", content: spec.system }] : []), { role: "user", content: "hello there" }],
          ...(tools.length ? { tools: tools.map((name) => ({ type: "function", function: { name, description: name, parameters: schema } })) } : {}),
          options: { ...(spec.temperature !== undefined ? { temperature: spec.temperature } : {}), ...(spec.maxTokens !== undefined ? { num_predict: spec.maxTokens } : {}) },
        },
      };
  }
}

/** What the fake upstream received, read back with the upstream protocol's own decoder. */
function received(upstream: Four): { request: UnifiedRequest; raw: Record<string, unknown> } {
  const last = harness.fakes[upstream].last();
  const pathModel = upstream === "gemini" ? decodeURIComponent(last.path.split("/models/")[1]!.split(":")[0]!) : undefined;
  const request = codecs[upstream as ProtocolName].decodeRequest({ body: last.body, pathModel, stream: false }).value;
  return { request, raw: last.body as Record<string, unknown> };
}

function systemText(request: UnifiedRequest): string {
  const inPlace = request.messages.filter((message) => message.role === "system").map((message) => textOf(message.content));
  return [textOf(request.system), ...inPlace].join("\n");
}

async function send(prefix: string, client: Four, upstream: Four, spec: ClientRequest): Promise<void> {
  harness.fakes[upstream].setScenario({ text: "ok" });
  const { path, body } = build(client, upstream, spec);
  const response = await fetch(`${harness.url}/${prefix}${path}`, { method: "POST", headers: { authorization: `Bearer ${ACCESS_KEY}`, "content-type": "application/json" }, body: JSON.stringify(body) });
  expect(response.status).toBe(200);
}

for (const client of FOUR) {
  // Same protocol (passthrough with the body editor) and a converted path.
  for (const upstream of [client, FOUR[(FOUR.indexOf(client) + 1) % 4]!] as Four[]) {
    describe(`${client} client → ${upstream} upstream${client === upstream ? " (passthrough)" : ""}`, () => {
      test("enhance, tool filter, temperature ratio, max tokens cap, extra body", async () => {
        await send("shaped", client, upstream, { system: "CLIENT-SYSTEM", tools: ["Read", "WebFetch"], temperature: 0.8, maxTokens: 500 });
        const { request, raw } = received(upstream);
        const system = systemText(request);
        expect(system).toContain("CLIENT-SYSTEM");
        expect(system).toContain("POLICY-TEXT");
        expect(system.indexOf("CLIENT-SYSTEM")).toBeLessThan(system.indexOf("POLICY-TEXT"));
        expect(request.tools.map((tool) => tool.name)).toEqual(["Read"]);
        expect(request.temperature).toBeCloseTo(0.4, 6);
        expect(request.maxTokens).toBe(100);
        expect(raw.x_custom).toBe("yes");
      });

      test("enhance with no client system prompt makes it the whole system prompt; no temperature is invented", async () => {
        await send("shaped", client, upstream, { maxTokens: 50 });
        const { request } = received(upstream);
        expect(systemText(request).trim()).toBe("POLICY-TEXT");
        expect(request.temperature).toBeUndefined();
        expect(request.maxTokens).toBe(50);
      });

      test("replace drops the client's system prompt", async () => {
        await send("replaced", client, upstream, { system: "CLIENT-SYSTEM" });
        const system = systemText(received(upstream).request);
        expect(system).toContain("ONLY-THIS");
        expect(system).not.toContain("CLIENT-SYSTEM");
      });

      test("prompt_position = user prefixes the last user message", async () => {
        await send("userpos", client, upstream, { system: "CLIENT-SYSTEM" });
        const { request } = received(upstream);
        const lastUser = [...request.messages].reverse().find((message) => message.role === "user")!;
        expect(textOf(lastUser.content).startsWith("USER-PREFIX")).toBe(true);
        expect(textOf(lastUser.content)).toContain("hello there");
        expect(systemText(request)).not.toContain("USER-PREFIX");
      });

      test("filtering every tool sends no tools field at all", async () => {
        await send("notools", client, upstream, { tools: ["Read", "WebFetch"] });
        const { request, raw } = received(upstream);
        expect(request.tools).toEqual([]);
        expect(raw.tools).toBeUndefined();
        expect(raw.tool_choice).toBeUndefined();
      });

      test("a scaled temperature is clamped to the upstream's range", async () => {
        await send("hot", client, upstream, { temperature: 0.9 });
        const max = codecs[upstream as ProtocolName].upstream.maxTemperature;
        const { request } = received(upstream);
        expect(request.temperature).toBeCloseTo(max === undefined ? 2.7 : Math.min(2.7, max), 6);
      });
    });
  }
}
