// In charge of embeddings end to end: the official OpenAI, Google GenAI and Ollama SDKs → ccproxy → every upstream that embeds.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { GoogleGenAI } from "@google/genai";
import { Ollama } from "ollama";
import OpenAI from "openai";
import { fakeVector } from "../fakes/embeddings.ts";
import { ACCESS_KEY, startHarness, type Harness } from "./harness.ts";

/** Upstream protocols that offer embeddings; Claude has none. */
const UPSTREAMS = ["openai", "gemini", "ollama"] as const;
type Upstream = (typeof UPSTREAMS)[number];

const EXTRA_TOML = `
[[providers]]
id = "dead"
protocol = "openai"
base_url = "http://127.0.0.1:1/v1"
timeout_ms = 2000

[[groups]]
name = "embed"
[[groups.aliases]]
alias = "openai-model"
targets = ["openai/upstream-openai"]
[[groups.aliases]]
alias = "dead-then-openai"
targets = ["dead/x", "openai/upstream-openai"]
[[groups.aliases]]
alias = "claude-then-gemini"
targets = ["claude/claude-x", "gemini/upstream-gemini"]
[[groups.aliases]]
alias = "fail500-then-ollama"
targets = ["openai/fail-500", "ollama/upstream-ollama"]
[[groups.aliases]]
alias = "fail400-then-ollama"
targets = ["openai/fail-400", "ollama/upstream-ollama"]
`;

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({ toml: EXTRA_TOML });
});
afterAll(async () => {
  await harness.stop();
});

const openai = (prefix = "") => new OpenAI({ apiKey: ACCESS_KEY, baseURL: `${harness.url}${prefix}/v1`, maxRetries: 0 });
const genai = (prefix = "") => new GoogleGenAI({ apiKey: ACCESS_KEY, httpOptions: { baseUrl: `${harness.url}${prefix}` } });
const ollama = (prefix = "") => new Ollama({ host: `${harness.url}${prefix}`, headers: { Authorization: `Bearer ${ACCESS_KEY}` } });
const post = (path: string, body: unknown, headers: Record<string, string> = { authorization: `Bearer ${ACCESS_KEY}` }) =>
  fetch(harness.url + path, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });

/** What ccproxy sent the fake upstream of this protocol, last. */
function sent(protocol: Upstream): { path: string; body: Record<string, unknown>; headers: Record<string, string> } {
  const request = harness.fakes[protocol].last();
  return { path: request.path, body: request.body as Record<string, unknown>, headers: request.headers };
}

const TEXTS = ["The food was delicious", "The waiter was friendly"];

describe.each(UPSTREAMS)("to a %s upstream", (upstream) => {
  const model = `${upstream}-model`;

  test("OpenAI SDK, default base64 encoding", async () => {
    const result = await openai().embeddings.create({ model, input: TEXTS });
    expect(result.model).toBe(model);
    expect(result.data.map((item) => item.embedding)).toEqual(TEXTS.map((text) => fakeVector(text)));
    expect(result.data.map((item) => item.index)).toEqual([0, 1]);
    expect(result.usage.prompt_tokens).toBeGreaterThan(0);
    expect(sent(upstream).headers.authorization ?? sent(upstream).headers["x-goog-api-key"]).not.toContain(ACCESS_KEY);
  });

  test("OpenAI SDK, float encoding and dimensions", async () => {
    const result = await openai().embeddings.create({ model, input: "one text", encoding_format: "float", dimensions: 4 });
    expect(result.data[0]!.embedding).toEqual(fakeVector("one text", 4));
    const { path, body } = sent(upstream);
    if (upstream === "openai") expect({ path, dimensions: body.dimensions, model: body.model }).toEqual({ path: "/v1/embeddings", dimensions: 4, model: "upstream-openai" });
    if (upstream === "gemini") {
      expect(path).toBe("/v1beta/models/upstream-gemini:batchEmbedContents");
      expect(body.requests).toEqual([{ model: "models/upstream-gemini", content: { parts: [{ text: "one text" }] }, outputDimensionality: 4 }]);
    }
    if (upstream === "ollama") expect({ path, body }).toEqual({ path: "/api/embed", body: { model: "upstream-ollama", input: ["one text"], dimensions: 4 } });
  });

  test("Google GenAI SDK embedContent, one text and a batch, with task type and dimensions", async () => {
    const ai = genai();
    const single = await ai.models.embedContent({ model, contents: "What is the meaning of life?", config: { outputDimensionality: 5, taskType: "RETRIEVAL_QUERY" } });
    expect(single.embeddings?.map((embedding) => embedding.values)).toEqual([fakeVector("What is the meaning of life?", 5)]);
    const batch = await ai.models.embedContent({ model, contents: TEXTS });
    expect(batch.embeddings?.map((embedding) => embedding.values)).toEqual(TEXTS.map((text) => fakeVector(text)));
    if (upstream === "gemini") expect((sent("gemini").body.requests as unknown[]).length).toBe(2);
  });

  test.each(["v1beta", "v1"])("plain :embedContent under /%s", async (version) => {
    const response = await post(`/${version}/models/${model}:embedContent`, { content: { parts: [{ text: "hello" }] } }, { "x-goog-api-key": ACCESS_KEY });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ embedding: { values: fakeVector("hello") } });
  });

  test("Ollama client embed (string and array) and legacy embeddings", async () => {
    const client = ollama();
    const one = await client.embed({ model, input: "why is the sky blue?" });
    expect(one.embeddings).toEqual([fakeVector("why is the sky blue?")]);
    expect(one.model).toBe(model);
    expect(one.prompt_eval_count).toBeGreaterThan(0);
    const many = await client.embed({ model, input: TEXTS, dimensions: 3 });
    expect(many.embeddings).toEqual(TEXTS.map((text) => fakeVector(text, 3)));
    const legacy = await client.embeddings({ model, prompt: "llamas" });
    expect(legacy.embedding).toEqual(fakeVector("llamas"));
  });
});

