// In charge of the route table: every chat and list route under every prefix, group precedence, unknown groups.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { ACCESS_KEY, startHarness, type Harness } from "./harness.ts";

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({
    toml: `[[groups]]\nname = "v1"\n[[groups.aliases]]\nalias = "v1-only"\ntargets = ["openai/from-v1-group"]\n[[groups]]\nname = "api"\n[[groups.aliases]]\nalias = "api-only"\ntargets = ["ollama/from-api-group"]\n`,
  });
});
afterAll(async () => {
  await harness.stop();
});

const auth = { authorization: `Bearer ${ACCESS_KEY}`, "content-type": "application/json" };
const post = (path: string, body: unknown, headers: Record<string, string> = auth) => fetch(harness.url + path, { method: "POST", headers, body: JSON.stringify(body) });
const get = (path: string, headers: Record<string, string> = auth) => fetch(harness.url + path, { headers });

const PREFIXES = ["", "/switch", "/compat_mode", "/compat", "/default", "/default/compat_mode", "/default/compat", "/switch/compat_mode"];

describe.each(PREFIXES)("prefix '%s'", (prefix) => {
  test("OpenAI chat completions", async () => {
    harness.fakes.openai.setScenario({ text: "openai ok" });
    const response = await post(`${prefix}/v1/chat/completions`, { model: "openai-model", messages: [{ role: "user", content: "hi" }] });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { choices: Array<{ message: { content: string } }> };
    expect(body.choices[0]!.message.content).toBe("openai ok");
    expect(response.headers.get("x-request-id")).toBeTruthy();
  });

  test("Claude messages and count_tokens", async () => {
    harness.fakes.claude.setScenario({ text: "claude ok" });
    const response = await post(`${prefix}/v1/messages`, { model: "claude-model", max_tokens: 100, messages: [{ role: "user", content: "hi" }] }, { ...auth, "anthropic-version": "2023-06-01" });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { content: Array<{ text: string }> }).content[0]!.text).toBe("claude ok");
    const count = await post(`${prefix}/v1/messages/count_tokens`, { model: "openai-model", messages: [{ role: "user", content: "count these words please" }] });
    expect(count.status).toBe(200);
    expect(((await count.json()) as { input_tokens: number }).input_tokens).toBeGreaterThan(0);
  });

  test.each(["v1beta", "v1"])("Gemini generateContent, SSE and JSON-array streams under /%s", async (version) => {
    harness.fakes.gemini.setScenario({ text: "gemini ok" });
    const path = `${prefix}/${version}/models/gemini-model`;
    const body = { contents: [{ role: "user", parts: [{ text: "hi" }] }] };
    const plain = await post(`${path}:generateContent`, body);
    expect(plain.status).toBe(200);
    expect(JSON.stringify(await plain.json())).toContain("gemini ok");
    const sse = await post(`${path}:streamGenerateContent?alt=sse`, body);
    expect(sse.headers.get("content-type")).toContain("text/event-stream");
    const sseText = await sse.text();
    expect(sseText.startsWith("data: ")).toBe(true);
    expect(sseText).toContain("gemini ok".slice(0, 4));
    const array = await post(`${path}:streamGenerateContent`, body);
    const arrayText = await array.text();
    const parsed = JSON.parse(arrayText) as Array<{ candidates?: unknown }>;
    expect(Array.isArray(parsed)).toBe(true);
    expect(parsed.length).toBeGreaterThan(0);
    const tokens = await post(`${path}:countTokens`, body);
    expect(((await tokens.json()) as { totalTokens: number }).totalTokens).toBeGreaterThan(0);
  });

  test("Ollama chat (NDJSON stream by default, JSON with stream:false)", async () => {
    harness.fakes.ollama.setScenario({ text: "ollama ok" });
    const streamed = await post(`${prefix}/api/chat`, { model: "ollama-model", messages: [{ role: "user", content: "hi" }] });
    expect(streamed.headers.get("content-type")).toContain("application/x-ndjson");
    const lines = (await streamed.text()).trim().split("\n").map((line) => JSON.parse(line) as { done: boolean });
    expect(lines[lines.length - 1]!.done).toBe(true);
    const whole = await post(`${prefix}/api/chat`, { model: "ollama-model", stream: false, messages: [{ role: "user", content: "hi" }] });
    expect(((await whole.json()) as { message: { content: string } }).message.content).toBe("ollama ok");
  });

  test("model lists in every shape", async () => {
    const openaiList = (await (await get(`${prefix}/v1/models`)).json()) as { object: string; data: Array<{ id: string; object: string }> };
    expect(openaiList.object).toBe("list");
    expect(openaiList.data.map((model) => model.id)).toEqual(["openai-model", "claude-model", "gemini-model", "ollama-model", "openai-responses-model"]);
    const claudeList = (await (await get(`${prefix}/v1/models`, { "x-api-key": ACCESS_KEY, "anthropic-version": "2023-06-01" })).json()) as { data: Array<{ type: string; id: string }>; has_more: boolean; first_id: string };
    expect(claudeList.data[0]).toMatchObject({ type: "model", id: "openai-model" });
    expect(claudeList.has_more).toBe(false);
    expect(claudeList.first_id).toBe("openai-model");
    const one = (await (await get(`${prefix}/v1/models/claude-model`)).json()) as { id: string };
    expect(one.id).toBe("claude-model");
    expect((await get(`${prefix}/v1/models/nope`)).status).toBe(404);
    const geminiList = (await (await get(`${prefix}/v1beta/models`, { "x-goog-api-key": ACCESS_KEY })).json()) as { models: Array<{ name: string }> };
    expect(geminiList.models.map((model) => model.name)).toContain("models/gemini-model");
    const geminiOne = (await (await get(`${prefix}/v1beta/models/gemini-model?key=${ACCESS_KEY}`, {})).json()) as { name: string };
    expect(geminiOne.name).toBe("models/gemini-model");
    const tags = (await (await get(`${prefix}/api/tags`)).json()) as { models: Array<{ name: string }> };
    expect(tags.models.map((model) => model.name)).toContain("ollama-model");
    const show = await post(`${prefix}/api/show`, { model: "ollama-model:latest" });
    expect(show.status).toBe(200);
    expect(((await show.json()) as { capabilities: string[] }).capabilities).toContain("tools");
  });
});

