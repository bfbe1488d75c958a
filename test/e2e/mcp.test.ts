// In charge of the MCP proxy end to end: the official SDK client, over both transports, → ccproxy → a stdio and an HTTP MCP server.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { McpError, ToolListChangedNotificationSchema, type Progress } from "@modelcontextprotocol/sdk/types.js";
import { Elysia } from "elysia";
import { buildApp } from "../../src/app.ts";
import { parseConfig } from "../../src/config/load.ts";
import { Runtime } from "../../src/config/runtime.ts";
import { McpHub, type McpServerStatus, type McpSessionCounts } from "../../src/mcp/hub.ts";
import { mcpAdminRoutes, mcpRoutes } from "../../src/server/mcp.ts";
import { silentLogger } from "../../src/server/logger.ts";
import { openStore } from "../../src/store/index.ts";
import type { Store } from "../../src/store/types.ts";
import { startFakeHttpMcp, type FakeHttpMcp } from "../fakes/mcp/http-server.ts";
import { STDIO_SERVER_SCRIPT, waitFor } from "../fakes/mcp/helpers.ts";
import { CUSTOM_ERROR_CODE, ECHO_SCHEMA } from "../fakes/mcp/tools.ts";

const KEY = "sk-ccp-mcp-alice";
const OTHER_KEY = "sk-ccp-mcp-bob";
const ADMIN_KEY = "admin-mcp-key";

type TransportName = "streamable-http" | "sse";

interface Proxy {
  url: string;
  hub: McpHub;
  store: Store;
  stop(): Promise<void>;
}

/**
 * ccproxy as it runs: the real app (its global auth hook included) plus the MCP plugins. The MCP
 * routes are mounted ahead of the app so its JSON body parser does not consume their bodies.
 */
async function startProxy(http: FakeHttpMcp): Promise<Proxy> {
  const toml = `
[server]
host = "127.0.0.1"
port = 0
admin_key = "${ADMIN_KEY}"

[[keys]]
name = "alice"
key = "${KEY}"

[[keys]]
name = "bob"
key = "${OTHER_KEY}"

[[mcp_servers]]
name = "local"
command = [${JSON.stringify(process.execPath)}, ${JSON.stringify(STDIO_SERVER_SCRIPT)}]
env = { FAKE_MCP_SECRET = "stdio-env-value" }

[[mcp_servers]]
name = "remote"
url = "${http.url}"
headers = { x-fake-auth = "configured-header" }
`;
  const config = parseConfig(toml, { source: "mcp-test.toml", env: {} });
  const store = openStore({ dataDir: ":memory:" });
  const runtime = await Runtime.open(config, store);
  // Fast backoff so the crash test sees a restart quickly, slow enough to see the server down first.
  const hub = new McpHub(config.mcp_servers, silentLogger, { backoffInitialMs: 300, healthIntervalMs: 0 });
  await hub.start();
  const app = new Elysia()
    .use(mcpRoutes({ hub, runtime, logger: silentLogger, store }))
    .use(buildApp({ runtime, store, logger: silentLogger, reloadConfig: async () => config }).use(mcpAdminRoutes({ hub, runtime })));
  const server = Bun.serve({ hostname: "127.0.0.1", port: 0, idleTimeout: 0, fetch: (request) => app.handle(request) });
  return {
    url: `http://127.0.0.1:${server.port}`,
    hub,
    store,
    async stop() {
      await hub.stop();
      await server.stop(true);
      await store.close();
    },
  };
}

function transportFor(name: TransportName, base: string, key: string | undefined) {
  const requestInit: RequestInit = key ? { headers: { Authorization: `Bearer ${key}` } } : {};
  return name === "sse" ? new SSEClientTransport(new URL(`${base}/sse`), { requestInit }) : new StreamableHTTPClientTransport(new URL(`${base}/mcp/http`), { requestInit });
}

async function connect(name: TransportName, base: string, key: string | undefined = KEY): Promise<Client> {
  const client = new Client({ name: `e2e-${name}`, version: "1.0.0" });
  await client.connect(transportFor(name, base, key));
  return client;
}

/** The text parts of a tool result (callTool's type also admits the pre-2024 `toolResult` shape). */
const textOf = (result: unknown): string => ((result as { content?: Array<{ text?: string }> }).content ?? []).map((part) => part.text ?? "").join("");

