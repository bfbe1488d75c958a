// In charge of composing the server plugins into one Elysia app; no listen here (tests call app.handle).
import { Elysia, t } from "elysia";
import type { Runtime } from "./config/runtime.ts";
import type { Config } from "./config/schema.ts";
import { codecs } from "./protocols/registry.ts";
import { RoundRobin } from "./routing/rotation.ts";
import type { Store } from "./store/types.ts";
import { ProxyError } from "./unified/errors.ts";
import { errorResponse, toProxyError } from "./pipeline/errors.ts";
import type { PipelineDeps } from "./pipeline/types.ts";
import { adminRoutes, checkAdmin } from "./server/admin.ts";
import type { mcpAdminRoutes, mcpRoutes } from "./server/mcp.ts";
import { Health } from "./routing/health.ts";
import { ToolModeMemory } from "./routing/tool-mode.ts";
import { Metrics } from "./pipeline/metrics.ts";
import { authenticate } from "./server/auth.ts";
import { scrubSecrets } from "./upstream/secrets.ts";
import { isLoopbackHost } from "./config/validate.ts";
import { docsRoutes } from "./server/docs.ts";
import { uiRoutes } from "./server/ui.ts";
import { indexPage } from "./server/index-page.ts";
import type { Logger } from "./server/logger.ts";
import { protocolOfPath } from "./server/protocol-of-path.ts";
import { beginRequest, requestState, tagRequestId } from "./server/request-state.ts";
import { apiRoutes } from "./server/routes.ts";
import { responsesRoutes } from "./server/responses-routes.ts";
import { extraRoutes } from "./server/extra-routes.ts";

export const VERSION: string = "0.1.0";

export interface AppDeps {
  runtime: Runtime;
  store: Store;
  logger: Logger;
  rotation?: RoundRobin;
  health?: Health;
  toolModes?: ToolModeMemory;
  metrics?: Metrics;
  reloadConfig(): Promise<Config>;
  /**
   * The MCP endpoint's plugins, built by serve.ts only when [[mcp_servers]] exist (the MCP SDK
   * is loaded lazily: it costs memory a proxy without MCP servers should not pay).
   */
  mcp?: { routes: ReturnType<typeof mcpRoutes>; admin: ReturnType<typeof mcpAdminRoutes> };
}

/** Paths that never need a client access key. */
function isOpenPath(path: string): boolean {
  return path === "/" || path === "/healthz" || path === "/metrics" || path === "/favicon.ico" || path.startsWith("/swagger") || path.startsWith("/admin") || path.startsWith("/ui");
}

/** TypeBox validation errors → one line naming the field: "body.messages: Expected array". */
function validationMessage(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  try {
    const parsed = JSON.parse(raw) as { on?: string; property?: string; message?: string; summary?: string };
    const where = parsed.property && parsed.property !== "root" ? `${parsed.on ?? "body"}${parsed.property.replace(/\//g, ".")}` : (parsed.on ?? "body");
    return `invalid request: ${where}: ${parsed.summary ?? parsed.message ?? "does not match the schema"}`;
  } catch {
    return `invalid request: ${raw}`;
  }
}