describe("groups named like route segments", () => {
  test("a group named v1 is reached as /v1/v1/... and does not shadow /v1/...", async () => {
    harness.fakes.openai.setScenario({ text: "from v1 group" });
    const viaGroup = await post("/v1/v1/chat/completions", { model: "v1-only", messages: [{ role: "user", content: "hi" }] });
    expect(viaGroup.status).toBe(200);
    expect((harness.fakes.openai.last().body as { model: string }).model).toBe("from-v1-group");
    const plain = await post("/v1/chat/completions", { model: "v1-only", messages: [{ role: "user", content: "hi" }] });
    expect(plain.status).toBe(404);
    const error = (await plain.json()) as { error: { message: string; type: string } };
    expect(error.error.message).toContain("v1-only");
    expect(error.error.message).toContain("default");
    const list = (await (await get("/v1/v1/models")).json()) as { data: Array<{ id: string }> };
    expect(list.data.map((model) => model.id)).toEqual(["v1-only"]);
  });

  test("a group named api is reached as /api/api/chat", async () => {
    harness.fakes.ollama.setScenario({ text: "api group" });
    const response = await post("/api/api/chat", { model: "api-only", stream: false, messages: [{ role: "user", content: "hi" }] });
    expect(response.status).toBe(200);
    expect((harness.fakes.ollama.last().body as { model: string }).model).toBe("from-api-group");
    expect((await (await get("/api/tags")).json() as { models: unknown[] }).models.length).toBe(5);
  });

  test("an unknown group is a 404 in the client's shape", async () => {
    const openai = await post("/nogroup/v1/chat/completions", { model: "openai-model", messages: [{ role: "user", content: "hi" }] });
    expect(openai.status).toBe(404);
    expect(((await openai.json()) as { error: { message: string } }).error.message).toContain("nogroup");
    const claude = await post("/nogroup/v1/messages", { model: "x", max_tokens: 5, messages: [{ role: "user", content: "hi" }] });
    expect(await claude.json()).toMatchObject({ type: "error", error: { type: "not_found_error" } });
    const gemini = await post("/nogroup/v1beta/models/x:generateContent", { contents: [{ parts: [{ text: "hi" }] }] });
    expect(await gemini.json()).toMatchObject({ error: { code: 404, status: "NOT_FOUND" } });
    const ollama = await post("/nogroup/api/chat", { model: "x", messages: [] });
    expect(typeof ((await ollama.json()) as { error: string }).error).toBe("string");
  });
});