async function mcpError(promise: Promise<unknown>): Promise<McpError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof McpError) return error;
    throw error;
  }
  throw new Error("expected an MCP error");
}

async function admin(base: string): Promise<{ servers: McpServerStatus[]; sessions: McpSessionCounts }> {
  const response = await fetch(`${base}/admin/mcp`, { headers: { Authorization: `Bearer ${ADMIN_KEY}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as { servers: McpServerStatus[]; sessions: McpSessionCounts };
}

let http: FakeHttpMcp;
let proxy: Proxy;

beforeAll(async () => {
  http = startFakeHttpMcp();
  proxy = await startProxy(http);
});

afterAll(async () => {
  await proxy.stop();
  await http.close();
});

describe.each(["streamable-http", "sse"] as const)("MCP over %s", (transport) => {
  let client: Client;

  beforeAll(async () => {
    client = await connect(transport, proxy.url);
  });

  afterAll(async () => {
    await client.close();
  });

  test("initialize answers ccproxy with tools, prompts and resources capabilities", () => {
    expect(client.getServerVersion()).toEqual({ name: "ccproxy", version: "0.1.0" });
    expect(client.getServerCapabilities()).toMatchObject({ tools: { listChanged: true }, prompts: { listChanged: true }, resources: { subscribe: true, listChanged: true } });
  });

  test("tools/list merges both servers; a shared name is prefixed per server; descriptions and schemas are unchanged", async () => {
    const { tools } = await client.listTools();
    const names = tools.map((tool) => tool.name);
    expect(names).toEqual(expect.arrayContaining(["echo", "fail", "throw", "progress", "env", "http_echo", "whoami", "local__shared_tool", "remote__shared_tool"]));
    expect(names).not.toContain("shared_tool");
    const echo = tools.find((tool) => tool.name === "echo")!;
    expect(echo.description).toBe("Echoes the text back");
    expect(echo.inputSchema).toEqual(JSON.parse(JSON.stringify(ECHO_SCHEMA)));
    expect(tools.find((tool) => tool.name === "remote__shared_tool")!.description).toBe("shared tool of the http server");
  });

  test("tools/call routes to the right server", async () => {
    expect(textOf(await client.callTool({ name: "echo", arguments: { text: "hello" } }))).toBe("echo: hello");
    expect(textOf(await client.callTool({ name: "http_echo", arguments: { text: "over http" } }))).toBe("http echo: over http");
    expect(textOf(await client.callTool({ name: "local__shared_tool", arguments: { input: "1" } }))).toBe("stdio shared: 1");
    expect(textOf(await client.callTool({ name: "remote__shared_tool", arguments: { input: "2" } }))).toBe("http shared: 2");
    expect(textOf(await client.callTool({ name: "env", arguments: {} }))).toBe("stdio-env-value");
    expect(textOf(await client.callTool({ name: "whoami", arguments: {} }))).toBe("configured-header");
  });

  test("tool errors: isError results, upstream JSON-RPC errors and unknown tools; the session keeps serving", async () => {
    const failed = await client.callTool({ name: "fail", arguments: {} });
    expect(failed.isError).toBe(true);
    expect(textOf(failed)).toBe("this tool always fails");
    const thrown = await mcpError(client.callTool({ name: "throw", arguments: {} }));
    expect(thrown.code).toBe(CUSTOM_ERROR_CODE);
    expect(thrown.message).toContain("the throw tool failed on purpose");
    expect(thrown.data).toEqual({ reason: "testing" });
    const unknown = await mcpError(client.callTool({ name: "no_such_tool", arguments: {} }));
    expect(unknown.code).toBe(-32602);
    expect(await client.ping()).toEqual({});
  });

  test("progress notifications pass through to the caller", async () => {
    const seen: Progress[] = [];
    const result = await client.callTool({ name: "progress", arguments: { steps: 3, delayMs: 15 } }, undefined, { onprogress: (progress) => seen.push(progress) });
    expect(textOf(result)).toBe("done after 3 steps");
    expect(seen.map((progress) => progress.progress)).toEqual([1, 2, 3]);
    expect(seen[0]).toMatchObject({ total: 3, message: "step 1" });
  });

  test("prompts and resources are aggregated", async () => {
    const { prompts } = await client.listPrompts();
    expect(prompts.map((prompt) => prompt.name)).toEqual(["local__greet", "stdio_prompt", "remote__greet", "http_prompt"]);
    const prompt = await client.getPrompt({ name: "local__greet", arguments: { name: "Grace" } });
    expect(prompt.messages[0]!.content).toEqual({ type: "text", text: "stdio says hello to Grace" });
    const { resources } = await client.listResources();
    expect(resources.map((resource) => resource.uri)).toEqual(["fake://stdio/readme", "fake://http/readme"]);
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates.map((template) => template.uriTemplate)).toEqual(["fake://stdio/items/{id}", "fake://http/items/{id}"]);
    expect((await client.readResource({ uri: "fake://http/items/3" })).contents[0]).toEqual({ uri: "fake://http/items/3", text: "item 3 of http" });
    expect((await mcpError(client.readResource({ uri: "nowhere://x" }))).code).toBe(-32002);
  });

  test("notifications/tools/list_changed reaches the client when a server's tool set changes", async () => {
    let notified = 0;
    client.setNotificationHandler(ToolListChangedNotificationSchema, async () => {
      notified++;
    });
    // The streamable client listens for server notifications on its GET stream; give it time to open.
    if (transport === "streamable-http") await waitFor("the notification stream", async () => (await admin(proxy.url)).sessions["streamable-http"] >= 1);
    await client.callTool({ name: "toggle", arguments: {} });
    await waitFor("tools/list_changed", () => notified > 0);
    expect((await client.listTools()).tools.map((tool) => tool.name)).toContain("dynamic");
    await client.callTool({ name: "toggle", arguments: {} });
    await waitFor("dynamic to disappear", async () => !(await client.listTools()).tools.some((tool) => tool.name === "dynamic"));
  });
});

describe("access keys, sessions and admin", () => {
  test.each(["streamable-http", "sse"] as const)("%s: no key or a wrong key is refused with 401", async (transport) => {
    for (const key of [undefined, "sk-wrong"]) {
      const client = new Client({ name: "intruder", version: "1" });
      const error = await client.connect(transportFor(transport, proxy.url, key)).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      // StreamableHTTPError and SseError both carry the HTTP status as `code`.
      expect((error as { code?: unknown }).code).toBe(401);
    }
    const raw = await fetch(`${proxy.url}${transport === "sse" ? "/sse" : "/mcp/http"}`, { headers: { accept: "text/event-stream" } });
    expect(raw.status).toBe(401);
  });

  test("a legacy client configured by URL alone (?key=) keeps its key on the announced POST URL", async () => {
    const client = new Client({ name: "url-only", version: "1" });
    await client.connect(new SSEClientTransport(new URL(`${proxy.url}/sse?key=${KEY}`)));
    expect(textOf(await client.callTool({ name: "echo", arguments: { text: "by url" } }))).toBe("echo: by url");
    await client.close();
  });

  test("other methods on /mcp/http are 405; unknown query parameters on /message are tolerated", async () => {
    const put = await fetch(`${proxy.url}/mcp/http`, { method: "PUT", headers: { Authorization: `Bearer ${KEY}` }, body: "{}" });
    expect(put.status).toBe(405);
    expect(put.headers.get("allow")).toBe("GET, POST, DELETE");
    // Like every other answer, MCP ones carry the request id.
    expect(put.headers.get("x-request-id")).toMatch(/^req_/);
    const extra = await fetch(`${proxy.url}/message?sessionId=none&key=${KEY}&x=1`, { method: "POST", body: "{}" });
    expect(extra.status).toBe(404);
    expect(extra.headers.get("x-request-id")).toMatch(/^req_/);
    expect(((await extra.json()) as { error: { code: number } }).error.code).toBe(-32001);
  });

  test("a session is bound to its key: another valid key cannot use it", async () => {
    const client = await connect("streamable-http", proxy.url, KEY);
    const sessionId = (client.transport as StreamableHTTPClientTransport).sessionId!;
    const foreign = await fetch(`${proxy.url}/mcp/http`, {
      method: "POST",
      headers: { Authorization: `Bearer ${OTHER_KEY}`, "mcp-session-id": sessionId, accept: "application/json, text/event-stream", "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
    });
    expect(foreign.status).toBe(404);
    expect(((await foreign.json()) as { error: { code: number } }).error.code).toBe(-32001);
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    await client.close();
  });

  test("malformed JSON-RPC gets JSON-RPC errors over HTTP and the server keeps serving", async () => {
    const headers = { Authorization: `Bearer ${KEY}`, accept: "application/json, text/event-stream", "content-type": "application/json" };
    const broken = await fetch(`${proxy.url}/mcp/http`, { method: "POST", headers, body: "{not json" });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ jsonrpc: "2.0", id: null, error: { code: -32700 } });
    const notRpc = await fetch(`${proxy.url}/message?sessionId=unknown`, { method: "POST", headers, body: "{}" });
    expect(notRpc.status).toBe(404);
    const client = await connect("sse", proxy.url);
    expect(await client.ping()).toEqual({});
    await client.close();
  });

  test("DELETE (terminateSession) and SSE disconnects release sessions", async () => {
    const base = (await admin(proxy.url)).sessions;
    const streamable = await connect("streamable-http", proxy.url);
    const legacy = await connect("sse", proxy.url);
    await waitFor("both sessions", async () => {
      const now = (await admin(proxy.url)).sessions;
      return now["streamable-http"] === base["streamable-http"] + 1 && now.sse === base.sse + 1;
    });
    const transport = streamable.transport as StreamableHTTPClientTransport;
    const sessionId = transport.sessionId!;
    await transport.terminateSession();
    await streamable.close();
    await legacy.close();
    await waitFor("both released", async () => {
      const now = (await admin(proxy.url)).sessions;
      return now["streamable-http"] === base["streamable-http"] && now.sse === base.sse;
    });
    const stale = await fetch(`${proxy.url}/mcp/http`, {
      method: "POST",
      headers: { Authorization: `Bearer ${KEY}`, "mcp-session-id": sessionId, accept: "application/json, text/event-stream", "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }),
    });
    expect(stale.status).toBe(404);
  });

  test("GET /admin/mcp needs the admin key and lists servers, state and tools", async () => {
    expect((await fetch(`${proxy.url}/admin/mcp`)).status).toBe(401);
    expect((await fetch(`${proxy.url}/admin/mcp`, { headers: { Authorization: `Bearer ${KEY}` } })).status).toBe(401);
    const { servers } = await admin(proxy.url);
    expect(servers.map((server) => [server.name, server.transport, server.state])).toEqual([
      ["local", "stdio", "ready"],
      ["remote", "streamable-http", "ready"],
    ]);
    expect(servers[0]!.tools).toContainEqual({ name: "local__shared_tool", original: "shared_tool" });
    expect(servers[1]!.target).toBe(http.url);
    expect(JSON.stringify(servers)).not.toContain("configured-header");
  });
});

describe("server crash and recovery", () => {
  test.each(["streamable-http", "sse"] as const)("%s: a crashed stdio server's tools vanish, calls fail cleanly, then it is back", async (transport) => {
    const client = await connect(transport, proxy.url);
    const before = (await admin(proxy.url)).servers[0]!;
    await client.callTool({ name: "crash", arguments: {} });
    await waitFor("local's tools to vanish", async () => !(await client.listTools()).tools.some((tool) => tool.name === "echo"));
    const whileDown = (await client.listTools()).tools.map((tool) => tool.name);
    expect(whileDown).toEqual(["http_echo", "remote__shared_tool", "whoami"]);
    const down = await mcpError(client.callTool({ name: "echo", arguments: { text: "x" } }));
    expect(down.code).toBe(-32000);
    expect(down.message).toContain("MCP server 'local' is unavailable");
    expect(textOf(await client.callTool({ name: "http_echo", arguments: { text: "still here" } }))).toBe("http echo: still here");
    await waitFor("local to restart", async () => (await client.listTools()).tools.some((tool) => tool.name === "echo"));
    expect(textOf(await client.callTool({ name: "echo", arguments: { text: "again" } }))).toBe("echo: again");
    const after = (await admin(proxy.url)).servers[0]!;
    expect(after.restarts).toBe(before.restarts + 1);
    expect(after.pid).not.toBe(before.pid);
    await client.close();
  });
});
