// In charge of testing the hub against real fake MCP servers: start, routing, errors, progress, crash and recovery.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Progress } from "@modelcontextprotocol/sdk/types.js";
import { McpHub } from "../../../src/mcp/hub.ts";
import { JsonRpcError } from "../../../src/mcp/jsonrpc.ts";
import { backoffDelay, type ListKind } from "../../../src/mcp/upstream.ts";
import { silentLogger } from "../../../src/server/logger.ts";
import { startFakeHttpMcp, type FakeHttpMcp } from "../../fakes/mcp/http-server.ts";
import { captureLogger, processAlive, stdioServer, waitFor } from "../../fakes/mcp/helpers.ts";
import { CUSTOM_ERROR_CODE, ECHO_SCHEMA } from "../../fakes/mcp/tools.ts";

const textOf = (result: { content?: unknown }): string => {
  const content = result.content as Array<{ type: string; text?: string }> | undefined;
  return content?.map((part) => part.text ?? "").join("") ?? "";
};

async function rejection(promise: Promise<unknown>): Promise<JsonRpcError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof JsonRpcError) return error;
    throw error;
  }
  throw new Error("expected a JSON-RPC error");
}

describe("McpHub with a stdio and an HTTP server", () => {
  let http: FakeHttpMcp;
  let hub: McpHub;
  const log = captureLogger();
  const changes: ListKind[][] = [];
  const updates: string[] = [];

  beforeAll(async () => {
    http = startFakeHttpMcp();
    hub = new McpHub([stdioServer("local", { FAKE_MCP_SECRET: "from-env" }), { name: "remote", url: http.url, headers: { "x-fake-auth": "header-secret" } }], log.logger);
    hub.subscribe({ listChanged: (kinds) => changes.push(kinds), resourceUpdated: (uri) => updates.push(uri) });
    await hub.start();
  });

  afterAll(async () => {
    await hub.stop();
    await http.close();
  });

  test("servers start at boot; status names transport, state, pid and exposed tools", () => {
    const [local, remote] = hub.status();
    expect(local).toMatchObject({ name: "local", transport: "stdio", state: "ready", restarts: 0 });
    expect(local!.pid).toBeGreaterThan(0);
    expect(local!.tools).toContainEqual({ name: "local__shared_tool", original: "shared_tool" });
    expect(local!.tools).toContainEqual({ name: "echo", original: "echo" });
    expect(remote).toMatchObject({ name: "remote", transport: "streamable-http", state: "ready", target: http.url });
    expect(remote!.prompts).toEqual(["remote__greet", "http_prompt"]);
    expect(remote!.resources).toBe(1);
    expect(JSON.stringify(hub.status())).not.toContain("header-secret");
  });

  test("merged tools keep descriptions and schemas; clashing names are prefixed", async () => {
    const tools = await hub.listTools();
    const names = tools.map((tool) => tool.name);
    expect(names).toContain("echo");
    expect(names).toContain("http_echo");
    expect(names).toContain("local__shared_tool");
    expect(names).toContain("remote__shared_tool");
    expect(names).not.toContain("shared_tool");
    const echo = tools.find((tool) => tool.name === "echo")!;
    expect(echo.description).toBe("Echoes the text back");
    expect(echo.inputSchema).toEqual(JSON.parse(JSON.stringify(ECHO_SCHEMA)));
    expect(echo.annotations).toEqual({ readOnlyHint: true });
  });

  test("calls route to the owning server with its own tool name", async () => {
    expect(textOf(await hub.callTool({ name: "echo", arguments: { text: "hi", mode: "upper" } }))).toBe("echo: HI");
    expect(textOf(await hub.callTool({ name: "http_echo", arguments: { text: "yo" } }))).toBe("http echo: yo");
    expect(textOf(await hub.callTool({ name: "local__shared_tool", arguments: { input: "a" } }))).toBe("stdio shared: a");
    expect(textOf(await hub.callTool({ name: "remote__shared_tool", arguments: { input: "b" } }))).toBe("http shared: b");
    expect(textOf(await hub.callTool({ name: "remote__http_echo", arguments: { text: "qualified" } }))).toBe("http echo: qualified");
  });

  test("env reaches the stdio server, headers reach the HTTP server", async () => {
    expect(textOf(await hub.callTool({ name: "env" }))).toBe("from-env");
    expect(textOf(await hub.callTool({ name: "whoami" }))).toBe("header-secret");
  });

  test("stderr lines of the stdio server land in our log, tagged with the server", () => {
    const line = log.lines().find((entry) => entry.msg === "mcp server stderr");
    expect(line).toMatchObject({ server: "local", level: "info" });
    expect(String(line!.line)).toStartWith("fake stdio server ready pid=");
  });

  test("tool errors and JSON-RPC errors pass through unchanged", async () => {
    expect(await hub.callTool({ name: "fail" })).toEqual({ content: [{ type: "text", text: "this tool always fails" }], isError: true });
    const thrown = await rejection(hub.callTool({ name: "throw" }));
    expect(thrown.code).toBe(CUSTOM_ERROR_CODE);
    expect(thrown.message).toBe(`MCP error ${CUSTOM_ERROR_CODE}: the throw tool failed on purpose`);
    expect(thrown.data).toEqual({ reason: "testing" });
  });

  test("unknown tools and prompts are -32602, unknown resources -32002", async () => {
    expect((await rejection(hub.callTool({ name: "nope" }))).code).toBe(-32602);
    expect((await rejection(hub.callTool({ name: "ghost__echo" }))).code).toBe(-32602);
    expect((await rejection(hub.getPrompt({ name: "nope" }))).code).toBe(-32602);
    expect((await rejection(hub.readResource("zzz://none"))).code).toBe(-32002);
  });

  test("progress sent right before the result is not lost", async () => {
    const seen: Progress[] = [];
    const result = await hub.callTool({ name: "progress", arguments: { steps: 4 }, _meta: { progressToken: "client-token" } }, { onprogress: (progress) => seen.push(progress) });
    expect(textOf(result)).toBe("done after 4 steps");
    expect(seen).toEqual([1, 2, 3, 4].map((step) => ({ progress: step, total: 4, message: `step ${step}` })));
  });

  test("prompts and resources are merged and routed", async () => {
    const prompts = (await hub.listPrompts()).map((prompt) => prompt.name);
    expect(prompts).toEqual(["local__greet", "stdio_prompt", "remote__greet", "http_prompt"]);
    const greeting = await hub.getPrompt({ name: "remote__greet", arguments: { name: "Ada" } });
    expect(greeting.messages[0]!.content).toEqual({ type: "text", text: "http says hello to Ada" });
    expect((await hub.listResources()).map((resource) => resource.uri)).toEqual(["fake://stdio/readme", "fake://http/readme"]);
    expect((await hub.listResourceTemplates()).map((template) => template.uriTemplate)).toEqual(["fake://stdio/items/{id}", "fake://http/items/{id}"]);
    expect((await hub.readResource("fake://http/readme")).contents).toEqual([{ uri: "fake://http/readme", mimeType: "text/plain", text: "readme of http" }]);
    expect((await hub.readResource("fake://stdio/items/9")).contents).toEqual([{ uri: "fake://stdio/items/9", text: "item 9 of stdio" }]);
  });

  test("completion on a server without completions answers no suggestions", async () => {
    expect(await hub.complete({ ref: { type: "ref/prompt", name: "local__greet" }, argument: { name: "name", value: "A" } })).toEqual({ completion: { values: [], hasMore: false } });
  });

  test("a server's tools/list_changed refreshes the merged list and tells listeners", async () => {
    changes.length = 0;
    await hub.callTool({ name: "toggle" });
    await waitFor("a tools change", () => changes.some((kinds) => kinds.includes("tools")));
    expect((await hub.listTools()).map((tool) => tool.name)).toContain("dynamic");
    expect(textOf(await hub.callTool({ name: "dynamic" }))).toBe("dynamic called");
    await hub.callTool({ name: "toggle" });
    await waitFor("dynamic to go", async () => !(await hub.listTools()).some((tool) => tool.name === "dynamic"));
  });

  test("resource subscriptions are forwarded once and updates reach listeners", async () => {
    await hub.subscribeResource("fake://stdio/readme", "session-1");
    await hub.subscribeResource("fake://stdio/readme", "session-2");
    await waitFor("a resource update", () => updates.includes("fake://stdio/readme"));
    await hub.dropSubscriber("session-1");
    await hub.unsubscribeResource("fake://stdio/readme", "session-2");
    expect((await rejection(hub.subscribeResource("zzz://none", "session-3"))).code).toBe(-32002);
  });
});

