// In charge of bad input and client auth: every failure in the client's protocol shape, nothing reaches an upstream.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { ACCESS_KEY, startHarness, type Harness } from "./harness.ts";

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({ server: "body_limit_mb = 1" });
});
afterAll(async () => {
  await harness.stop();
});

type Shape = "openai" | "claude" | "gemini" | "ollama";
const ROUTES: Record<Shape, { path: string; valid: Record<string, unknown> }> = {
  openai: { path: "/v1/chat/completions", valid: { model: "openai-model", messages: [{ role: "user", content: "hi" }] } },
  claude: { path: "/v1/messages", valid: { model: "claude-model", max_tokens: 10, messages: [{ role: "user", content: "hi" }] } },
  gemini: { path: "/v1beta/models/gemini-model:generateContent", valid: { contents: [{ role: "user", parts: [{ text: "hi" }] }] } },
  ollama: { path: "/api/chat", valid: { model: "ollama-model", stream: false, messages: [{ role: "user", content: "hi" }] } },
};

function expectShape(shape: Shape, status: number, body: unknown): void {
  if (shape === "openai") expect(body).toMatchObject({ error: { type: expect.any(String), message: expect.any(String) } });
  if (shape === "claude") expect(body).toMatchObject({ type: "error", error: { type: expect.any(String), message: expect.any(String) } });
  if (shape === "gemini") expect(body).toMatchObject({ error: { code: status, message: expect.any(String), status: expect.any(String) } });
  if (shape === "ollama") expect(body).toEqual({ error: expect.any(String) });
}

function upstreamCounts(): number {
  return Object.values(harness.fakes).reduce((sum, fake) => sum + fake.requests.length, 0);
}

async function send(shape: Shape, body: string | undefined, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
  const response = await fetch(harness.url + ROUTES[shape].path, { method: "POST", headers: { authorization: `Bearer ${ACCESS_KEY}`, "content-type": "application/json", ...headers }, body });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as unknown };
}

const SHAPES: Shape[] = ["openai", "claude", "gemini", "ollama"];

describe.each(SHAPES)("%s client", (shape) => {
  const cases: Array<[string, () => string | undefined, number]> = [
    ["invalid JSON", () => "{not json", 400],
    ["an empty body", () => "", 400],
    ["a JSON array", () => "[1,2]", 400],
    ["wrong field types", () => JSON.stringify(shape === "gemini" ? { contents: "hello" } : { ...ROUTES[shape].valid, messages: "hello" }), 400],
    ["an unknown role", () => JSON.stringify(shape === "gemini" ? { contents: [{ role: "robot", parts: [{ text: "x" }] }] } : { ...ROUTES[shape].valid, messages: [{ role: "robot", content: "x" }] }), 400],
    ["a body over the limit", () => JSON.stringify({ ...ROUTES[shape].valid, padding: "x".repeat(1_200_000) }), 413],
  ];
  if (shape !== "gemini") cases.push(["a missing model", () => JSON.stringify({ ...ROUTES[shape].valid, model: undefined }), 400]);
  if (shape === "gemini") cases.push(["missing contents", () => JSON.stringify({ generationConfig: {} }), 400]);

  test.each(cases)("%s → error in the client's shape, nothing upstream", async (_name, body, status) => {
    const before = upstreamCounts();
    const answer = await send(shape, body());
    expect(answer.status).toBe(status);
    expectShape(shape, status, answer.body);
    expect(upstreamCounts()).toBe(before);
  });

  test("an unknown model → 404 naming model and group", async () => {
    const before = upstreamCounts();
    const body = shape === "gemini" ? ROUTES.gemini.valid : { ...ROUTES[shape].valid, model: "no-such-model" };
    const path = shape === "gemini" ? "/v1beta/models/no-such-model:generateContent" : ROUTES[shape].path;
    const response = await fetch(harness.url + path, { method: "POST", headers: { authorization: `Bearer ${ACCESS_KEY}` }, body: JSON.stringify(body) });
    expect(response.status).toBe(404);
    const text = await response.text();
    expect(text).toContain("no-such-model");
    expect(text).toContain("default");
    expectShape(shape, 404, JSON.parse(text));
    expect(upstreamCounts()).toBe(before);
  });

  test("a missing or wrong access key → 401 in the client's shape", async () => {
    for (const headers of [{ authorization: "" }, { authorization: "Bearer wrong-key" }]) {
      const answer = await send(shape, JSON.stringify(ROUTES[shape].valid), headers);
      expect(answer.status).toBe(401);
      expectShape(shape, 401, answer.body);
      expect(JSON.stringify(answer.body)).not.toContain("wrong-key");
    }
  });

  test("the server keeps serving after bad input", async () => {
    await send(shape, "{oops");
    harness.fakes[shape].setScenario({ text: "still here" });
    const answer = await send(shape, JSON.stringify(ROUTES[shape].valid));
    expect(answer.status).toBe(200);
    expect(JSON.stringify(answer.body)).toContain("still here");
  });
});

describe("every auth style", () => {
  const valid = (shape: Shape) => JSON.stringify(ROUTES[shape].valid);
  test.each([
    ["openai", { authorization: `Bearer ${ACCESS_KEY}` }, ""],
    ["ollama", { authorization: `Bearer ${ACCESS_KEY}` }, ""],
    ["claude", { "x-api-key": ACCESS_KEY }, ""],
    ["claude", { authorization: `Bearer ${ACCESS_KEY}` }, ""],
    ["gemini", { "x-goog-api-key": ACCESS_KEY }, ""],
    ["gemini", {}, `?key=${ACCESS_KEY}`],
  ] as Array<[Shape, Record<string, string>, string]>)("%s with %j %s", async (shape, headers, query) => {
    harness.fakes[shape].setScenario({ text: "authed" });
    const response = await fetch(harness.url + ROUTES[shape].path + query, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: valid(shape) });
    expect(response.status).toBe(200);
    const seen = harness.fakes[shape].last().headers;
    expect(JSON.stringify(seen)).not.toContain(ACCESS_KEY);
  });

  test("health, index and docs need no key", async () => {
    expect(await (await fetch(`${harness.url}/healthz`)).json()).toEqual({ status: "ok" });
    expect((await fetch(`${harness.url}/`)).status).toBe(200);
    expect((await fetch(`${harness.url}/swagger`)).status).toBe(200);
  });
});
