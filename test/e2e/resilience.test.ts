// In charge of routing behaviour under failure: failover, round robin, mid-stream errors, client disconnects.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { ACCESS_KEY, startHarness, type Harness } from "./harness.ts";

const CHAIN_GROUP = `
[[groups]]
name = "fo"
[[groups.aliases]]
alias = "chain"
targets = ["openai/first", "ollama/second"]
`;

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({
    toml: `
[[groups]]
name = "fo"
[[groups.aliases]]
alias = "chain"
targets = ["openai/first", "ollama/second"]
[[groups.aliases]]
alias = "claude-*"
targets = ["claude/wild-claude"]
[[groups.aliases]]
alias = "claude-sonnet-*"
targets = ["claude/sonnet-specific"]
[[groups.aliases]]
alias = "claude-sonnet-4"
targets = ["claude/exact"]
[[groups.aliases]]
alias = "*"
targets = ["openai/*"]
`,
  });
});
afterAll(async () => {
  await harness.stop();
});

const headers = { authorization: `Bearer ${ACCESS_KEY}`, "content-type": "application/json" };
const chat = (path: string, model: string, extra: Record<string, unknown> = {}, init: RequestInit = {}) =>
  fetch(harness.url + path, { method: "POST", headers, body: JSON.stringify({ model, messages: [{ role: "user", content: "hi" }], ...extra }), ...init });

function resetFakes(): void {
  for (const fake of Object.values(harness.fakes)) fake.requests.length = 0;
}

describe("alias precedence", () => {
  test.each([
    ["claude-sonnet-4", "exact"],
    ["claude-sonnet-4-5", "sonnet-specific"],
    ["claude-opus-5-5", "wild-claude"],
  ])("%s → %s", async (model, upstreamModel) => {
    harness.fakes.claude.setScenario({ text: "ok" });
    const response = await chat("/fo/v1/chat/completions", model);
    expect(response.status).toBe(200);
    expect((harness.fakes.claude.last().body as { model: string }).model).toBe(upstreamModel);
  });

  test("a `*` target passes the requested model through", async () => {
    harness.fakes.openai.setScenario({ text: "ok" });
    await chat("/fo/v1/chat/completions", "gpt-9-custom");
    expect((harness.fakes.openai.last().body as { model: string }).model).toBe("gpt-9-custom");
  });
});

describe("failover and round robin", () => {
  test("round robin alternates the alias targets", async () => {
    harness.fakes.openai.setScenario({ text: "from openai" });
    harness.fakes.ollama.setScenario({ text: "from ollama" });
    const texts: string[] = [];
    for (let i = 0; i < 4; i++) {
      const body = (await (await chat("/fo/v1/chat/completions", "chain")).json()) as { choices: Array<{ message: { content: string } }> };
      texts.push(body.choices[0]!.message.content);
    }
    expect(new Set(texts)).toEqual(new Set(["from openai", "from ollama"]));
    expect(texts[0]).not.toBe(texts[1]);
    expect(texts[1]).not.toBe(texts[2]);
  });

  test.each([500, 503, 429, 408])("HTTP %d before the first byte fails over to the next target", async (status) => {
    // A fresh proxy per status: failures put targets to rest, which later cases must not inherit.
    const own = await startHarness({ toml: CHAIN_GROUP });
    try {
      own.fakes.openai.setScenario({ error: { status, message: `openai says ${status}` } });
      own.fakes.ollama.setScenario({ error: { status, message: `ollama says ${status}` } });
      // Both fail: the client sees the last upstream error's status.
      const failed = await fetch(`${own.url}/fo/v1/chat/completions`, { method: "POST", headers, body: JSON.stringify({ model: "chain", messages: [{ role: "user", content: "hi" }] }) });
      expect(failed.status).toBe(status);
      expect(((await failed.json()) as { error: { message: string } }).error.message).toMatch(/says/);
      expect(own.fakes.openai.requests.length + own.fakes.ollama.requests.length).toBe(2);
    } finally {
      await own.stop();
    }
    const rescue = await startHarness({ toml: CHAIN_GROUP });
    try {
      rescue.fakes.openai.setScenario({ error: { status, message: `openai says ${status}` } });
      rescue.fakes.ollama.setScenario({ text: "rescued" });
      const results: string[] = [];
      for (let i = 0; i < 3; i++) {
        const response = await fetch(`${rescue.url}/fo/v1/chat/completions`, { method: "POST", headers, body: JSON.stringify({ model: "chain", messages: [{ role: "user", content: "hi" }] }) });
        expect(response.status).toBe(200);
        results.push(((await response.json()) as { choices: Array<{ message: { content: string } }> }).choices[0]!.message.content);
      }
      expect(results).toEqual(["rescued", "rescued", "rescued"]);
      // The failing target was tried once, then rested (cooldown): later requests skip it.
      expect(rescue.fakes.openai.requests.length).toBe(1);
    } finally {
      await rescue.stop();
    }
  });

  test("other 4xx are returned as they are, never retried", async () => {
    resetFakes();
    harness.fakes.openai.setScenario({ error: { status: 400, message: "bad tool schema" } });
    harness.fakes.ollama.setScenario({ error: { status: 400, message: "bad tool schema" } });
    const response = await chat("/fo/v1/chat/completions", "chain");
    expect(response.status).toBe(400);
    expect(harness.fakes.openai.requests.length + harness.fakes.ollama.requests.length).toBe(1);
  });

  test("a refused connection fails over", async () => {
    const refused = await startHarness({
      build: (fakes) => `[server]\nhost = "127.0.0.1"\nport = 0\n[[providers]]\nid = "dead"\nprotocol = "openai"\nbase_url = "http://127.0.0.1:9/v1"\n[[providers]]\nid = "alive"\nprotocol = "openai"\nbase_url = "${fakes.openai.baseUrl}"\n[[groups]]\nname = "default"\n[[groups.aliases]]\nalias = "m"\ntargets = ["dead/x", "alive/y"]\n`,
    });
    try {
      refused.fakes.openai.setScenario({ text: "alive" });
      for (let i = 0; i < 2; i++) {
        const response = await fetch(`${refused.url}/v1/chat/completions`, { method: "POST", body: JSON.stringify({ model: "m", messages: [{ role: "user", content: "hi" }] }) });
        expect(response.status).toBe(200);
      }
    } finally {
      await refused.stop();
    }
  });

  test("a hung upstream times out and fails over", async () => {
    const hung = await startHarness({
      build: (fakes) => `[server]\nhost = "127.0.0.1"\nport = 0\n[[providers]]\nid = "slow"\nprotocol = "claude"\nbase_url = "${fakes.claude.baseUrl}"\ntimeout_ms = 300\n[[providers]]\nid = "fast"\nprotocol = "openai"\nbase_url = "${fakes.openai.baseUrl}"\n[[groups]]\nname = "default"\n[[groups.aliases]]\nalias = "m"\ntargets = ["slow/x", "fast/y"]\n`,
    });
    try {
      hung.fakes.claude.setScenario({ text: "too late", delayMs: 3000 });
      hung.fakes.openai.setScenario({ text: "fast" });
      const started = performance.now();
      const response = await fetch(`${hung.url}/v1/chat/completions`, { method: "POST", body: JSON.stringify({ model: "m", messages: [{ role: "user", content: "hi" }] }) });
      expect(response.status).toBe(200);
      expect(JSON.stringify(await response.json())).toContain("fast");
      expect(performance.now() - started).toBeLessThan(2500);
    } finally {
      await hung.stop();
    }
  });
});

