// In charge of testing the MCP Elysia plugin on its own: origin guard of an open proxy, methods, query tolerance, OpenAPI tags.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Elysia } from "elysia";
import { parseConfig } from "../../../src/config/load.ts";
import { Runtime } from "../../../src/config/runtime.ts";
import { McpHub } from "../../../src/mcp/hub.ts";
import { mcpRoutes } from "../../../src/server/mcp.ts";
import { silentLogger } from "../../../src/server/logger.ts";
import { openStore } from "../../../src/store/index.ts";
import type { Store } from "../../../src/store/types.ts";

const INITIALIZE = JSON.stringify({ jsonrpc: "2.0", id: 0, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "1" } } });
const HEADERS = { accept: "application/json, text/event-stream", "content-type": "application/json" };

async function appWith(toml: string, store: Store, hub: McpHub) {
  const runtime = await Runtime.open(parseConfig(toml, { source: "routes.toml", env: {} }), store);
  return new Elysia().use(mcpRoutes({ hub, runtime, logger: silentLogger, store }));
}

describe("mcpRoutes", () => {
  let store: Store;
  let hub: McpHub;
  let open: Awaited<ReturnType<typeof appWith>>;
  let keyed: Awaited<ReturnType<typeof appWith>>;

  beforeAll(async () => {
    store = openStore({ dataDir: ":memory:" });
    hub = new McpHub([], silentLogger);
    open = await appWith(`[server]\nhost = "127.0.0.1"\n`, store, hub);
    keyed = await appWith(`[server]\nhost = "127.0.0.1"\n[[keys]]\nname = "k"\nkey = "sk-k"\n`, store, hub);
  });

  afterAll(async () => {
    await hub.stop();
    await store.close();
  });

  const initialize = (app: typeof open, origin?: string) =>
    app.handle(new Request("http://localhost/mcp/http", { method: "POST", headers: { ...HEADERS, ...(origin ? { origin } : {}) }, body: INITIALIZE }));

  test("an open proxy refuses foreign browser origins (DNS rebinding) and accepts loopback ones", async () => {
    for (const origin of ["http://evil.example", "null"]) {
      const refused = await initialize(open, origin);
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { error: { code: number } }).error.code).toBe(-32000);
    }
    expect((await open.handle(new Request("http://localhost/sse", { headers: { origin: "http://evil.example" } }))).status).toBe(403);
    for (const origin of ["http://localhost:6274", "http://127.0.0.1:3000", undefined]) {
      const accepted = await initialize(open, origin);
      expect(accepted.status).toBe(200);
      expect(accepted.headers.get("mcp-session-id")).toBeTruthy();
      await accepted.body?.cancel();
    }
  });

  test("with access keys, the key is the guard: any origin may proceed", async () => {
    const response = await initialize(keyed, "http://evil.example");
    expect(response.status).toBe(200);
    await response.body?.cancel();
  });

  test("PUT and PATCH are 405 with Allow; unknown query parameters on /message are tolerated", async () => {
    for (const method of ["PUT", "PATCH"]) {
      const response = await open.handle(new Request("http://localhost/mcp/http", { method, body: "{}" }));
      expect(response.status).toBe(405);
      expect(response.headers.get("allow")).toBe("GET, POST, DELETE");
    }
    const response = await open.handle(new Request("http://localhost/message?sessionId=s&key=x&other=1", { method: "POST", body: "{}" }));
    expect(response.status).toBe(404);
  });

  test("the legacy endpoint announces a POST URL that keeps a ?key= the client connected with", async () => {
    const response = await open.handle(new Request("http://localhost/sse?key=sk%20url"));
    const reader = response.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toMatch(/^event: endpoint\ndata: \/message\?sessionId=[0-9a-f-]{36}&key=sk%20url\n\n$/);
    await reader.cancel();
  });

  test("every MCP route is documented under the MCP tag", () => {
    const documented = open.routes.filter((route) => ["/sse", "/message", "/mcp/http"].includes(route.path) && ["GET", "POST", "DELETE"].includes(route.method));
    expect(documented.map((route) => `${route.method} ${route.path}`).sort()).toEqual(["DELETE /mcp/http", "GET /mcp/http", "GET /sse", "POST /mcp/http", "POST /message"]);
    for (const route of documented) expect((route.hooks.detail as { tags?: string[] } | undefined)?.tags).toEqual(["MCP"]);
  });
});
