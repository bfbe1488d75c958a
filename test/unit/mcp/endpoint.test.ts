// In charge of testing the MCP endpoint at the HTTP level: bad input, sessions, isolation, release, resume from the store.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { McpEndpoint } from "../../../src/mcp/endpoint.ts";
import { McpHub } from "../../../src/mcp/hub.ts";
import { silentLogger } from "../../../src/server/logger.ts";
import { openStore } from "../../../src/store/index.ts";
import type { Store } from "../../../src/store/types.ts";
import { stdioServer, waitFor } from "../../fakes/mcp/helpers.ts";

const URL_BASE = "http://localhost/mcp/http";
const ACCEPT = { accept: "application/json, text/event-stream", "content-type": "application/json" };
const INITIALIZE = { jsonrpc: "2.0", id: 0, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw-test", version: "1" } } };

interface Answer {
  status: number;
  session: string | null;
  messages: Array<{ id?: unknown; result?: Record<string, unknown>; error?: { code: number; message: string }; method?: string }>;
}

/** Reads a JSON or SSE answer into its JSON-RPC messages. */
async function answerOf(response: Response): Promise<Answer> {
  const text = await response.text();
  const isStream = response.headers.get("content-type")?.includes("text/event-stream");
  const messages = isStream
    ? text.split("\n").filter((line) => line.startsWith("data: ")).map((line) => JSON.parse(line.slice(6)))
    : text
      ? [JSON.parse(text)]
      : [];
  return { status: response.status, session: response.headers.get("mcp-session-id"), messages };
}

function post(endpoint: McpEndpoint, body: unknown, options: { session?: string; key?: string; raw?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...ACCEPT, ...(options.session ? { "mcp-session-id": options.session } : {}) };
  const request = new Request(URL_BASE, { method: "POST", headers, body: options.raw ?? JSON.stringify(body) });
  return endpoint.handleStreamable(request, options.key).then(answerOf);
}

async function initialize(endpoint: McpEndpoint, key?: string): Promise<string> {
  const answer = await post(endpoint, INITIALIZE, { key });
  expect(answer.status).toBe(200);
  expect(answer.messages[0]!.result!.serverInfo).toEqual({ name: "ccproxy", version: "0.1.0" });
  await post(endpoint, { jsonrpc: "2.0", method: "notifications/initialized" }, { session: answer.session!, key });
  return answer.session!;
}

const toolNames = (answer: Answer): string[] => ((answer.messages[0]!.result!.tools ?? []) as Array<{ name: string }>).map((tool) => tool.name);

describe("streamable HTTP endpoint", () => {
  let hub: McpHub;
  let store: Store;
  let endpoint: McpEndpoint;

  beforeAll(async () => {
    hub = new McpHub([stdioServer("local")], silentLogger);
    store = openStore({ dataDir: ":memory:" });
    endpoint = new McpEndpoint({ hub, logger: silentLogger, store });
    await hub.start();
  });

  afterAll(async () => {
    await endpoint.close();
    await hub.stop();
    await store.close();
  });

  test("malformed JSON is -32700, a non-JSON-RPC body -32600, and the endpoint keeps serving", async () => {
    const broken = await post(endpoint, null, { raw: "{oops" });
    expect(broken.status).toBe(400);
    expect(broken.messages[0]!.error!.code).toBe(-32700);
    const notRpc = await post(endpoint, { hello: "world" });
    expect(notRpc.status).toBe(400);
    expect(notRpc.messages[0]!.error!.code).toBe(-32600);
    const session = await initialize(endpoint);
    const inSession = await post(endpoint, null, { session, raw: "[1,2" });
    expect(inSession.messages[0]!.error!.code).toBe(-32700);
    expect((await post(endpoint, { jsonrpc: "2.0", id: 5, method: "ping" }, { session })).messages).toEqual([{ jsonrpc: "2.0", id: 5, result: {} }] as never);
  });

  test("without a session only initialize is accepted; unknown sessions are 404", async () => {
    const noSession = await post(endpoint, { jsonrpc: "2.0", id: 9, method: "tools/list" });
    expect(noSession.status).toBe(400);
    expect(noSession.messages[0]).toMatchObject({ id: 9, error: { code: -32600 } });
    const unknown = await post(endpoint, { jsonrpc: "2.0", id: 1, method: "tools/list" }, { session: "no-such-session" });
    expect(unknown.status).toBe(404);
    expect(unknown.messages[0]!.error!.code).toBe(-32001);
    const get = await answerOf(await endpoint.handleStreamable(new Request(URL_BASE, { headers: { accept: "text/event-stream" } }), undefined));
    expect(get.status).toBe(400);
  });

  test("unknown methods and unknown tools are JSON-RPC errors inside the session", async () => {
    const session = await initialize(endpoint);
    const method = await post(endpoint, { jsonrpc: "2.0", id: 2, method: "no/such/method" }, { session });
    expect(method.messages[0]).toMatchObject({ id: 2, error: { code: -32601 } });
    const tool = await post(endpoint, { jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "nope", arguments: {} } }, { session });
    expect(tool.messages[0]).toMatchObject({ id: 3, error: { code: -32602, message: "Unknown tool: 'nope'" } });
    expect(toolNames(await post(endpoint, { jsonrpc: "2.0", id: 4, method: "tools/list" }, { session }))).toContain("echo");
  });

  test("a session belongs to the key that opened it", async () => {
    const session = await initialize(endpoint, "alice");
    expect((await post(endpoint, { jsonrpc: "2.0", id: 1, method: "tools/list" }, { session, key: "alice" })).status).toBe(200);
    expect((await post(endpoint, { jsonrpc: "2.0", id: 1, method: "tools/list" }, { session, key: "bob" })).status).toBe(404);
    expect((await post(endpoint, { jsonrpc: "2.0", id: 1, method: "tools/list" }, { session })).status).toBe(404);
  });

  test("DELETE ends the session and forgets it in the store", async () => {
    const session = await initialize(endpoint);
    const before = endpoint.sessionCounts()["streamable-http"];
    const deleted = await endpoint.handleStreamable(new Request(URL_BASE, { method: "DELETE", headers: { "mcp-session-id": session } }), undefined);
    expect(deleted.status).toBe(200);
    expect(endpoint.sessionCounts()["streamable-http"]).toBe(before - 1);
    expect((await post(endpoint, { jsonrpc: "2.0", id: 1, method: "ping" }, { session })).status).toBe(404);
    const later = new McpEndpoint({ hub, logger: silentLogger, store });
    expect((await post(later, { jsonrpc: "2.0", id: 1, method: "ping" }, { session })).status).toBe(404);
    await later.close();
  });
});