export function buildApp(deps: AppDeps) {
  const pipeline: PipelineDeps = {
    runtime: deps.runtime,
    store: deps.store,
    logger: deps.logger,
    rotation: deps.rotation ?? new RoundRobin(),
    health: deps.health ?? new Health(),
    toolModes: deps.toolModes ?? new ToolModeMemory(),
    metrics: deps.metrics ?? new Metrics(),
  };
  const { runtime } = deps;
  const openAllowed = isLoopbackHost(runtime.snapshot.config.server.host);

  // normalize: false everywhere: a proxy must never rewrite (coerce, strip, default) what the client sent.
  return new Elysia({ name: "ccproxy", normalize: false })
    .onRequest(({ request }) => {
      const state = beginRequest(request);
      const url = new URL(request.url);
      if (isOpenPath(url.pathname)) return;
      const limit = runtime.snapshot.config.server.body_limit_mb * 1024 * 1024;
      const length = Number(request.headers.get("content-length") ?? "0");
      if (length > limit) throw new ProxyError("request_too_large", `request body of ${length} bytes is over the limit of ${limit} bytes ([server].body_limit_mb)`);
      state.keyName = authenticate(runtime.snapshot.keys, request.headers, url, openAllowed);
    })
    // x-request-id on every answer (see tagRequestId); this hook does not reach the MCP plugin, which adds its own.
    .onAfterHandle(tagRequestId)
    // MCP routes read their own bodies (JSON-RPC errors for malformed JSON; DELETE has none), so they come before onParse.
    .use(deps.mcp ? deps.mcp.routes : new Elysia({ name: "ccproxy-mcp-off" }))
    // These are JSON APIs whatever the content-type says; invalid JSON is the client's 400, in its own shape.
    .onParse(async ({ request }) => {
      if (request.method === "GET" || request.method === "HEAD") return;
      const text = await request.text();
      if (text.trim() === "") {
        // Admin calls such as DELETE or POST /admin/reload carry no body.
        if (new URL(request.url).pathname.startsWith("/admin")) return undefined;
        throw new ProxyError("invalid_request", "empty request body: expected a JSON object");
      }
      try {
        const parsed: unknown = JSON.parse(text);
        requestState(request).rawBody = text;
        return parsed;
      } catch (error) {
        throw new ProxyError("invalid_request", `invalid JSON body: ${error instanceof Error ? error.message : String(error)}`);
      }
    })
    .onError(({ code, error, request, path }) => {
      const protocol = codecs[protocolOfPath(path, request.headers)];
      let proxyError: ProxyError;
      if (error instanceof ProxyError) proxyError = error;
      else if (code === "VALIDATION") proxyError = new ProxyError("invalid_request", validationMessage(error));
      else if (code === "NOT_FOUND") proxyError = new ProxyError("not_found", `no route for ${request.method} ${path}`);
      else if (code === "PARSE") proxyError = new ProxyError("invalid_request", "invalid JSON body");
      else {
        proxyError = toProxyError(error);
        deps.logger.error("unhandled error", { path, error: scrubSecrets(proxyError.message, runtime.snapshot.secrets) });
      }
      const response = path.startsWith("/admin")
        ? Response.json({ error: { type: proxyError.kind, message: proxyError.message } }, { status: proxyError.status })
        : errorResponse(protocol, proxyError, runtime.snapshot.secrets);
      response.headers.set("x-request-id", requestState(request).id);
      return response;
    })
    .get("/healthz", () => ({ status: "ok" as const }), { response: t.Object({ status: t.Literal("ok") }), detail: { tags: ["ccproxy"], summary: "Liveness: ok once the server can serve" } })
    .get("/", ({ request }) => new Response(indexPage(runtime, new URL(request.url).origin, VERSION), { headers: { "content-type": "text/html; charset=utf-8" } }), { detail: { tags: ["ccproxy"], summary: "Index page" } })
    .use(docsRoutes(VERSION))
    .use(uiRoutes())
    .get("/metrics", ({ request }) => {
      if (runtime.snapshot.config.server.admin_key) checkAdmin(runtime, request.headers);
      const now = Date.now();
      return new Response(pipeline.metrics.render(pipeline.health.list(now), now), { headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8" } });
    }, { detail: { tags: ["ccproxy"], summary: "Prometheus metrics (admin key required when one is set)", security: [{ adminBearer: [] }] } })
    .use(adminRoutes({ runtime, store: deps.store, health: pipeline.health, reloadConfig: deps.reloadConfig }))
    .use(deps.mcp ? deps.mcp.admin : new Elysia({ name: "ccproxy-mcp-admin-off" }))
    .use(apiRoutes(pipeline))
    .use(responsesRoutes(pipeline))
    .use(extraRoutes(pipeline));
}

export type App = ReturnType<typeof buildApp>;
