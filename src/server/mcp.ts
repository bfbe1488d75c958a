// In charge of the MCP routes: /sse + /message (legacy HTTP+SSE), /mcp/http (streamable HTTP), and GET /admin/mcp.
import { Elysia, t } from "elysia";
import type { Runtime } from "../config/runtime.ts";
import { isLoopbackHost } from "../config/validate.ts";
import { McpEndpoint } from "../mcp/endpoint.ts";
import type { McpHub } from "../mcp/hub.ts";
import { JsonRpcError, jsonRpcErrorResponse } from "../mcp/jsonrpc.ts";
import type { Store } from "../store/types.ts";
import { ErrorCode } from "@modelcontextprotocol/sdk/types.js";
import { checkAdmin } from "./admin.ts";
import type { Logger } from "./logger.ts";
import { requestState, tagRequestId } from "./request-state.ts";

export interface McpRouteDeps {
  hub: McpHub;
  runtime: Runtime;
  logger: Logger;
  /** Keeps streamable-HTTP sessions across restarts; without it they live in memory only. */
  store?: Store;
  /** Idle session lifetime (default 30 minutes). */
  idleTimeoutMs?: number;
}

/** OpenAPI description of a JSON-RPC body (the routes read bodies themselves, to answer JSON-RPC errors). */
const JsonRpcMessage = t.Object(
  { jsonrpc: t.Literal("2.0"), id: t.Optional(t.Union([t.String(), t.Number()])), method: t.Optional(t.String()), params: t.Optional(t.Unknown()), result: t.Optional(t.Unknown()), error: t.Optional(t.Unknown()) },
  { additionalProperties: true, description: "A JSON-RPC 2.0 message (or an array of them)" },
);
const jsonRpcBody = { content: { "application/json": { schema: JsonRpcMessage } } };
const security = [{ bearer: [] }];

/** The access key's name the global auth hook found (undefined on an open proxy): sessions are bound to it. */
const keyNameOf = (request: Request): string | undefined => requestState(request).keyName;

/** When an outer parse hook already consumed the body, its parsed value stands in for the stream. */
const preParsed = (request: Request, body: unknown): { value: unknown } | undefined => (request.bodyUsed ? { value: body } : undefined);

/** Elysia's validation message is a JSON document; its one-line summary is what a client needs. */
function validationSummary(raw: string): string {
  try {
    const parsed = JSON.parse(raw) as { summary?: string; message?: string };
    return parsed.summary ?? parsed.message ?? raw;
  } catch {
    return raw;
  }
}

/**
 * DNS-rebinding guard (MCP spec, transports "Security Warning": validate Origin). On an open proxy
 * (no [[keys]]) a web page must not drive local tools: a browser's Origin must be a loopback one.
 * With keys the key is the guard, and browser clients from other origins stay possible.
 */
function refusedOrigin(runtime: Runtime, headers: Headers): Response | undefined {
  if (runtime.snapshot.keys.size > 0) return undefined;
  const origin = headers.get("origin");
  if (origin === null) return undefined;
  let hostname = "";
  try {
    hostname = new URL(origin).hostname;
  } catch {
    // "null" and other opaque origins are refused like foreign ones
  }
  if (isLoopbackHost(hostname)) return undefined;
  // -32000, as the SDK's own transports answer their 403s.
  return jsonRpcErrorResponse(403, -32000, `Forbidden: origin ${origin} may not use the MCP endpoint of an open proxy (configure [[keys]] to allow it)`);
}

const methodNotAllowed = (): Response => jsonRpcErrorResponse(405, ErrorCode.InvalidRequest, "Method not allowed: use POST, GET or DELETE", null, { allow: "GET, POST, DELETE" });

/**
 * Client auth is the app's global onRequest hook (access keys on every non-open path). Mount this
 * plugin before the app's onParse hook: these routes read raw bodies so that malformed JSON gets a
 * JSON-RPC error, and DELETE has no body at all.
 */