describe("streams", () => {
  test("passthrough: a mid-stream drop ends the OpenAI stream with an error event and no [DONE]", async () => {
    harness.fakes.openai.setScenario({ text: "a long answer that will break", chunkSize: 3, failAfterFrames: 4, frameDelayMs: 15 });
    const response = await chat("/v1/chat/completions", "openai-model", { stream: true });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain('data: {"error"');
    expect(text).not.toContain("[DONE]");
  });

  test("converted: a mid-stream drop ends the Claude stream with event: error and no message_stop", async () => {
    harness.fakes.openai.setScenario({ text: "a long answer that will break", chunkSize: 3, failAfterFrames: 4, frameDelayMs: 15 });
    const response = await fetch(`${harness.url}/v1/messages`, { method: "POST", headers: { "x-api-key": ACCESS_KEY }, body: JSON.stringify({ model: "openai-model", max_tokens: 50, stream: true, messages: [{ role: "user", content: "hi" }] }) });
    const text = await response.text();
    expect(text).toContain("event: error");
    expect(text).not.toContain("message_stop");
  });

  test("an in-band upstream error event becomes the client's error event", async () => {
    harness.fakes.claude.setScenario({ text: "partial answer here", chunkSize: 4, errorEventAfterFrames: 5, frameDelayMs: 15 });
    const response = await fetch(`${harness.url}/api/chat`, { method: "POST", headers, body: JSON.stringify({ model: "claude-model", messages: [{ role: "user", content: "hi" }] }) });
    const lines = (await response.text()).trim().split("\n").map((line) => JSON.parse(line) as { error?: string; done?: boolean });
    expect(lines[lines.length - 1]!.error).toBeString();
    expect(lines.some((line) => line.done === true)).toBe(false);
  });

  test("an error before the first byte of a stream fails over", async () => {
    resetFakes();
    harness.fakes.openai.setScenario({ text: "never", failAfterFrames: 0 });
    harness.fakes.ollama.setScenario({ text: "second target streamed" });
    for (let i = 0; i < 2; i++) {
      const response = await chat("/fo/v1/chat/completions", "chain", { stream: true });
      const text = await response.text();
      expect(text).toContain("[DONE]");
      expect(text).not.toContain('"error"');
    }
  });

  test("a client disconnect aborts the upstream request", async () => {
    for (const path of ["/v1/chat/completions", "/v1/messages"]) {
      harness.fakes.openai.setScenario({ text: "x".repeat(400), chunkSize: 2, frameDelayMs: 20 });
      const controller = new AbortController();
      const response = await chat(path, "openai-model", { stream: true, max_tokens: 10 }, { signal: controller.signal, headers: { ...headers, "x-api-key": ACCESS_KEY } });
      const reader = response.body!.getReader();
      await reader.read();
      controller.abort();
      const fake = harness.fakes.openai.last();
      for (let i = 0; i < 50 && !fake.aborted; i++) await Bun.sleep(20);
      expect(fake.aborted).toBe(true);
    }
  });

  test("a disconnect while the upstream has not answered yet aborts it too", async () => {
    harness.fakes.openai.setScenario({ text: "late", delayMs: 2000 });
    const controller = new AbortController();
    const pending = chat("/v1/chat/completions", "openai-model", {}, { signal: controller.signal }).catch(() => null);
    await Bun.sleep(150);
    controller.abort();
    await pending;
    const fake = harness.fakes.openai.last();
    for (let i = 0; i < 50 && !fake.aborted; i++) await Bun.sleep(20);
    expect(fake.aborted).toBe(true);
  });
});
