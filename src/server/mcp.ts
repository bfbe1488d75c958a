// In charge of the MCP routes: /sse + /message (legacy HTTP+SSE), /mcp/http (streamable HTTP), and GET /admin/mcp.
import { Elysia, t } from "elysia";
import type { Runtime } from "../config/runtime.ts";
import { McpEndpoint } from "../mcp/endpoint.ts";
import type { McpHub } from "../mcp/hub.ts";
import { JsonRpcError, jsonRpcErrorResponse } from "../mcp/jsonrpc.ts";
import type { Store } from "../store/types.ts";
import { ErrorCode } from "@modelcontextprotocol/sdk/types.js";
import { checkAdmin } from "./admin.ts";
import type { Logger } from "./logger.ts";
import { requestState } from "./request-state.ts";

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
        const message = error instanceof Error ? error.message : String(error);
        deps.logger.error("mcp route error", { error: message });
        return error instanceof JsonRpcError ? jsonRpcErrorResponse(500, error.code, error.message) : jsonRpcErrorResponse(500, ErrorCode.InternalError, `Internal error: ${message}`);
      })
      .get("/sse", ({ request }) => endpoint.openSse(keyNameOf(request)), {
        detail: detail("Legacy MCP HTTP+SSE transport: opens the event stream; the first event, `endpoint`, names the URL to POST messages to"),
      })
      .post("/message", ({ request, body, query }) => endpoint.postSseMessage(request, query.sessionId, keyNameOf(request), preParsed(request, body)), {
        parse: "none",
        query: t.Object({ sessionId: t.Optional(t.String({ description: "From the `endpoint` event of GET /sse" })) }),
        detail: detail("Legacy MCP HTTP+SSE transport: one client message; 202, the answer arrives on the session's stream", { requestBody: jsonRpcBody }),
      })
      .post("/mcp/http", streamable, {
        parse: "none",
        headers: sessionHeader,
        detail: detail("Streamable HTTP MCP transport: JSON-RPC messages; initialize (without Mcp-Session-Id) opens a session", { requestBody: jsonRpcBody }),
      })
      .get("/mcp/http", streamable, { headers: sessionHeader, detail: detail("Streamable HTTP MCP transport: the session's stream of server notifications") })
      .delete("/mcp/http", streamable, { parse: "none", headers: sessionHeader, detail: detail("Streamable HTTP MCP transport: ends the session") })
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
      return { servers: deps.hub.status() };
    },
    { response: { 200: t.Object({ servers: t.Array(ServerStatus) }) }, detail: { tags: ["Admin"], summary: "MCP servers: state, restarts, tools", security: [{ adminBearer: [] }] } },
  );
}
