// In charge of Ollama's extra routes end to end with the official ollama client: generate to every upstream, ps, version, show.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Ollama } from "ollama";
import { OLLAMA_VERSION } from "../../src/server/extra-routes.ts";
import { ACCESS_KEY, startHarness, type Harness } from "./harness.ts";

const PROTOCOLS = ["openai", "claude", "gemini", "ollama"] as const;
type Protocol = (typeof PROTOCOLS)[number];

/** A 1×1 PNG, bare base64 as Ollama clients send images. */
const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
const SYSTEM = "Answer with one JSON object.";
const TEXT = '{"answer": "a red square"}';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({
    toml: `[[groups]]\nname = "extras"\n[[groups.aliases]]\nalias = "chat-a"\ntargets = ["openai/upstream-openai"]\n[[groups.aliases]]\nalias = "nomic-embed-text"\ntargets = ["ollama/nomic-embed-text"]\n[[groups.aliases]]\nalias = "search"\ntargets = ["openai/text-embedding-3-small"]\n`,
  });
});
afterAll(async () => {
  await harness.stop();
});

const client = (prefix = "") => new Ollama({ host: `${harness.url}${prefix}`, headers: { Authorization: `Bearer ${ACCESS_KEY}` } });
const post = (path: string, body: unknown) =>
  fetch(harness.url + path, { method: "POST", headers: { authorization: `Bearer ${ACCESS_KEY}`, "content-type": "application/json" }, body: JSON.stringify(body) });

function upstreamBody(protocol: Protocol): Record<string, unknown> {
  return harness.fakes[protocol].last().body as Record<string, unknown>;
}

/** The prompt, system text, image and JSON format each reached the upstream in its own protocol's fields. */
function expectPromptSent(protocol: Protocol, prompt: string): void {
  const body = upstreamBody(protocol);
  const text = JSON.stringify(body);
  expect(text).toContain(prompt);
  expect(text).toContain(SYSTEM);
  expect(text).toContain(PNG);
  if (protocol === "openai") expect(body.response_format).toEqual({ type: "json_object" });
  if (protocol === "gemini") expect(body.generationConfig).toMatchObject({ responseMimeType: "application/json" });
  if (protocol === "ollama") {
    expect(harness.fakes.ollama.last().path).toBe("/api/chat");
    expect(body.format).toBe("json");
    expect(body.messages).toEqual([{ role: "system", content: SYSTEM }, { role: "user", content: prompt, images: [PNG] }]);
  }
}

describe.each(PROTOCOLS)("generate with a %s upstream", (protocol) => {
  const model = `${protocol}-model`;

  test("not streamed: system, images and format go upstream, the answer is /api/generate's", async () => {
    harness.fakes[protocol].setScenario({ text: TEXT, reasoning: "A square, red.", usage: { input: 21, output: 9 } });
    const answer = await client().generate({ model, prompt: "What is in this picture?", system: SYSTEM, images: [PNG], format: "json", stream: false });
    expect(answer.response).toBe(TEXT);
    expect(answer.thinking).toBe("A square, red.");
    expect(answer).toMatchObject({ model, done: true, done_reason: "stop", eval_count: 9 });
    expect(answer.prompt_eval_count).toBeGreaterThanOrEqual(21);
    expect(Number.isNaN(new Date(answer.created_at).getTime())).toBe(false);
    expectPromptSent(protocol, "What is in this picture?");
  });

  test("streamed (the default): NDJSON deltas, then the done line with counts", async () => {
    harness.fakes[protocol].setScenario({ text: TEXT, usage: { input: 21, output: 9 }, chunkSize: 5 });
    const parts = [];
    for await (const part of await client().generate({ model, prompt: "Describe it.", system: SYSTEM, images: [PNG], format: "json", stream: true })) parts.push(part);
    expect(parts.map((part) => part.response).join("")).toBe(TEXT);
    expect(parts.length).toBeGreaterThan(2);
    expect(parts.slice(0, -1).every((part) => !part.done)).toBe(true);
    expect(parts.at(-1)).toMatchObject({ model, done: true, done_reason: "stop", eval_count: 9 });
    expectPromptSent(protocol, "Describe it.");
    const sent = harness.fakes[protocol].last();
    if (protocol === "gemini") expect(sent.path).toContain(":streamGenerateContent");
    else expect(upstreamBody(protocol).stream).toBe(true);
  });
});