describe("sessions across a restart", () => {
  test("a streamable session resumes from the store after the endpoint restarts, for its own key only", async () => {
    const store = openStore({ dataDir: ":memory:" });
    const hub = new McpHub([stdioServer("local")], silentLogger);
    const first = new McpEndpoint({ hub, logger: silentLogger, store });
    const session = await initialize(first, "alice");
    await first.close();
    const second = new McpEndpoint({ hub, logger: silentLogger, store });
    expect((await post(second, { jsonrpc: "2.0", id: 1, method: "tools/list" }, { session, key: "bob" })).status).toBe(404);
    const resumed = await post(second, { jsonrpc: "2.0", id: 1, method: "tools/list" }, { session, key: "alice" });
    expect(resumed.status).toBe(200);
    expect(toolNames(resumed)).toContain("echo");
    expect(second.sessionCounts()["streamable-http"]).toBe(1);
    await second.close();
    await hub.stop();
    await store.close();
  });

  test("without a store, or after the idle timeout, a session does not come back", async () => {
    const hub = new McpHub([], silentLogger);
    const memoryOnly = new McpEndpoint({ hub, logger: silentLogger });
    const session = await initialize(memoryOnly);
    await memoryOnly.close();
    const next = new McpEndpoint({ hub, logger: silentLogger });
    expect((await post(next, { jsonrpc: "2.0", id: 1, method: "ping" }, { session })).status).toBe(404);
    await next.close();

    const store = openStore({ dataDir: ":memory:" });
    const short = new McpEndpoint({ hub, logger: silentLogger, store, idleTimeoutMs: 60 });
    const idle = await initialize(short);
    await waitFor("the idle session to expire", () => short.sessionCounts()["streamable-http"] === 0, 3_000);
    expect((await post(short, { jsonrpc: "2.0", id: 1, method: "ping" }, { session: idle })).status).toBe(404);
    await short.close();
    await store.close();
  });
});

