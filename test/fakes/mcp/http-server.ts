// In charge of the fake HTTP MCP server for tests: streamable HTTP at /mcp, or legacy HTTP+SSE at /sse + /messages.
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { isInitializeRequest, JSONRPCMessageSchema } from "@modelcontextprotocol/sdk/types.js";
import { headerRecord } from "../../../src/mcp/jsonrpc.ts";
import { SseServerTransport } from "../../../src/mcp/sse-transport.ts";
import { buildFakeServer } from "./tools.ts";

export type FakeHttpMode = "streamable" | "sse";

export interface FakeHttpMcp {
  /** The URL to configure in [[mcp_servers]]. */
  url: string;
  port: number;
  /** Method and path of every request received. */
  requests: string[];
  close(): Promise<void>;
}

function headerOf(name: string, headers: Record<string, string | string[] | undefined> | undefined): string {
  const value = headers?.[name];
  return Array.isArray(value) ? value.join(",") : (value ?? "");
}

export function startFakeHttpMcp(options: { mode?: FakeHttpMode; port?: number } = {}): FakeHttpMcp {
  const mode = options.mode ?? "streamable";
  const streamable = new Map<string, WebStandardStreamableHTTPServerTransport>();
  const legacy = new Map<string, SseServerTransport>();
  const requests: string[] = [];

  async function handleStreamable(request: Request): Promise<Response> {
    const sessionId = request.headers.get("mcp-session-id");
    const existing = sessionId ? streamable.get(sessionId) : undefined;
    if (existing) return existing.handleRequest(request);
    if (sessionId) return Response.json({ jsonrpc: "2.0", id: null, error: { code: -32001, message: "Session not found" } }, { status: 404 });
    if (request.method !== "POST") return new Response("no session", { status: 400 });
    const body: unknown = await request.json();
    if (!isInitializeRequest(body)) return new Response("initialize first", { status: 400 });
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: () => crypto.randomUUID(),
      onsessioninitialized: (id) => void streamable.set(id, transport),
      onsessionclosed: (id) => void streamable.delete(id),
    });
    await buildFakeServer({ flavor: "http", headerOf }).connect(transport);
    return transport.handleRequest(request, { parsedBody: body });
  }

  async function handleLegacy(request: Request, url: URL): Promise<Response> {
    if (request.method === "GET" && url.pathname === "/sse") {
      const id = crypto.randomUUID();
      const transport = new SseServerTransport(id, `/messages?sessionId=${id}`);
      transport.onclose = () => void legacy.delete(id);
      legacy.set(id, transport);
      await buildFakeServer({ flavor: "http", headerOf }).connect(transport);
      return transport.response;
    }
    if (request.method === "POST" && url.pathname === "/messages") {
      const transport = legacy.get(url.searchParams.get("sessionId") ?? "");
      if (!transport) return new Response("unknown session", { status: 404 });
      const message = JSONRPCMessageSchema.parse(await request.json());
      transport.receive(message, { requestInfo: { headers: headerRecord(request.headers), url } });
      return new Response("Accepted", { status: 202 });
    }
    // A legacy server knows nothing of streamable HTTP: the client's POST to /sse fails with 4xx and it falls back.
    return new Response("not found", { status: 404 });
  }

  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: options.port ?? 0,
    idleTimeout: 0,
    fetch(request) {
      const url = new URL(request.url);
      requests.push(`${request.method} ${url.pathname}`);
      if (mode === "sse") return handleLegacy(request, url);
      if (url.pathname !== "/mcp") return new Response("not found", { status: 404 });
      return handleStreamable(request);
    },
  });
  const port = server.port ?? 0;
  return {
    url: `http://127.0.0.1:${port}/${mode === "sse" ? "sse" : "mcp"}`,
    port,
    requests,
    async close() {
      for (const transport of [...streamable.values(), ...legacy.values()]) await transport.close().catch(() => {});
      await server.stop(true);
    },
  };
}