describe("targets without embeddings", () => {
  test("a Claude-only alias is a clear 400 in each client's shape", async () => {
    const openaiError = await openai().embeddings.create({ model: "claude-model", input: "x" }).catch((error: unknown) => error);
    expect(openaiError).toBeInstanceOf(OpenAI.BadRequestError);
    expect((openaiError as Error).message).toContain("provider 'claude' (claude) offers no embeddings");

    const gemini = await post("/v1beta/models/claude-model:batchEmbedContents", { requests: [{ content: { parts: [{ text: "x" }] } }] });
    expect(gemini.status).toBe(400);
    expect(await gemini.json()).toMatchObject({ error: { code: 400, status: "INVALID_ARGUMENT", message: expect.stringContaining("offers no embeddings") } });
    const sdkError = await genai().models.embedContent({ model: "claude-model", contents: "x" }).catch((error: unknown) => error);
    expect(String(sdkError)).toContain("offers no embeddings");

    const ollamaError = await ollama().embed({ model: "claude-model", input: "x" }).catch((error: unknown) => error);
    expect(ollamaError).toMatchObject({ status_code: 400, error: expect.stringContaining("offers no embeddings") });
    expect(harness.fakes.claude.requests.some((request) => request.path.includes("embed"))).toBe(false);
  });

  test("a Claude target is skipped when another target can embed", async () => {
    const result = await openai("/embed").embeddings.create({ model: "claude-then-gemini", input: "skip claude" });
    expect(result.data[0]!.embedding).toEqual(fakeVector("skip claude"));
    expect(sent("gemini").path).toBe("/v1beta/models/upstream-gemini:batchEmbedContents");
  });

  test("token-id inputs reach OpenAI upstreams and are a 400 for text-only ones", async () => {
    const tokens = await openai().embeddings.create({ model: "openai-model", input: [[1, 2, 3]], encoding_format: "float" });
    expect(tokens.data[0]!.embedding).toEqual(fakeVector("tokens:1,2,3"));
    expect(sent("openai").body.input).toEqual([[1, 2, 3]]);
    const refused = await post("/v1/embeddings", { model: "gemini-model", input: [1, 2, 3] });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain("token-id inputs");
  });
});

describe("failover and upstream errors", () => {
  test("a refused connection fails over to the next target", async () => {
    const result = await openai("/embed").embeddings.create({ model: "dead-then-openai", input: "after a dead one" });
    expect(result.data[0]!.embedding).toEqual(fakeVector("after a dead one"));
  });

  test("an upstream 500 fails over; an upstream 400 is returned as it is, in the client's shape", async () => {
    const recovered = await ollama("/embed").embed({ model: "fail500-then-ollama", input: "recover" });
    expect(recovered.embeddings).toEqual([fakeVector("recover")]);
    const before = harness.fakes.ollama.requests.length;
    const response = await post("/embed/api/embed", { model: "fail400-then-ollama", input: "x" });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "fake upstream failed with 400" });
    expect(harness.fakes.ollama.requests.length).toBe(before);
  });

  test("an unknown model is a 404 naming the group", async () => {
    const error = await openai().embeddings.create({ model: "no-such-model", input: "x" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect((error as Error).message).toContain("default");
  });
});

