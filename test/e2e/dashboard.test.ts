// In charge of what the dashboard stands on, without a browser: /ui and its embedded assets, and GET /admin/timeseries.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import OpenAI from "openai";
import { buildUi } from "../../src/server/ui-bundle.ts";
import { ACCESS_KEY, ADMIN_KEY, startHarness, type Harness } from "./harness.ts";

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness.stop();
});

const admin = (path: string) => fetch(`${harness.url}/admin${path}`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });

describe("/ui", () => {
  test("the page needs no access key, is revalidated, and locks scripts to its own origin", async () => {
    const response = await fetch(`${harness.url}/ui`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-cache");
    expect(response.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    const html = await response.text();
    expect(html).toContain('<div id="app">');
    expect((await fetch(`${harness.url}/ui/`)).status).toBe(200);
  });

  test("every asset the page names is served from /ui/assets with its type and a long cache; nothing from a CDN", async () => {
    const html = await (await fetch(`${harness.url}/ui`)).text();
    const links = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    // Only same-origin paths and inline data: the dashboard works offline.
    expect(links.filter((link) => !link.startsWith("/") && !link.startsWith("data:"))).toEqual([]);
    const references = links.filter((link) => link.startsWith("/ui/assets/"));
    expect(references.length).toBe(2);
    for (const reference of references) {
      const response = await fetch(`${harness.url}${reference}`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(reference.endsWith(".js") ? /^text\/javascript/ : /^text\/css/);
      expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      const body = await response.text();
      expect(body).not.toMatch(/https?:\/\/(?!www\.w3\.org)[a-z0-9.-]+\.[a-z]{2,}\//i);
    }
  });

  test("gzip when the browser accepts it; unknown assets are 404", async () => {
    const html = await (await fetch(`${harness.url}/ui`)).text();
    const script = /src="([^"]+\.js)"/.exec(html)![1]!;
    const zipped = await fetch(`${harness.url}${script}`, { headers: { "accept-encoding": "gzip" }, decompress: false });
    expect(zipped.headers.get("content-encoding")).toBe("gzip");
    const plain = await fetch(`${harness.url}${script}`, { headers: { "accept-encoding": "identity" } });
    expect(plain.headers.get("content-encoding")).toBeNull();
    expect((await fetch(`${harness.url}/ui/assets/missing.js`)).status).toBe(404);
  });

  test("the served bundle is what the bundler makes from src/ui (the macro inlined the current sources)", async () => {
    const bundle = await buildUi();
    const served = await (await fetch(`${harness.url}/ui`)).text();
    expect(served).toBe(bundle.html);
    expect(Object.keys(bundle.assets).sort()).toEqual([...served.matchAll(/\/ui\/assets\/([^"]+)"/g)].map((match) => match[1]!).sort());
  });
});

describe("GET /admin/timeseries", () => {
  test("requests made through the proxy land in the current bucket, per series with by=", async () => {
    const sdk = new OpenAI({ apiKey: ACCESS_KEY, baseURL: `${harness.url}/v1`, maxRetries: 0 });
    for (let index = 0; index < 2; index++) await sdk.chat.completions.create({ model: "openai-model", messages: [{ role: "user", content: "hi" }] });
    await fetch(`${harness.url}/v1/chat/completions`, { method: "POST", headers: { authorization: `Bearer ${ACCESS_KEY}`, "content-type": "application/json" }, body: JSON.stringify({ model: "no-such-model", messages: [{ role: "user", content: "hi" }] }) });
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const response = await admin(`/timeseries?bucket=minute&from=${from}`);
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { bucket: string; bucketMs: number; rows: { time: number; requests: number; errors: number; inputTokens: number; key?: string; p95LatencyMs: number }[] };
    expect(answer.bucket).toBe("minute");
    expect(answer.bucketMs).toBe(60_000);
    const requests = answer.rows.reduce((sum, row) => sum + row.requests, 0);
    const errors = answer.rows.reduce((sum, row) => sum + row.errors, 0);
    expect([requests, errors]).toEqual([3, 1]);
    for (const row of answer.rows) {
      expect(row.time % 60_000).toBe(0);
      expect(row.key).toBeUndefined();
    }
    const byAlias = (await (await admin(`/timeseries?bucket=hour&by=alias&from=${from}`)).json()) as { by: string; rows: { key: string; requests: number }[] };
    expect(byAlias.by).toBe("alias");
    const perAlias = new Map<string, number>();
    for (const row of byAlias.rows) perAlias.set(row.key, (perAlias.get(row.key) ?? 0) + row.requests);
    expect(Object.fromEntries(perAlias)).toEqual({ "openai-model": 2, "no-such-model": 1 });
  });

  test("bad input is a 400 naming the problem; too many buckets are refused; the admin key is required", async () => {
    expect((await admin("/timeseries")).status).toBe(400);
    expect((await admin("/timeseries?bucket=week")).status).toBe(400);
    const badTime = await admin("/timeseries?bucket=hour&from=yesterday");
    expect(badTime.status).toBe(400);
    expect(await badTime.text()).toContain("ISO 8601");
    const tooMany = await admin(`/timeseries?bucket=minute&from=2000-01-01T00:00:00Z`);
    expect(tooMany.status).toBe(400);
    expect(await tooMany.text()).toContain("larger bucket");
    expect((await fetch(`${harness.url}/admin/timeseries?bucket=hour`)).status).toBe(401);
  });

  test("it is documented in the OpenAPI spec", async () => {
    const spec = (await (await fetch(`${harness.url}/swagger/json`)).json()) as { paths: Record<string, { get?: { summary?: string; parameters?: { name: string }[] } }> };
    const operation = spec.paths["/admin/timeseries"]?.get;
    expect(operation?.summary).toContain("per time bucket");
    expect(operation?.parameters?.map((parameter) => parameter.name).sort()).toEqual(["bucket", "by", "from", "to"]);
    expect(spec.paths["/ui"]).toBeDefined();
  });
});