describe("legacy SSE endpoint", () => {
  let hub: McpHub;
  let endpoint: McpEndpoint;

  beforeAll(async () => {
    hub = new McpHub([stdioServer("local")], silentLogger);
    endpoint = new McpEndpoint({ hub, logger: silentLogger });
    await hub.start();
  });

  afterAll(async () => {
    await endpoint.close();
    await hub.stop();
  });

  async function open(key?: string) {
    const response = await endpoint.openSse(key);
    const reader = response.body!.getReader();
    let buffer = "";
    const next = async (): Promise<{ event: string; data: string }> => {
      for (;;) {
        const end = buffer.indexOf("\n\n");
        if (end >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (frame.startsWith(":")) continue;
          const event = /^event: (.*)$/m.exec(frame)?.[1] ?? "message";
          const data = /^data: (.*)$/m.exec(frame)?.[1] ?? "";
          return { event, data };
        }
        const chunk = await reader.read();
        if (chunk.done) throw new Error("stream ended");
        buffer += new TextDecoder().decode(chunk.value);
      }
    };
    const endpointEvent = await next();
    expect(endpointEvent.event).toBe("endpoint");
    const sessionId = new URL(endpointEvent.data, "http://localhost").searchParams.get("sessionId")!;
    const send = (body: string, sessionKey = key, id = sessionId) =>
      endpoint.postSseMessage(new Request(`http://localhost/message?sessionId=${id}`, { method: "POST", headers: { "content-type": "application/json" }, body }), id, sessionKey);
    return { sessionId, endpointEvent, next, send, reader };
  }

  test("GET announces /message?sessionId=; POSTs answer 202 and the answer comes on the stream", async () => {
    const session = await open();
    expect(session.endpointEvent.data).toBe(`/message?sessionId=${session.sessionId}`);
    expect((await session.send(JSON.stringify(INITIALIZE))).status).toBe(202);
    const initialized = JSON.parse((await session.next()).data);
    expect(initialized.result.capabilities.tools).toEqual({ listChanged: true });
    await session.send(JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }));
    expect((await session.send(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }))).status).toBe(202);
    expect(JSON.parse((await session.next()).data)).toEqual({ jsonrpc: "2.0", id: 1, result: {} });
    await session.reader.cancel();
  });

  test("bad POSTs get JSON-RPC errors and the session keeps working", async () => {
    const session = await open("alice");
    const broken = await session.send("{oops");
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { error: { code: number } }).error.code).toBe(-32700);
    expect(((await (await session.send('{"id":1}')).json()) as { error: { code: number } }).error.code).toBe(-32600);
    expect((await session.send("{}", "alice", "unknown-session")).status).toBe(404);
    expect((await session.send(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }), "bob")).status).toBe(404);
    const missing = await endpoint.postSseMessage(new Request("http://localhost/message", { method: "POST", body: "{}" }), undefined, "alice");
    expect(missing.status).toBe(400);
    await session.send(JSON.stringify(INITIALIZE));
    await session.next();
    await session.send(JSON.stringify({ jsonrpc: "2.0", id: 2, method: "no/such" }));
    expect(JSON.parse((await session.next()).data)).toMatchObject({ id: 2, error: { code: -32601 } });
    await session.reader.cancel();
  });

  test("list changes are pushed on the stream; a client that disconnects releases its session", async () => {
    const session = await open();
    await session.send(JSON.stringify(INITIALIZE));
    await session.next();
    expect(endpoint.sessionCounts().sse).toBeGreaterThanOrEqual(1);
    await session.send(JSON.stringify({ jsonrpc: "2.0", id: 7, method: "tools/call", params: { name: "toggle", arguments: {} } }));
    const seen: string[] = [];
    await waitFor("a list_changed notification", async () => {
      const frame = JSON.parse((await session.next()).data) as { method?: string };
      if (frame.method) seen.push(frame.method);
      return seen.includes("notifications/tools/list_changed");
    });
    const before = endpoint.sessionCounts().sse;
    await session.reader.cancel();
    await waitFor("the session to be released", () => endpoint.sessionCounts().sse === before - 1);
    expect((await session.send(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }))).status).toBe(404);
  });
});