export function mcpRoutes(deps: McpRouteDeps) {
  const endpoint = new McpEndpoint({ hub: deps.hub, logger: deps.logger, store: deps.store, idleTimeoutMs: deps.idleTimeoutMs });
  const detail = (summary: string, extra: Record<string, unknown> = {}) => ({ tags: ["MCP"], summary, security, ...extra });
  const sessionHeader = t.Object({ "mcp-session-id": t.Optional(t.String({ description: "Session id from the initialize answer" })) }, { additionalProperties: true });
  const streamable = ({ request, body }: { request: Request; body: unknown }) => endpoint.handleStreamable(request, keyNameOf(request), preParsed(request, body));
  return (
    new Elysia({ name: "ccproxy-mcp" })
      // Anything thrown past the endpoint is still answered in JSON-RPC, and the server keeps serving.
      .onError({ as: "local" }, ({ error, code }) => {
        if (code === "NOT_FOUND") return;
        if (code === "VALIDATION") return jsonRpcErrorResponse(400, ErrorCode.InvalidRequest, `Invalid Request: ${validationSummary(error.message)}`);
        if (code === "PARSE") return jsonRpcErrorResponse(400, ErrorCode.ParseError, "Parse error: invalid JSON");
        const message = error instanceof Error ? error.message : String(error);
        deps.logger.error("mcp route error", { error: message });
        return error instanceof JsonRpcError ? jsonRpcErrorResponse(500, error.code, error.message) : jsonRpcErrorResponse(500, ErrorCode.InternalError, `Internal error: ${message}`);
      })
      .onBeforeHandle({ as: "local" }, ({ request }) => refusedOrigin(deps.runtime, request.headers))
      .onAfterHandle({ as: "local" }, tagRequestId)
      .get("/sse", ({ request }) => endpoint.openSse(keyNameOf(request), new URL(request.url).searchParams.get("key") ?? undefined), {
        detail: detail("Legacy MCP HTTP+SSE transport: opens the event stream; the first event, `endpoint`, names the URL to POST messages to"),
      })
      .post("/message", ({ request, body, query }) => endpoint.postSseMessage(request, query.sessionId, keyNameOf(request), preParsed(request, body)), {
        parse: "none",
        // Other query parameters are tolerated: a client may authenticate with ?key=.
        query: t.Object({ sessionId: t.Optional(t.String({ description: "From the `endpoint` event of GET /sse" })) }, { additionalProperties: true }),
        detail: detail("Legacy MCP HTTP+SSE transport: one client message; 202, the answer arrives on the session's stream", { requestBody: jsonRpcBody }),
      })
      .post("/mcp/http", streamable, {
        parse: "none",
        headers: sessionHeader,
        detail: detail("Streamable HTTP MCP transport: JSON-RPC messages; initialize (without Mcp-Session-Id) opens a session", { requestBody: jsonRpcBody }),
      })
      .get("/mcp/http", streamable, { headers: sessionHeader, detail: detail("Streamable HTTP MCP transport: the session's stream of server notifications") })
      .delete("/mcp/http", streamable, { parse: "none", headers: sessionHeader, detail: detail("Streamable HTTP MCP transport: ends the session") })
      // Spec: other methods are 405 with the allowed ones listed.
      .route("PUT", "/mcp/http", methodNotAllowed, { parse: "none", detail: { hide: true } })
      .route("PATCH", "/mcp/http", methodNotAllowed, { parse: "none", detail: { hide: true } })
  );
}

const ToolStatus = t.Object({ name: t.String({ description: "Name clients see (prefixed `<server>__` on a clash)" }), original: t.String() });
const ServerStatus = t.Object({
  name: t.String(),
  transport: t.Union([t.Literal("stdio"), t.Literal("streamable-http"), t.Literal("sse")]),
  target: t.String({ description: "Command line or URL" }),
  state: t.Union([t.Literal("idle"), t.Literal("connecting"), t.Literal("ready"), t.Literal("down"), t.Literal("stopped")]),
  pid: t.Optional(t.Number()),
  restarts: t.Number(),
  lastError: t.Optional(t.String()),
  connectedAt: t.Optional(t.String()),
  nextRetryAt: t.Optional(t.String()),
  tools: t.Array(ToolStatus),
  prompts: t.Array(t.String()),
  resources: t.Number(),
  resourceTemplates: t.Number(),
});

/** GET /admin/mcp: the configured MCP servers, their state and tools. Admin key required like every /admin route. */
export function mcpAdminRoutes(deps: { hub: McpHub; runtime: Runtime }) {
  return new Elysia({ name: "ccproxy-mcp-admin" }).get(
    "/admin/mcp",
    ({ request }) => {
      checkAdmin(deps.runtime, request.headers);
      return { servers: deps.hub.status(), sessions: deps.hub.sessions() };
    },
    { response: { 200: t.Object({ servers: t.Array(ServerStatus), sessions: t.Object({ "streamable-http": t.Number(), sse: t.Number() }, { description: "Open client sessions by transport" }) }) }, detail: { tags: ["Admin"], summary: "MCP servers: state, restarts, tools", security: [{ adminBearer: [] }] } },
  );
}
