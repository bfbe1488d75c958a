// In charge of resilience and what ccproxy shows about it: cooldowns, key take-outs, timeouts, logs, stats, metrics, headers.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createLogger } from "../../src/server/logger.ts";
import { ACCESS_KEY, ADMIN_KEY, PROVIDER_KEY, startHarness, type Harness } from "./harness.ts";
import type { FakeUpstream } from "../fakes/server.ts";
import type { ProtocolName } from "../../src/unified/protocol.ts";

const BAD_KEY = "sk-bad-key-0000000000";
const GOOD_KEY = "sk-good-key-111111111";
const lines: string[] = [];
let harness: Harness;

beforeAll(async () => {
  harness = await startHarness({
    server: "log_requests = true",
    logger: createLogger("info", (line) => lines.push(line)),
    build: (fakes) => `
[server]
host = "127.0.0.1"
port = 0
admin_key = "${ADMIN_KEY}"
log_requests = true
[[keys]]
name = "test"
key = "${ACCESS_KEY}"
[[providers]]
id = "keyed"
protocol = "openai"
base_url = "${fakes.openai.baseUrl}"
api_keys = ["${BAD_KEY}", "${GOOD_KEY}"]
[[providers]]
id = "claude"
protocol = "claude"
base_url = "${fakes.claude.baseUrl}"
api_keys = ["${PROVIDER_KEY}"]
timeout_ms = 400
[[providers]]
id = "auto"
protocol = "ollama"
base_url = "${fakes.ollama.baseUrl}"
tools = "auto"
[[groups]]
name = "default"
[[groups.aliases]]
alias = "keyed"
targets = ["keyed/k-model"]
[[groups.aliases]]
alias = "slow"
targets = ["claude/slow-model"]
[[groups.aliases]]
alias = "auto"
targets = ["auto/no-tools-model"]
`,
  });
});
afterAll(async () => {
  await harness.stop();
});

const headers = { authorization: `Bearer ${ACCESS_KEY}`, "content-type": "application/json" };
const chat = (model: string, extra: Record<string, unknown> = {}, init: RequestInit = {}) =>
  fetch(`${harness.url}/v1/chat/completions`, { method: "POST", headers, body: JSON.stringify({ model, messages: [{ role: "user", content: "hi" }], ...extra }), ...init });
