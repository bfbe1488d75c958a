// In charge of the admin API: auth, groups, keys, active group + /switch, config masking, reload, stats, logs, persistence.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import OpenAI from "openai";
import { ACCESS_KEY, ADMIN_KEY, PROVIDER_KEY, startHarness, type Harness } from "./harness.ts";

let harness: Harness;
let dataDir: string;
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "ccproxy-admin-"));
  harness = await startHarness({ dataDir });
});
afterAll(async () => {
  await harness.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const admin = (path: string, init: { method?: string; body?: unknown; key?: string } = {}) =>
  fetch(`${harness.url}/admin${path}`, {
    method: init.method ?? "GET",
    headers: { authorization: `Bearer ${init.key ?? ADMIN_KEY}`, "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });

describe("admin auth", () => {
  test("a wrong or missing admin key is 401", async () => {
    expect((await admin("/config", { key: "nope" })).status).toBe(401);
    expect((await fetch(`${harness.url}/admin/config`)).status).toBe(401);
  });

  test("with no admin key configured every /admin path is 404", async () => {
    const closed = await startHarness({ admin: false });
    try {
      for (const path of ["/config", "/groups", "/keys", "/active-group", "/stats", "/logs"]) {
        expect((await fetch(`${closed.url}/admin${path}`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } })).status).toBe(404);
      }
    } finally {
      await closed.stop();
    }
  });
});

describe("admin API", () => {
  test("config is masked", async () => {
    const response = await admin("/config");
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(text).not.toContain(PROVIDER_KEY);
    expect(text).not.toContain(ACCESS_KEY);
    expect(text).not.toContain(ADMIN_KEY);
    expect(text).toContain("providers");
  });

  test("create a group, use it through the OpenAI SDK, switch to it, delete it", async () => {
    const created = await admin("/groups", { method: "POST", body: { name: "team", prompt_injection: "off", aliases: [{ alias: "team-model", targets: ["openai/team-upstream"] }] } });
    expect(created.status).toBe(201);
    const sdk = new OpenAI({ apiKey: ACCESS_KEY, baseURL: `${harness.url}/team/v1`, maxRetries: 0 });
    harness.fakes.openai.setScenario({ text: "team answer" });
    const completion = await sdk.chat.completions.create({ model: "team-model", messages: [{ role: "user", content: "hi" }] });
    expect(completion.choices[0]!.message.content).toBe("team answer");
    expect((harness.fakes.openai.last().body as { model: string }).model).toBe("team-upstream");

    expect(await (await admin("/active-group")).json()).toEqual({ group: "default" });
    expect((await admin("/active-group", { method: "PUT", body: { group: "nope" } })).status).toBe(404);
    expect((await admin("/active-group", { method: "PUT", body: { group: "team" } })).status).toBe(200);
    const switched = new OpenAI({ apiKey: ACCESS_KEY, baseURL: `${harness.url}/switch/v1`, maxRetries: 0 });
    const viaSwitch = await switched.chat.completions.create({ model: "team-model", messages: [{ role: "user", content: "hi" }] });
    expect(viaSwitch.choices[0]!.message.content).toBe("team answer");

    const bad = await admin("/groups", { method: "POST", body: { name: "broken", aliases: [{ alias: "x", targets: ["nosuchprovider/m"] }] } });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("nosuchprovider");
    const reserved = await admin("/groups", { method: "POST", body: { name: "switch", aliases: [] } });
    expect(reserved.status).toBe(400);
  });

  test("keys: create (usable at once), list masked, delete (refused at once)", async () => {
    const created = await admin("/keys", { method: "POST", body: { name: "laptop", key: "sk-ccp-laptop-123456" } });
    expect(created.status).toBe(201);
    const ok = await fetch(`${harness.url}/v1/models`, { headers: { authorization: "Bearer sk-ccp-laptop-123456" } });
    expect(ok.status).toBe(200);
    const list = await (await admin("/keys")).text();
    expect(list).toContain("laptop");
    expect(list).not.toContain("sk-ccp-laptop-123456");
    expect((await admin("/keys/laptop", { method: "DELETE" })).status).toBe(200);
    const refused = await fetch(`${harness.url}/v1/models`, { headers: { authorization: "Bearer sk-ccp-laptop-123456" } });
    expect(refused.status).toBe(401);
  });

  test("stats and logs count requests", async () => {
    harness.fakes.claude.setScenario({ text: "counted", usage: { input: 12, output: 4 } });
    for (let i = 0; i < 3; i++) {
      await fetch(`${harness.url}/v1/chat/completions`, { method: "POST", headers: { authorization: `Bearer ${ACCESS_KEY}` }, body: JSON.stringify({ model: "claude-model", messages: [{ role: "user", content: "hi" }] }) });
    }
    const logs = (await (await admin("/logs?limit=3")).json()) as { logs: Array<{ alias: string; provider: string; status: number; inputTokens: number; outputTokens: number }> };
    expect(logs.logs).toHaveLength(3);
    expect(logs.logs[0]).toMatchObject({ alias: "claude-model", provider: "claude", status: 200, inputTokens: 12, outputTokens: 4 });
    const stats = (await (await admin("/stats?by=alias")).json()) as { rows: Array<{ key: string; requests: number; inputTokens: number }> };
    const row = stats.rows.find((entry) => entry.key === "claude-model");
    expect(row?.requests).toBeGreaterThanOrEqual(3);
    expect(row?.inputTokens).toBeGreaterThanOrEqual(36);
    expect((await admin("/stats?from=yesterday")).status).toBe(400);
  });

  test("reload of an unchanged file answers 200 (bad files: cli.test.ts)", async () => {
    const response = await admin("/reload", { method: "POST" });
    expect(response.status).toBe(200);
  });

  test("groups, keys and the active group survive a restart", async () => {
    expect((await admin("/groups/kept", { method: "PUT", body: { aliases: [{ alias: "kept", targets: ["ollama/kept-model"] }] } })).status).toBe(200);
    await admin("/keys", { method: "POST", body: { name: "persisted", key: "sk-ccp-persisted-999" } });
    await admin("/active-group", { method: "PUT", body: { group: "kept" } });
    await harness.stop();
    harness = await startHarness({ dataDir });
    expect(await (await admin("/active-group")).json()).toEqual({ group: "kept" });
    const groups = (await (await admin("/groups")).json()) as Array<{ name: string }>;
    expect(groups.map((group) => group.name)).toContain("kept");
    const withKey = await fetch(`${harness.url}/switch/v1/models`, { headers: { authorization: "Bearer sk-ccp-persisted-999" } });
    expect(withKey.status).toBe(200);
    expect(((await withKey.json()) as { data: Array<{ id: string }> }).data.map((model) => model.id)).toEqual(["kept"]);
  });
});