describe("prefixes, validation and auth", () => {
  test.each(["/default", "/switch", "/compat_mode", "/embed/compat"])("every embeddings route under %s", async (prefix) => {
    expect((await openai(prefix).embeddings.create({ model: "openai-model", input: "p" })).data[0]!.embedding).toEqual(fakeVector("p"));
    expect((await ollama(prefix).embed({ model: "openai-model", input: "p" })).embeddings).toEqual([fakeVector("p")]);
    expect((await ollama(prefix).embeddings({ model: "openai-model", prompt: "p" })).embedding).toEqual(fakeVector("p"));
    expect((await genai(prefix).models.embedContent({ model: "openai-model", contents: "p" })).embeddings?.[0]?.values).toEqual(fakeVector("p"));
  });

  test("bad bodies are 400s in each client's shape and reach no upstream", async () => {
    const before = harness.fakes.openai.requests.length;
    const openaiBad = await post("/v1/embeddings", { model: "openai-model", input: "x", encoding_format: "int8" });
    expect(openaiBad.status).toBe(400);
    expect(await openaiBad.json()).toMatchObject({ error: { type: "invalid_request_error", message: expect.stringContaining("encoding_format") } });
    const coerced = await post("/v1/embeddings", { model: "openai-model", input: "x", dimensions: "3" });
    expect(coerced.status).toBe(400);
    expect(((await coerced.json()) as { error: { message: string } }).error.message).toContain("body.dimensions");
    const geminiBad = await post("/v1beta/models/openai-model:batchEmbedContents", { requests: "x" }, { "x-goog-api-key": ACCESS_KEY });
    expect(geminiBad.status).toBe(400);
    expect(await geminiBad.json()).toMatchObject({ error: { status: "INVALID_ARGUMENT", message: expect.stringContaining("requests") } });
    const ollamaBad = await post("/api/embed", { model: "openai-model" });
    expect(ollamaBad.status).toBe(400);
    expect(typeof ((await ollamaBad.json()) as { error: string }).error).toBe("string");
    expect(harness.fakes.openai.requests.length).toBe(before);
  });

  test("a generateContent body keeps its precise validation message next to the embeddings bodies", async () => {
    const response = await post("/v1beta/models/gemini-model:generateContent", { contents: "hello" }, { "x-goog-api-key": ACCESS_KEY });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain("body.contents");
  });

  test("no access key: 401 in each client's shape", async () => {
    const openaiError = await new OpenAI({ apiKey: "wrong", baseURL: `${harness.url}/v1`, maxRetries: 0 }).embeddings.create({ model: "openai-model", input: "x" }).catch((error: unknown) => error);
    expect(openaiError).toBeInstanceOf(OpenAI.AuthenticationError);
    const gemini = await post("/v1beta/models/openai-model:embedContent", { content: { parts: [{ text: "x" }] } }, {});
    expect(gemini.status).toBe(401);
    expect(await gemini.json()).toMatchObject({ error: { code: 401, status: "UNAUTHENTICATED" } });
    const ollamaError = await new Ollama({ host: harness.url }).embed({ model: "openai-model", input: "x" }).catch((error: unknown) => error);
    expect(ollamaError).toMatchObject({ status_code: 401 });
  });

  test("the routes are in the OpenAPI document", async () => {
    const spec = (await (await fetch(`${harness.url}/swagger/json`)).json()) as { paths: Record<string, Record<string, { tags?: string[] }>> };
    expect(spec.paths["/v1/embeddings"]?.post?.tags).toEqual(["OpenAI"]);
    expect(spec.paths["/api/embed"]?.post?.tags).toEqual(["Ollama"]);
    expect(spec.paths["/api/embeddings"]?.post).toBeDefined();
    expect(spec.paths["/{group}/v1/embeddings"]?.post).toBeDefined();
    expect(JSON.stringify(spec.paths["/v1beta/models/*"] ?? spec.paths["/v1beta/models/{*}"] ?? {})).toContain("batchEmbedContents");
  });
});