const admin = (path: string) => fetch(`${harness.url}/admin${path}`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
const keyOf = (index: number) => harness.fakes.openai.requests[index]!.headers["authorization"];

describe("keys", () => {
  test("a 401 key is taken out (logged), the next key answers, later requests skip it", async () => {
    harness.fakes.openai.requests.length = 0;
    harness.fakes.openai.setScenario((request) => (request.headers["authorization"] === `Bearer ${BAD_KEY}` ? { error: { status: 401, message: "invalid api key" } } : { text: "good key" }));
    for (let i = 0; i < 4; i++) {
      const response = await chat("keyed");
      expect(response.status).toBe(200);
    }
    const bad = harness.fakes.openai.requests.filter((request) => request.headers["authorization"] === `Bearer ${BAD_KEY}`);
    expect(bad.length).toBe(1);
    expect(lines.some((line) => line.includes("provider key rejected"))).toBe(true);
    const providers = (await (await admin("/providers")).json()) as Array<{ id: string; keys: Array<{ key: string; state: string }> }>;
    const keyed = providers.find((provider) => provider.id === "keyed")!;
    expect(keyed.keys.map((key) => key.state).sort()).toEqual(["disabled", "ok"]);
    expect(JSON.stringify(providers)).not.toContain(BAD_KEY);
    expect(JSON.stringify(providers)).not.toContain(GOOD_KEY);
  });

  test("a 429 with Retry-After rests that key for the time given", async () => {
    const fresh = await startHarness({
      build: (fakes) => `[server]\nhost = "127.0.0.1"\nport = 0\nadmin_key = "${ADMIN_KEY}"\n[[providers]]\nid = "p"\nprotocol = "openai"\nbase_url = "${fakes.openai.baseUrl}"\napi_keys = ["${BAD_KEY}", "${GOOD_KEY}"]\n[[groups]]\nname = "default"\n[[groups.aliases]]\nalias = "m"\ntargets = ["p/x"]\n`,
    });
    try {
      fresh.fakes.openai.setScenario((request) => (request.headers["authorization"] === `Bearer ${BAD_KEY}` ? { error: { status: 429, message: "rate limited", retryAfter: 60 } } : { text: "fine" }));
      for (let i = 0; i < 4; i++) {
        const response = await fetch(`${fresh.url}/v1/chat/completions`, { method: "POST", body: JSON.stringify({ model: "m", messages: [{ role: "user", content: "hi" }] }) });
        expect(response.status).toBe(200);
      }
      const limited = fresh.fakes.openai.requests.filter((request) => request.headers["authorization"] === `Bearer ${BAD_KEY}`);
      expect(limited.length).toBe(1);
      const providers = (await (await fetch(`${fresh.url}/admin/providers`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } })).json()) as Array<{ keys: Array<{ state: string; until: string | null }> }>;
      const resting = providers[0]!.keys.find((key) => key.state === "cooldown")!;
      const seconds = (Date.parse(resting.until!) - Date.now()) / 1000;
      expect(seconds).toBeGreaterThan(50);
      expect(seconds).toBeLessThanOrEqual(61);
      // Every key resting: the request still goes out (to the one that recovers first) rather than failing.
      fresh.fakes.openai.setScenario({ error: { status: 429, message: "all limited", retryAfter: 30 } });
      const limitedAll = await fetch(`${fresh.url}/v1/chat/completions`, { method: "POST", body: JSON.stringify({ model: "m", messages: [{ role: "user", content: "hi" }] }) });
      expect(limitedAll.status).toBe(429);
      expect(limitedAll.headers.get("retry-after")).toBe("30");
    } finally {
      await fresh.stop();
    }
  });
});

describe("bounded failover", () => {
  test("attempts stop at max_attempts; the log counts them; the answer is the last upstream error", async () => {
    const five = ["a", "b", "c", "d", "e"];
    const bounded = await startHarness({
      build: (fakes) => `[server]\nhost = "127.0.0.1"\nport = 0\nmax_attempts = 3\nadmin_key = "${ADMIN_KEY}"\n` +
        five.map((id) => `[[providers]]\nid = "${id}"\nprotocol = "openai"\nbase_url = "${fakes.openai.baseUrl}"\n`).join("") +
        `[[groups]]\nname = "default"\n[[groups.aliases]]\nalias = "m"\ntargets = [${five.map((id) => `"${id}/model-${id}"`).join(", ")}]\n`,
    });
    try {
      bounded.fakes.openai.setScenario((_request, index) => ({ error: { status: 503, message: `down ${index}` } }));
      const response = await fetch(`${bounded.url}/v1/chat/completions`, { method: "POST", body: JSON.stringify({ model: "m", messages: [{ role: "user", content: "hi" }] }) });
      expect(response.status).toBe(503);
      expect(((await response.json()) as { error: { message: string } }).error.message).toContain("down 2");
      expect(bounded.fakes.openai.requests.length).toBe(3);
      const id = response.headers.get("x-request-id")!;
      const entry = (await (await fetch(`${bounded.url}/admin/logs/${id}`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } })).json()) as { attempts: number; outcome: string; status: number };
      expect(entry).toMatchObject({ attempts: 3, outcome: "error", status: 503 });
    } finally {
      await bounded.stop();
    }
  });
});