describe("McpHub failures", () => {
  test("backoff doubles per failure up to the cap", () => {
    const timings = { backoffInitialMs: 100, backoffMaxMs: 1_000 };
    expect([0, 1, 2, 3, 4, 50].map((failures) => backoffDelay(failures, timings))).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  test("a crashed stdio server's tools disappear, its calls fail, and it restarts with a new process", async () => {
    const http = startFakeHttpMcp();
    const hub = new McpHub([stdioServer("local"), { name: "remote", url: http.url }], silentLogger, { backoffInitialMs: 300 });
    try {
      await hub.start();
      const firstPid = hub.status()[0]!.pid!;
      await hub.callTool({ name: "crash" });
      await waitFor("the local tools to disappear", async () => !(await hub.listTools()).some((tool) => tool.name === "echo"));
      const whileDown = (await hub.listTools()).map((tool) => tool.name);
      // The other server keeps serving, and the clash prefix stays stable while local is down.
      expect(whileDown).toEqual(["http_echo", "remote__shared_tool", "whoami"]);
      const down = await rejection(hub.callTool({ name: "echo", arguments: { text: "x" } }));
      expect(down.code).toBe(-32000);
      expect(down.message).toContain("MCP server 'local' is unavailable");
      expect(hub.status()[0]).toMatchObject({ state: "down", restarts: 1, tools: [], prompts: [] });
      await waitFor("local to come back", () => hub.status()[0]!.state === "ready");
      expect(hub.status()[0]!.pid).not.toBe(firstPid);
      expect(processAlive(firstPid)).toBe(false);
      expect(textOf(await hub.callTool({ name: "echo", arguments: { text: "back" } }))).toBe("echo: back");
    } finally {
      await hub.stop();
      await http.close();
    }
  });

  test("a server that cannot start is down with its error and keeps retrying; the others serve", async () => {
    const log = captureLogger();
    const hub = new McpHub([{ name: "broken", command: ["/nonexistent/mcp-server-binary"] }, stdioServer("local")], log.logger, { backoffInitialMs: 20, backoffMaxMs: 40 });
    try {
      await hub.start();
      const [broken, local] = hub.status();
      expect(broken).toMatchObject({ name: "broken", state: "down", tools: [] });
      expect(broken!.lastError).toContain("ENOENT");
      expect(local!.state).toBe("ready");
      expect((await hub.listTools()).map((tool) => tool.name)).toContain("echo");
      await waitFor("a second attempt", () => log.lines().filter((line) => line.msg === "mcp server unavailable" && line.server === "broken").length >= 2);
    } finally {
      await hub.stop();
    }
  });

  test("a legacy SSE server is reached through the SSE fallback", async () => {
    const legacy = startFakeHttpMcp({ mode: "sse" });
    const hub = new McpHub([{ name: "old", url: legacy.url }], silentLogger);
    try {
      await hub.start();
      expect(hub.status()[0]).toMatchObject({ transport: "sse", state: "ready" });
      expect(textOf(await hub.callTool({ name: "http_echo", arguments: { text: "legacy" } }))).toBe("http echo: legacy");
      expect(legacy.requests).toContain("POST /sse");
      expect(legacy.requests).toContain("GET /sse");
    } finally {
      await hub.stop();
      await legacy.close();
    }
  });

  test("an HTTP server that goes away is found by the health check and reconnected when back", async () => {
    let http = startFakeHttpMcp();
    const port = http.port;
    const hub = new McpHub([{ name: "remote", url: http.url }], silentLogger, { healthIntervalMs: 30, backoffInitialMs: 30, backoffMaxMs: 60 });
    try {
      await hub.start();
      await http.close();
      await waitFor("remote to be down", () => hub.status()[0]!.state === "down");
      expect(await hub.listTools()).toEqual([]);
      expect((await rejection(hub.callTool({ name: "http_echo", arguments: { text: "x" } }))).code).toBe(-32000);
      http = startFakeHttpMcp({ port });
      await waitFor("remote to be back", () => hub.status()[0]!.state === "ready");
      expect(textOf(await hub.callTool({ name: "http_echo", arguments: { text: "again" } }))).toBe("http echo: again");
    } finally {
      await hub.stop();
      await http.close();
    }
  });

  test("stop ends the stdio child process", async () => {
    const hub = new McpHub([stdioServer("local")], silentLogger);
    await hub.start();
    const pid = hub.status()[0]!.pid!;
    expect(processAlive(pid)).toBe(true);
    await hub.stop();
    await waitFor("the child to exit", () => !processAlive(pid));
    expect(hub.status()[0]!.state).toBe("stopped");
  });
});