describe("generate edge cases", () => {
  test("a raw body without stream gets an NDJSON stream (Ollama's default)", async () => {
    harness.fakes.openai.setScenario({ text: "streamed" });
    const response = await post("/api/generate", { model: "openai-model", prompt: "hi" });
    expect(response.headers.get("content-type")).toContain("application/x-ndjson");
    const lines = (await response.text()).trim().split("\n").map((line) => JSON.parse(line) as { response: string; done: boolean });
    expect(lines.map((line) => line.response).join("")).toBe("streamed");
    expect(lines.at(-1)!.done).toBe(true);
  });

  test("an upstream failing mid-stream ends with Ollama's error line", async () => {
    harness.fakes.openai.setScenario({ text: "this will break off", errorEventAfterFrames: 3 });
    const response = await post("/api/generate", { model: "openai-model", prompt: "hi" });
    const lines = (await response.text()).trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(typeof lines.at(-1)!.error).toBe("string");
    expect(lines.some((line) => line.done === true)).toBe(false);
  });

  test("no prompt only loads the model (keep_alive 0 unloads), without calling an upstream", async () => {
    const before = harness.fakes.claude.requests.length;
    expect(await client().generate({ model: "claude-model", prompt: "" })).toMatchObject({ model: "claude-model", response: "", done: true, done_reason: "load" });
    expect(await client().generate({ model: "claude-model", prompt: "", keep_alive: 0 })).toMatchObject({ done_reason: "unload" });
    expect(harness.fakes.claude.requests.length).toBe(before);
  });

  test("unknown models are 404s and bad bodies 400s, as {error}", async () => {
    const missing = await post("/api/generate", { model: "nope", prompt: "hi", stream: false });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: string }).error).toContain("nope");
    const loadMissing = await post("/api/generate", { model: "nope" });
    expect(loadMissing.status).toBe(404);
    const bad = await post("/api/generate", { model: "openai-model", prompt: "hi", images: "not-a-list" });
    expect(bad.status).toBe(400);
    expect(typeof ((await bad.json()) as { error: string }).error).toBe("string");
  });

  test("generate-only fields that have no upstream equivalent do not break the request", async () => {
    harness.fakes.ollama.setScenario({ text: "fim" });
    const answer = await client().generate({ model: "ollama-model", prompt: "def f():", suffix: "    return x", raw: true, context: [1, 2], stream: false });
    expect(answer.response).toBe("fim");
    expect(upstreamBody("ollama").messages).toEqual([{ role: "user", content: "def f():" }]);
  });
});

describe.each(["", "/default", "/switch", "/extras", "/extras/compat"])("under prefix '%s'", (prefix) => {
  const extras = prefix.startsWith("/extras");

  test("version", async () => {
    expect(await client(prefix).version()).toEqual({ version: OLLAMA_VERSION });
  });

  test("ps lists the group's aliases as running models", async () => {
    const { models } = await client(prefix).ps();
    const tags = await client(prefix).list();
    expect(models.map((model) => model.name)).toEqual(tags.models.map((model) => model.name));
    if (extras) expect(models.map((model) => model.name)).toEqual(["chat-a", "nomic-embed-text", "search"]);
    else expect(models.map((model) => model.name)).toContain("ollama-model");
    for (const model of models) {
      expect(model.model).toBe(model.name);
      expect(model.digest).toMatch(/^[0-9a-f]{64}$/);
      expect(model.details).toMatchObject({ format: "gguf", family: "ccproxy", families: ["ccproxy"] });
      expect(new Date(model.expires_at).getTime()).toBeGreaterThan(Date.now());
      expect(model.size_vram).toBe(0);
    }
  });

  test("show gives the details, model_info and capabilities clients read", async () => {
    const shown = await client(prefix).show({ model: `${extras ? "chat-a" : "openai-model"}:latest` });
    expect(shown.details).toMatchObject({ family: "ccproxy", parameter_size: "unknown", quantization_level: "unknown" });
    const info = shown.model_info as unknown as Record<string, unknown>;
    const architecture = info["general.architecture"];
    expect(architecture).toBe("ccproxy");
    expect(info[`${String(architecture)}.context_length`]).toBe(131072);
    expect(shown.capabilities).toEqual(["completion", "tools", "thinking", "vision"]);
  });

  test("generate works here too", async () => {
    harness.fakes.openai.setScenario({ text: "prefixed" });
    const model = extras ? "chat-a" : "openai-model";
    expect((await client(prefix).generate({ model, prompt: "hi", stream: false })).response).toBe("prefixed");
  });
});

describe("embedding aliases and auth", () => {
  test("aliases named or targeting an embedding model report only the embedding capability", async () => {
    expect((await client("/extras").show({ model: "nomic-embed-text" })).capabilities).toEqual(["embedding"]);
    expect((await client("/extras").show({ model: "search" })).capabilities).toEqual(["embedding"]);
  });

  test.each(["/api/version", "/api/ps", "/extras/api/ps"])("GET %s needs the access key", async (path) => {
    const response = await fetch(harness.url + path);
    expect(response.status).toBe(401);
    expect(typeof ((await response.json()) as { error: string }).error).toBe("string");
  });

  test("generate without a key is a 401 the client reports", async () => {
    const error = await new Ollama({ host: harness.url }).generate({ model: "openai-model", prompt: "hi" }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status_code: 401 });
  });

  test("an unknown group is a 404", async () => {
    expect((await fetch(`${harness.url}/nogroup/api/version`, { headers: { authorization: `Bearer ${ACCESS_KEY}` } })).status).toBe(404);
  });

  test("the routes are in the OpenAPI document", async () => {
    const spec = (await (await fetch(`${harness.url}/swagger/json`)).json()) as { paths: Record<string, Record<string, { tags?: string[] }>> };
    for (const [path, method] of [["/api/generate", "post"], ["/api/version", "get"], ["/api/ps", "get"], ["/{group}/api/generate", "post"], ["/switch/api/ps", "get"]] as const) {
      expect(spec.paths[path]?.[method]?.tags?.[0]).toBe("Ollama");
    }
  });
});