describe("timeouts and broken streams", () => {
  test("an upstream that stalls mid-stream is cut at the idle timeout with an error event", async () => {
    harness.fakes.claude.setScenario({ text: "a b c d e f g h", chunkSize: 2, frameDelayMs: 1000 });
    const started = performance.now();
    const response = await chat("slow", { stream: true });
    const text = await response.text();
    expect(performance.now() - started).toBeLessThan(3000);
    expect(text).toContain('"error"');
    expect(text).not.toContain("[DONE]");
  });

  test("an upstream that hangs before the headers is a 504 after the timeout", async () => {
    harness.fakes.claude.setScenario({ text: "late", delayMs: 3000 });
    const started = performance.now();
    const response = await chat("slow");
    expect(response.status).toBe(504);
    expect(performance.now() - started).toBeLessThan(2500);
  });
});

describe("tools = auto", () => {
  test("a 400 about tools switches the model to compat mode, once and for later requests", async () => {
    harness.fakes.ollama.requests.length = 0;
    harness.fakes.ollama.setScenario((request) =>
      (request.body as { tools?: unknown }).tools
        ? { error: { status: 400, message: "registry.ollama.ai/library/no-tools-model does not support tools" } }
        : { text: 'Let me look.\n<cs:tool_use>\n<name>get_weather</name>\n<args>\n<arg name="city" type="string">Paris</arg>\n</args>\n</cs:tool_use>' },
    );
    const tools = [{ type: "function", function: { name: "get_weather", description: "Weather", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } } }];
    for (let i = 0; i < 2; i++) {
      const response = await chat("auto", { tools });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { choices: Array<{ finish_reason: string; message: { content: string | null; tool_calls: Array<{ function: { name: string; arguments: string } }> } }> };
      expect(body.choices[0]!.finish_reason).toBe("tool_calls");
      expect(body.choices[0]!.message.tool_calls[0]!.function.name).toBe("get_weather");
      expect(JSON.parse(body.choices[0]!.message.tool_calls[0]!.function.arguments)).toEqual({ city: "Paris" });
    }
    const withTools = harness.fakes.ollama.requests.filter((request) => (request.body as { tools?: unknown }).tools);
    expect(withTools.length).toBe(1);
    expect(harness.fakes.ollama.requests.length).toBe(3);
  });
});

