// In charge of the one MCP endpoint clients see: sessions over streamable HTTP and legacy SSE, each with its own Server backed by the hub.
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { ErrorCode, isInitializeRequest, isJSONRPCRequest, type InitializeRequest, type JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import type { Logger } from "../server/logger.ts";
import type { Store } from "../store/types.ts";
import type { McpHub, McpSessionCounts } from "./hub.ts";
import { headerRecord, jsonRpcErrorResponse, parseMessages, readJsonBody } from "./jsonrpc.ts";
import { createSessionServer } from "./session-server.ts";
import { SessionRecords, type SessionRecord } from "./session-store.ts";
import { SseServerTransport } from "./sse-transport.ts";

export interface McpEndpointOptions {
  hub: McpHub;
  logger: Logger;
  /** Persists streamable-HTTP sessions across restarts when given. */
  store?: Store;
  /** A session with no request and no open stream for this long is closed. */
  idleTimeoutMs?: number;
  keepAliveMs?: number;
  /** Where legacy SSE clients POST (announced in the `endpoint` event). */
  messagePath?: string;
}

interface SessionBase {
  id: string;
  server: Server;
  keyName?: string;
  lastSeenAt: number;
  /** Open response streams; a session with one open is never idle. */
  openStreams: number;
  subscriptions: Set<string>;
}

type StreamableSession = SessionBase & { kind: "streamable-http"; transport: WebStandardStreamableHTTPServerTransport };
type SseSession = SessionBase & { kind: "sse"; transport: SseServerTransport };
type Session = StreamableSession | SseSession;

/** The body of the initialize request a stored session is rebuilt with. */
function initializeMessage(record: SessionRecord): InitializeRequest & { jsonrpc: "2.0"; id: string } {
  return { jsonrpc: "2.0", id: "ccproxy-restore", method: "initialize", params: { protocolVersion: record.protocolVersion, capabilities: record.capabilities, clientInfo: record.clientInfo } };
}

const SESSION_NOT_FOUND = (): Response => jsonRpcErrorResponse(404, -32001, "Session not found: initialize a new session");

export class McpEndpoint {
  private readonly sessions = new Map<string, Session>();
  private readonly restoring = new Map<string, Promise<StreamableSession | undefined>>();
  private readonly records?: SessionRecords;
  private readonly idleTimeoutMs: number;
  private readonly sweeper: ReturnType<typeof setInterval>;
  private readonly unsubscribe: () => void;
  private shuttingDown = false;

  constructor(private readonly options: McpEndpointOptions) {
    this.idleTimeoutMs = options.idleTimeoutMs ?? 30 * 60_000;
    if (options.store) this.records = new SessionRecords(options.store, options.logger);
    this.sweeper = setInterval(() => void this.sweep(), Math.min(60_000, Math.max(50, this.idleTimeoutMs / 2)));
    this.sweeper.unref?.();
    this.unsubscribe = options.hub.subscribe({
      listChanged: (kinds) => {
        for (const session of this.sessions.values()) {
          if (kinds.includes("tools")) session.server.sendToolListChanged().catch(() => {});
          if (kinds.includes("prompts")) session.server.sendPromptListChanged().catch(() => {});
          if (kinds.includes("resources")) session.server.sendResourceListChanged().catch(() => {});
        }
      },
      resourceUpdated: (uri) => {
        for (const session of this.sessions.values()) if (session.subscriptions.has(uri)) session.server.sendResourceUpdated({ uri }).catch(() => {});
      },
      stopped: () => this.close(),
    });
    options.hub.countSessionsWith(() => this.sessionCounts());
  }

  sessionCounts(): McpSessionCounts {
    const counts: McpSessionCounts = { "streamable-http": 0, sse: 0 };
    for (const session of this.sessions.values()) counts[session.kind]++;
    return counts;
  }

  /** POST, GET and DELETE of the streamable HTTP transport (spec 2025-03-26 "Streamable HTTP"). */
  async handleStreamable(request: Request, keyName: string | undefined, preParsed?: { value: unknown }): Promise<Response> {
    const sessionId = request.headers.get("mcp-session-id");
    if (request.method !== "POST") {
      if (!sessionId) return jsonRpcErrorResponse(400, ErrorCode.InvalidRequest, "Bad Request: Mcp-Session-Id header is required");
      const session = await this.findStreamable(sessionId, keyName);
      if (!session) return SESSION_NOT_FOUND();
      session.lastSeenAt = Date.now();
      return this.tracked(session, await session.transport.handleRequest(request));
    }
    const body = await readJsonBody(request, preParsed);
    if (!body.ok) return body.response;
    const parsed = parseMessages(body.value);
    if (!parsed.ok) return parsed.response;
    if (!sessionId) {
      const initialize = parsed.messages.find((message): message is JSONRPCMessage & InitializeRequest => isInitializeRequest(message));
      if (!initialize) return jsonRpcErrorResponse(400, ErrorCode.InvalidRequest, "Bad Request: no Mcp-Session-Id header; a session starts with initialize", this.firstRequestId(parsed.messages));
      const { session, transport } = await this.openStreamable(crypto.randomUUID(), keyName, initialize);
      return this.tracked(session, await transport.handleRequest(request, { parsedBody: body.value }));
    }
    const session = await this.findStreamable(sessionId, keyName);
    if (!session) return SESSION_NOT_FOUND();
    session.lastSeenAt = Date.now();
    return this.tracked(session, await session.transport.handleRequest(request, { parsedBody: body.value }));
  }

  /**
   * GET /sse of the legacy transport: a new session whose life is the stream's. `queryKey` is the
   * access key when the client gave it as ?key= (clients configured by URL alone): the announced
   * POST URL carries it too, or the client's POSTs would be refused.
   */
  async openSse(keyName: string | undefined, queryKey?: string): Promise<Response> {
    const id = crypto.randomUUID();
    const carried = queryKey ? `&key=${encodeURIComponent(queryKey)}` : "";
    const transport = new SseServerTransport(id, `${this.options.messagePath ?? "/message"}?sessionId=${id}${carried}`, this.options.keepAliveMs);
    const session = this.register(id, keyName, (base): SseSession => ({ ...base, kind: "sse", transport }));
    this.sessions.set(id, session);
    await session.server.connect(transport);
    session.openStreams = 1;
    this.options.logger.debug("mcp session opened", { session: id, transport: "sse" });
    return transport.response;
  }

  /** POST /message?sessionId= of the legacy transport: 202, the answer goes out on the session's stream. */
  async postSseMessage(request: Request, sessionId: string | undefined, keyName: string | undefined, preParsed?: { value: unknown }): Promise<Response> {
    if (!sessionId) return jsonRpcErrorResponse(400, ErrorCode.InvalidRequest, "Bad Request: the sessionId query parameter is required");
    const session = this.sessions.get(sessionId);
    if (!session || session.kind !== "sse" || session.keyName !== keyName) return SESSION_NOT_FOUND();
    const body = await readJsonBody(request, preParsed);
    if (!body.ok) return body.response;
    const parsed = parseMessages(body.value);
    if (!parsed.ok) return parsed.response;
    session.lastSeenAt = Date.now();
    const requestInfo = { headers: headerRecord(request.headers), url: new URL(request.url) };
    for (const message of parsed.messages) session.transport.receive(message, { requestInfo });
    return new Response("Accepted", { status: 202 });
  }

  /** Closes every session; streamable ones stay in the store so their clients can resume after a restart. */
  async close(): Promise<void> {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    clearInterval(this.sweeper);
    this.unsubscribe();
    await this.persistActivity();
    await Promise.all([...this.sessions.values()].map((session) => session.transport.close().catch(() => {})));
  }

  private firstRequestId(messages: JSONRPCMessage[]): string | number | null {
    const request = messages.find(isJSONRPCRequest);
    return request ? request.id : null;
  }

  /** A session's own Server, wired to the hub; `kind` and `transport` complete it. */
  private register<T extends Session>(id: string, keyName: string | undefined, complete: (base: SessionBase) => T): T {
    const context = { id, subscriptions: new Set<string>() };
    const server = createSessionServer(this.options.hub, context);
    const session = complete({ id, server, keyName, lastSeenAt: Date.now(), openStreams: 0, subscriptions: context.subscriptions });
    server.onclose = () => void this.release(session);
    server.onerror = (error) => this.options.logger.debug("mcp session transport error", { session: id, error: error.message });
    return session;
  }

  private async openStreamable(id: string, keyName: string | undefined, initialize: InitializeRequest): Promise<{ session: StreamableSession; transport: WebStandardStreamableHTTPServerTransport }> {
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: () => id,
      onsessioninitialized: async () => {
        this.sessions.set(id, session);
        const now = Date.now();
        const { protocolVersion, capabilities, clientInfo } = initialize.params;
        await this.records?.put({ id, keyName, protocolVersion, capabilities, clientInfo, createdAt: now, lastSeenAt: now });
        this.options.logger.debug("mcp session opened", { session: id, transport: "streamable-http", client: clientInfo.name });
      },
      keepAliveMs: this.options.keepAliveMs,
    });
    const session = this.register(id, keyName, (base): StreamableSession => ({ ...base, kind: "streamable-http", transport }));
    await session.server.connect(transport);
    return { session, transport };
  }

  private async findStreamable(id: string, keyName: string | undefined): Promise<StreamableSession | undefined> {
    const live = this.sessions.get(id);
    // Another key's session answers exactly like an unknown one: sessions are not shared across keys.
    if (live) return live.kind === "streamable-http" && live.keyName === keyName ? live : undefined;
    if (!this.records || this.shuttingDown) return undefined;
    let pending = this.restoring.get(id);
    if (!pending) {
      pending = this.restore(id, keyName).finally(() => this.restoring.delete(id));
      this.restoring.set(id, pending);
    }
    const restored = await pending;
    return restored?.keyName === keyName ? restored : undefined;
  }

  /** Rebuilds a stored session by replaying its initialize handshake into a fresh Server. */
  private async restore(id: string, keyName: string | undefined): Promise<StreamableSession | undefined> {
    const record = await this.records?.get(id);
    if (!record || record.keyName !== keyName || record.lastSeenAt < Date.now() - this.idleTimeoutMs) return undefined;
    const message = initializeMessage(record);
    const { session, transport } = await this.openStreamable(id, keyName, message);
    const headers = { accept: "application/json, text/event-stream", "content-type": "application/json" };
    const url = "http://ccproxy.internal/mcp/http";
    await (await transport.handleRequest(new Request(url, { method: "POST", headers }), { parsedBody: message })).text();
    await transport.handleRequest(new Request(url, { method: "POST", headers: { ...headers, "mcp-session-id": id } }), { parsedBody: { jsonrpc: "2.0", method: "notifications/initialized" } });
    this.options.logger.info("mcp session resumed", { session: id });
    return session;
  }

  /** Counts an open SSE answer stream, so a client listening for notifications is never idle. */
  private tracked(session: Session, response: Response): Response {
    if (!response.body || !response.headers.get("content-type")?.includes("text/event-stream")) return response;
    const reader = response.body.getReader();
    session.openStreams++;
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      session.openStreams--;
      session.lastSeenAt = Date.now();
    };
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const chunk = await reader.read().catch(() => ({ done: true as const, value: undefined }));
        if (chunk.done) {
          finish();
          controller.close();
        } else controller.enqueue(chunk.value);
      },
      async cancel(reason) {
        finish();
        await reader.cancel(reason);
      },
    });
    return new Response(body, { status: response.status, headers: response.headers });
  }

  private async release(session: Session): Promise<void> {
    if (this.sessions.get(session.id) !== session) return;
    this.sessions.delete(session.id);
    await this.options.hub.dropSubscriber(session.id).catch(() => {});
    // A shutdown keeps the record (the client may resume); a DELETE, a dropped SSE stream or idleness ends it.
    if (!this.shuttingDown) await this.records?.delete(session.id);
    this.options.logger.debug("mcp session closed", { session: session.id, transport: session.kind });
  }

  private async sweep(): Promise<void> {
    const cutoff = Date.now() - this.idleTimeoutMs;
    for (const session of this.sessions.values()) {
      if (session.openStreams === 0 && session.lastSeenAt < cutoff) {
        this.options.logger.info("mcp session expired", { session: session.id, idleMs: this.idleTimeoutMs });
        await session.transport.close().catch(() => {});
      }
    }
    await this.persistActivity();
  }

  private async persistActivity(): Promise<void> {
    if (!this.records) return;
    const lastSeen = new Map<string, number>();
    for (const session of this.sessions.values()) if (session.kind === "streamable-http") lastSeen.set(session.id, session.lastSeenAt);
    await this.records.refresh(lastSeen, Date.now() - this.idleTimeoutMs);
  }
}
