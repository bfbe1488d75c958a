// In charge of the configured upstream MCP servers as one: their merged lists, request routing, change events, status.
import type { ProgressCallback, RequestOptions } from "@modelcontextprotocol/sdk/shared/protocol.js";
import {
  CallToolResultSchema,
  ErrorCode,
  type CallToolRequest,
  type CallToolResult,
  type CompleteRequest,
  type CompleteResult,
  type GetPromptRequest,
  type GetPromptResult,
  type Prompt,
  type ReadResourceResult,
  type Resource,
  type ResourceTemplate,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";
import type { McpServerConfig } from "../config/schema.ts";
import type { Logger } from "../server/logger.ts";
import { aggregate, resolveName, resolveResource, type Aggregate, type Route } from "./aggregate.ts";
import { targetOf, type UpstreamTransportKind } from "./clients.ts";
import { JsonRpcError, RESOURCE_NOT_FOUND } from "./jsonrpc.ts";
import { UpstreamServer, type ListKind, type UpstreamState, type UpstreamTimings } from "./upstream.ts";

export interface McpServerStatus {
  name: string;
  transport: UpstreamTransportKind;
  /** The command line or URL (env and headers are left out: they may hold secrets). */
  target: string;
  state: UpstreamState;
  pid?: number;
  restarts: number;
  lastError?: string;
  connectedAt?: string;
  nextRetryAt?: string;
  /** Exposed name (prefixed on clash) and the server's own name. */
  tools: Array<{ name: string; original: string }>;
  prompts: string[];
  resources: number;
  resourceTemplates: number;
}

/** Client sessions currently open on the MCP endpoint, by transport. */
export interface McpSessionCounts {
  "streamable-http": number;
  sse: number;
}

export interface McpHubOptions extends Partial<UpstreamTimings> {
  /** How long a list request waits for servers still in their first connection attempt. */
  startWaitMs?: number;
}

export interface HubListener {
  listChanged?(kinds: ListKind[]): void;
  resourceUpdated?(uri: string): void;
  /** The hub is stopping; awaited, so sessions can be saved before the store closes. */
  stopped?(): void | Promise<void>;
}

export interface ForwardOptions {
  signal?: AbortSignal;
  /** Set when the client asked for progress (sent a progressToken). */
  onprogress?: ProgressCallback;
}

const DEFAULTS: Required<McpHubOptions> = {
  backoffInitialMs: 1_000,
  backoffMaxMs: 60_000,
  stableMs: 30_000,
  connectTimeoutMs: 60_000,
  healthIntervalMs: 30_000,
  requestTimeoutMs: 600_000,
  startWaitMs: 15_000,
};

const NO_COMPLETIONS: CompleteResult = { completion: { values: [], hasMore: false } };

const ALL_KINDS: ListKind[] = ["tools", "prompts", "resources"];

/** What a list kind's clients see, to notify only when it really changed. */
function fingerprint(merged: Aggregate, kind: ListKind): string {
  switch (kind) {
    case "tools":
      return JSON.stringify(merged.tools);
    case "prompts":
      return JSON.stringify(merged.prompts);
    case "resources":
      return JSON.stringify([merged.resources, merged.resourceTemplates]);
    default: {
      const unreachable: never = kind;
      return unreachable;
    }
  }
}

/** The client's `_meta` with its progressToken replaced by ours (present only when the client wants progress). */
function forwardedMeta(meta: Record<string, unknown> | undefined, progressToken: string | undefined): Record<string, unknown> | undefined {
  const { progressToken: _clientToken, ...rest } = meta ?? {};
  const forwarded = progressToken === undefined ? rest : { ...rest, progressToken };
  return Object.keys(forwarded).length > 0 ? forwarded : undefined;
}

export class McpHub {
  private readonly servers: UpstreamServer[];
  private readonly byName: Map<string, UpstreamServer>;
  private readonly options: Required<McpHubOptions>;
  private readonly listeners = new Set<HubListener>();
  /** Resource URI → ids of the sessions subscribed to it (one upstream subscription per URI). */
  private readonly subscriptions = new Map<string, Set<string>>();
  private merged: Aggregate;
  private started?: Promise<void>;
  private readonly shadowLogged = new Set<string>();
  private sessionSource?: () => McpSessionCounts;

  constructor(servers: McpServerConfig[], private readonly logger: Logger, options: McpHubOptions = {}) {
    this.options = { ...DEFAULTS, ...options };
    const events = { changed: () => this.recompute(), resourceUpdated: (_server: string, uri: string) => this.resourceUpdated(uri) };
    this.servers = servers.map((config) => new UpstreamServer(config, this.options, logger, events));
    this.byName = new Map(this.servers.map((server) => [server.name, server]));
    this.merged = this.compute();
  }

  /** Connects every server (idempotent); resolves once each first attempt settled. Never rejects: failures retry. */
  start(): Promise<void> {
    this.started ??= Promise.all(this.servers.map((server) => server.start())).then(() => undefined);
    return this.started;
  }

  async stop(): Promise<void> {
    const listeners = [...this.listeners];
    this.listeners.clear();
    await Promise.all(listeners.map((listener) => listener.stopped?.()));
    await Promise.all(this.servers.map((server) => server.stop()));
  }

  /** The endpoint reports its sessions here so /admin/mcp can show them. */
  countSessionsWith(source: () => McpSessionCounts): void {
    this.sessionSource = source;
  }

  sessions(): McpSessionCounts {
    return this.sessionSource?.() ?? { "streamable-http": 0, sse: 0 };
  }

  subscribe(listener: HubListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  status(): McpServerStatus[] {
    return this.servers.map((server) => {
      const tools: Array<{ name: string; original: string }> = [];
      for (const [name, route] of this.merged.toolRoutes) if (route.server === server.name && route.ready) tools.push({ name, original: route.name });
      const prompts = [...this.merged.promptRoutes].filter(([, route]) => route.server === server.name && route.ready).map(([name]) => name);
      return {
        name: server.name,
        transport: server.kind,
        target: targetOf(server.config),
        state: server.state,
        pid: server.pid,
        restarts: server.restarts,
        lastError: server.lastError,
        connectedAt: server.state === "ready" && server.connectedAt ? new Date(server.connectedAt).toISOString() : undefined,
        nextRetryAt: server.state === "down" && server.nextRetryAt ? new Date(server.nextRetryAt).toISOString() : undefined,
        tools,
        prompts,
        resources: server.listing.resources.length,
        resourceTemplates: server.listing.resourceTemplates.length,
      };
    });
  }

  /** Lists wait (bounded) for servers still starting, so the first list after boot is complete. */
  private async settled(): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.options.startWaitMs);
    });
    await Promise.race([this.start(), timeout]);
    clearTimeout(timer);
  }

  async listTools(): Promise<Tool[]> {
    await this.settled();
    return this.merged.tools;
  }

  async listPrompts(): Promise<Prompt[]> {
    await this.settled();
    return this.merged.prompts;
  }

  async listResources(): Promise<Resource[]> {
    await this.settled();
    return this.merged.resources;
  }

  async listResourceTemplates(): Promise<ResourceTemplate[]> {
    await this.settled();
    return this.merged.resourceTemplates;
  }

  async callTool(params: CallToolRequest["params"], options: ForwardOptions = {}): Promise<CallToolResult> {
    await this.settled();
    const { server, route } = this.routed(this.merged.toolRoutes, params.name, "tool");
    // client.request, not client.callTool: a proxy passes results through instead of validating them.
    return server.request(
      (client, requestOptions, progressToken) =>
        client.request({ method: "tools/call", params: { ...params, name: route.name, _meta: forwardedMeta(params._meta, progressToken) } }, CallToolResultSchema, requestOptions),
      this.requestOptions(options),
    );
  }

  async getPrompt(params: GetPromptRequest["params"], options: ForwardOptions = {}): Promise<GetPromptResult> {
    await this.settled();
    const { server, route } = this.routed(this.merged.promptRoutes, params.name, "prompt");
    return server.request(
      (client, requestOptions, progressToken) => client.getPrompt({ ...params, name: route.name, _meta: forwardedMeta(params._meta, progressToken) }, requestOptions),
      this.requestOptions(options),
    );
  }

  async readResource(uri: string, options: ForwardOptions = {}): Promise<ReadResourceResult> {
    await this.settled();
    const server = this.resourceServer(uri);
    return server.request((client, requestOptions) => client.readResource({ uri }, requestOptions), this.requestOptions(options));
  }

  async subscribeResource(uri: string, subscriber: string): Promise<void> {
    const server = this.resourceServer(uri);
    const holders = this.subscriptions.get(uri) ?? new Set<string>();
    if (holders.size === 0) {
      if (!server.supports((capabilities) => capabilities.resources?.subscribe === true)) {
        throw new JsonRpcError(ErrorCode.MethodNotFound, `MCP server '${server.name}' does not support resource subscriptions`);
      }
      await server.request((client, requestOptions) => client.subscribeResource({ uri }, requestOptions));
    }
    holders.add(subscriber);
    this.subscriptions.set(uri, holders);
  }

  async unsubscribeResource(uri: string, subscriber: string): Promise<void> {
    const holders = this.subscriptions.get(uri);
    if (!holders?.delete(subscriber) || holders.size > 0) return;
    this.subscriptions.delete(uri);
    const owner = resolveResource(this.merged, uri);
    const server = owner === undefined ? undefined : this.byName.get(owner);
    if (server?.state === "ready") await server.request((client, requestOptions) => client.unsubscribeResource({ uri }, requestOptions)).catch(() => {});
  }

  /** A closed session gives up all its subscriptions. */
  async dropSubscriber(subscriber: string): Promise<void> {
    const uris = [...this.subscriptions].filter(([, holders]) => holders.has(subscriber)).map(([uri]) => uri);
    await Promise.all(uris.map((uri) => this.unsubscribeResource(uri, subscriber)));
  }

  async complete(params: CompleteRequest["params"], options: ForwardOptions = {}): Promise<CompleteResult> {
    await this.settled();
    const { ref } = params;
    if (ref.type === "ref/prompt") {
      const { server, route } = this.routed(this.merged.promptRoutes, ref.name, "prompt");
      // We declare completions for every session; a server without them simply has no suggestions.
      if (!server.supports((capabilities) => capabilities.completions !== undefined)) return NO_COMPLETIONS;
      return server.request((client, requestOptions) => client.complete({ ...params, ref: { ...ref, name: route.name } }, requestOptions), this.requestOptions(options));
    }
    const owner = this.merged.templateOwners.find((entry) => entry.template === ref.uri)?.server;
    const server = owner === undefined ? this.resourceServer(ref.uri) : this.byName.get(owner)!;
    if (!server.supports((capabilities) => capabilities.completions !== undefined)) return NO_COMPLETIONS;
    return server.request((client, requestOptions) => client.complete(params, requestOptions), this.requestOptions(options));
  }

  private requestOptions(options: ForwardOptions): RequestOptions {
    return { signal: options.signal, ...(options.onprogress ? { onprogress: options.onprogress } : {}) };
  }

  private routed(routes: Map<string, Route>, name: string, what: "tool" | "prompt"): { server: UpstreamServer; route: Route } {
    const route = resolveName(routes, name);
    const server = route === undefined ? undefined : this.byName.get(route.server);
    // MCP spec (server/tools "Error Handling"): an unknown tool is -32602 Invalid params.
    if (!route || !server) throw new JsonRpcError(ErrorCode.InvalidParams, `Unknown ${what}: '${name}'`);
    if (server.state !== "ready") throw server.unavailable();
    return { server, route };
  }

  private resourceServer(uri: string): UpstreamServer {
    const owner = resolveResource(this.merged, uri);
    const server = owner === undefined ? undefined : this.byName.get(owner);
    if (!server) throw new JsonRpcError(RESOURCE_NOT_FOUND, `Resource not found: ${uri}`, { uri });
    if (server.state !== "ready") throw server.unavailable();
    return server;
  }

  private compute(): Aggregate {
    return aggregate(
      this.servers.map((server) => ({ server: server.name, ready: server.state === "ready", listing: server.listing, knownTools: server.knownTools, knownPrompts: server.knownPrompts })),
    );
  }

  private recompute(): void {
    const before = this.merged;
    this.merged = this.compute();
    for (const shadow of this.merged.shadowedResources) {
      const key = `${shadow.server} ${shadow.uri}`;
      if (this.shadowLogged.has(key)) continue;
      this.shadowLogged.add(key);
      this.logger.warn("mcp resource offered by two servers: the first one serves it", shadow);
    }
    // Every kind is compared, not only the one the event named: a new clash renames another server's tools too.
    const changed = ALL_KINDS.filter((kind) => fingerprint(before, kind) !== fingerprint(this.merged, kind));
    if (changed.length === 0) return;
    for (const listener of this.listeners) listener.listChanged?.(changed);
  }

  private resourceUpdated(uri: string): void {
    for (const listener of this.listeners) listener.resourceUpdated?.(uri);
  }
}