describe("logs, stats, metrics, headers", () => {
  test("every answer has x-request-id and chat answers the proxy's overhead", async () => {
    harness.fakes.openai.setScenario({ text: "hello" });
    const response = await chat("keyed");
    expect(response.headers.get("x-request-id")).toMatch(/^req_/);
    expect(Number(response.headers.get("x-ccproxy-overhead-ms"))).toBeGreaterThanOrEqual(0);
    for (const path of ["/v1/models", "/healthz", "/no-such-route"]) {
      expect((await fetch(harness.url + path, { headers })).headers.get("x-request-id")).toBeTruthy();
    }
  });

  test("the request log has every field, and stored bodies are redacted", async () => {
    harness.fakes.openai.setScenario({ text: "logged answer", usage: { input: 5, output: 2 } });
    const response = await chat("keyed", { messages: [{ role: "user", content: `my provider key is ${GOOD_KEY}` }] });
    const id = response.headers.get("x-request-id")!;
    await response.text();
    const entry = (await (await admin(`/logs/${id}`)).json()) as Record<string, unknown>;
    expect(entry).toMatchObject({ id, group: "default", alias: "keyed", provider: "keyed", upstreamModel: "k-model", clientProtocol: "openai", upstreamProtocol: "openai", compat: false, stream: false, status: 200, outcome: "ok", inputTokens: 5, outputTokens: 2 });
    expect(typeof entry.latencyMs).toBe("number");
    expect(typeof entry.ttfbMs).toBe("number");
    expect(entry.attempts).toBeGreaterThanOrEqual(1);
    expect(String(entry.requestBody)).toContain("my provider key is");
    expect(String(entry.requestBody)).not.toContain(GOOD_KEY);
    expect(String(entry.responseBody)).toContain("logged answer");
  });

  test("a stream the client cancels is logged as cancelled (499)", async () => {
    harness.fakes.openai.setScenario({ text: "x".repeat(300), chunkSize: 3, frameDelayMs: 15, usage: { input: 9, output: 1 } });
    const controller = new AbortController();
    const response = await chat("keyed", { stream: true, stream_options: { include_usage: true } }, { signal: controller.signal });
    const id = response.headers.get("x-request-id")!;
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    let entry: Record<string, unknown> = {};
    for (let i = 0; i < 50; i++) {
      const answer = await admin(`/logs/${id}`);
      if (answer.status === 200) {
        entry = (await answer.json()) as Record<string, unknown>;
        break;
      }
      await Bun.sleep(20);
    }
    expect(entry).toMatchObject({ outcome: "cancelled", status: 499 });
  });

  test("stats count errors and tokens by provider; one log line per request without secrets", async () => {
    const stats = (await (await admin("/stats?by=provider")).json()) as { rows: Array<{ key: string; requests: number; errors: number; inputTokens: number; p50LatencyMs: number; p95LatencyMs: number }> };
    const keyed = stats.rows.find((row) => row.key === "keyed")!;
    expect(keyed.requests).toBeGreaterThanOrEqual(6);
    expect(keyed.inputTokens).toBeGreaterThanOrEqual(5);
    const claude = stats.rows.find((row) => row.key === "claude")!;
    expect(claude.errors).toBeGreaterThanOrEqual(2);
    expect(claude.p95LatencyMs).toBeGreaterThanOrEqual(claude.p50LatencyMs);
    const requestLines = lines.filter((line) => line.includes('"msg":"request"'));
    expect(requestLines.length).toBeGreaterThanOrEqual(8);
    for (const line of lines) {
      expect(() => JSON.parse(line)).not.toThrow();
      for (const secret of [BAD_KEY, GOOD_KEY, PROVIDER_KEY, ACCESS_KEY, ADMIN_KEY]) expect(line).not.toContain(secret);
    }
  });

  test("/metrics needs the admin key and exposes requests, tokens, latency and health", async () => {
    expect((await fetch(`${harness.url}/metrics`)).status).toBe(401);
    const metrics = await (await fetch(`${harness.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } })).text();
    expect(metrics).toContain("# TYPE ccproxy_requests_total counter");
    expect(metrics).toMatch(/ccproxy_requests_total\{group="default",alias="keyed",provider="keyed",client="openai",status="200",outcome="ok"\} \d+/);
    expect(metrics).toContain('ccproxy_tokens_total{group="default",alias="keyed",provider="keyed",type="input"}');
    expect(metrics).toContain("ccproxy_request_duration_seconds_bucket");
    expect(metrics).toContain("ccproxy_upstream_resting{");
    expect(metrics).not.toContain(BAD_KEY);
  });
});

describe("routing state across restarts", () => {
  test("the round-robin cursor continues where it stopped", async () => {
    const { mkdtempSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const dataDir = mkdtempSync(join(tmpdir(), "ccproxy-rotation-"));
    const build = (fakes: Record<ProtocolName, FakeUpstream>) =>
      `[server]\nhost = "127.0.0.1"\nport = 0\n[[providers]]\nid = "p"\nprotocol = "openai"\nbase_url = "${fakes.openai.baseUrl}"\n[[groups]]\nname = "default"\n[[groups.aliases]]\nalias = "rr"\ntargets = ["p/one", "p/two", "p/three"]\n`;
    const ask = async (url: string) => {
      await fetch(`${url}/v1/chat/completions`, { method: "POST", body: JSON.stringify({ model: "rr", messages: [{ role: "user", content: "hi" }] }) });
    };
    try {
      const first = await startHarness({ dataDir, build });
      first.fakes.openai.setScenario({ text: "ok" });
      await ask(first.url);
      await ask(first.url);
      const before = first.fakes.openai.requests.map((request) => (request.body as { model: string }).model);
      await first.stop();
      const second = await startHarness({ dataDir, build });
      second.fakes.openai.setScenario({ text: "ok" });
      await ask(second.url);
      const after = (second.fakes.openai.last().body as { model: string }).model;
      await second.stop();
      expect(before).toEqual(["one", "two"]);
      expect(after).toBe("three");
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
