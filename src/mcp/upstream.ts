// In charge of one configured upstream MCP server's life: connect, list, watch, restart with backoff, route requests.
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { RequestOptions } from "@modelcontextprotocol/sdk/shared/protocol.js";
import {
  ErrorCode,
  LoggingMessageNotificationSchema,
  McpError,
  PromptListChangedNotificationSchema,
  ResourceListChangedNotificationSchema,
  ResourceUpdatedNotificationSchema,
  ToolListChangedNotificationSchema,
  type Prompt,
  type Resource,
  type ResourceTemplate,
  type ServerCapabilities,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";
import type { McpServerConfig } from "../config/schema.ts";
import type { Logger } from "../server/logger.ts";
import { JsonRpcError, passThrough } from "./jsonrpc.ts";
import { connectUpstream, transportKindOf, type UpstreamConnection, type UpstreamTransportKind } from "./clients.ts";

/** idle: never started; connecting: an attempt runs; ready: serving; down: waiting to retry; stopped: shut down. */
export type UpstreamState = "idle" | "connecting" | "ready" | "down" | "stopped";

export type ListKind = "tools" | "prompts" | "resources";

export interface UpstreamListing {
  tools: Tool[];
  prompts: Prompt[];
  resources: Resource[];
  resourceTemplates: ResourceTemplate[];
}

export const EMPTY_LISTING: UpstreamListing = { tools: [], prompts: [], resources: [], resourceTemplates: [] };

export interface UpstreamTimings {
  /** First retry delay; doubles per consecutive failure up to backoffMaxMs. */
  backoffInitialMs: number;
  backoffMaxMs: number;
  /** A session that lived this long resets the backoff (a server that dies at once keeps backing off). */
  stableMs: number;
  connectTimeoutMs: number;
  /** URL servers are pinged this often: a dead HTTP server has no process to watch. 0 disables. */
  healthIntervalMs: number;
  /** Upper bound of one forwarded request; progress notifications reset it. */
  requestTimeoutMs: number;
}

export interface UpstreamEvents {
  /** The server's lists (or its availability) changed. */
  changed(server: string, kinds: ListKind[]): void;
  resourceUpdated(server: string, uri: string): void;
}

/** Exponential backoff: initial × 2^failures, capped. */
export function backoffDelay(failures: number, timings: Pick<UpstreamTimings, "backoffInitialMs" | "backoffMaxMs">): number {
  return Math.min(timings.backoffMaxMs, timings.backoffInitialMs * 2 ** Math.min(failures, 30));
}

/** Upper bound of list pages fetched, against a server that hands out cursors forever. */
const MAX_PAGES = 100;

export class UpstreamServer {
  state: UpstreamState = "idle";
  listing: UpstreamListing = EMPTY_LISTING;
  /** Tool and prompt names of the last successful listing; kept while down so exposed names stay stable. */
  knownTools: string[] = [];
  knownPrompts: string[] = [];
  lastError?: string;
  restarts = 0;
  connectedAt?: number;
  nextRetryAt?: number;
  kind: UpstreamTransportKind;
  private connection?: UpstreamConnection;
  private failures = 0;
  private retryTimer?: ReturnType<typeof setTimeout>;
  private healthTimer?: ReturnType<typeof setInterval>;
  private firstAttempt?: Promise<void>;
  private checking = false;
  private progressCounter = 0;

  constructor(
    readonly config: McpServerConfig,
    private readonly timings: UpstreamTimings,
    private readonly logger: Logger,
    private readonly events: UpstreamEvents,
  ) {
    this.kind = transportKindOf(config);
  }

  get name(): string {
    return this.config.name;
  }

  get pid(): number | undefined {
    return this.connection?.pid;
  }

  /** Starts the first attempt (idempotent); resolves when it settled, connected or not. */
  start(): Promise<void> {
    this.firstAttempt ??= this.connect();
    return this.firstAttempt;
  }

  async stop(): Promise<void> {
    this.state = "stopped";
    clearTimeout(this.retryTimer);
    clearInterval(this.healthTimer);
    const connection = this.connection;
    this.connection = undefined;
    await connection?.close();
  }

  private async connect(): Promise<void> {
    if (this.state === "stopped") return;
    this.state = "connecting";
    this.nextRetryAt = undefined;
    let connection: UpstreamConnection | undefined;
    try {
      connection = await connectUpstream(this.config, {
        logger: this.logger,
        timeoutMs: this.timings.connectTimeoutMs,
        prefer: this.kind,
        onClosed: (reason) => this.lost(connection, reason),
      });
      this.watch(connection.client);
      this.listing = await this.fetchListing(connection.client);
    } catch (error) {
      await connection?.close();
      this.fail(error);
      return;
    }
    // stop() may have run while we were connecting (TS narrowed state to "connecting" before the awaits).
    if ((this.state as UpstreamState) === "stopped") {
      await connection.close();
      return;
    }
    this.connection = connection;
    this.kind = connection.kind;
    this.state = "ready";
    this.connectedAt = Date.now();
    this.lastError = undefined;
    this.remember();
    if (connection.kind !== "stdio" && this.timings.healthIntervalMs > 0) {
      this.healthTimer = setInterval(() => void this.checkHealth(), this.timings.healthIntervalMs);
      this.healthTimer.unref?.();
    }
    this.logger.info("mcp server ready", { server: this.name, transport: connection.kind, pid: connection.pid, tools: this.listing.tools.length });
    this.events.changed(this.name, ["tools", "prompts", "resources"]);
  }

  private fail(error: unknown): void {
    this.lastError = error instanceof Error ? error.message : String(error);
    this.logger.warn("mcp server unavailable", { server: this.name, error: this.lastError });
    this.scheduleRetry();
  }

  /** The session ended by itself (process died, health check failed): drop its lists, retry later. */
  private lost(connection: UpstreamConnection | undefined, reason: string): void {
    if (!connection || connection !== this.connection || this.state === "stopped") return;
    this.connection = undefined;
    clearInterval(this.healthTimer);
    void connection.close();
    this.restarts++;
    if (this.connectedAt !== undefined && Date.now() - this.connectedAt >= this.timings.stableMs) this.failures = 0;
    this.listing = EMPTY_LISTING;
    this.lastError = reason;
    // Down before the change event, so the merged lists computed from it leave this server out.
    this.state = "down";
    this.logger.warn("mcp server lost", { server: this.name, reason });
    this.events.changed(this.name, ["tools", "prompts", "resources"]);
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.state === "stopped") return;
    const delay = backoffDelay(this.failures, this.timings);
    this.failures++;
    this.state = "down";
    this.nextRetryAt = Date.now() + delay;
    this.retryTimer = setTimeout(() => void this.connect(), delay);
    this.retryTimer.unref?.();
  }

  private async checkHealth(): Promise<void> {
    const connection = this.connection;
    if (!connection || this.checking) return;
    this.checking = true;
    try {
      await connection.client.ping({ timeout: Math.min(this.timings.connectTimeoutMs, 10_000) });
    } catch (error) {
      this.lost(connection, `health check failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.checking = false;
    }
  }

  private watch(client: Client): void {
    const refresh = (kind: ListKind) => async () => {
      try {
        const listing = await this.fetchListing(client, kind);
        if (client !== this.connection?.client) return;
        this.listing = listing;
        this.remember();
        this.events.changed(this.name, [kind]);
      } catch (error) {
        this.logger.warn("mcp list refresh failed", { server: this.name, kind, error: error instanceof Error ? error.message : String(error) });
      }
    };
    client.setNotificationHandler(ToolListChangedNotificationSchema, refresh("tools"));
    client.setNotificationHandler(PromptListChangedNotificationSchema, refresh("prompts"));
    client.setNotificationHandler(ResourceListChangedNotificationSchema, refresh("resources"));
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, async (notification) => this.events.resourceUpdated(this.name, notification.params.uri));
    client.setNotificationHandler(LoggingMessageNotificationSchema, async (notification) => {
      this.logger.info("mcp server log", { server: this.name, level: notification.params.level, logger: notification.params.logger, data: notification.params.data });
    });
  }

  private remember(): void {
    this.knownTools = this.listing.tools.map((tool) => tool.name);
    this.knownPrompts = this.listing.prompts.map((prompt) => prompt.name);
  }

  /** Everything the server offers (per its capabilities), every page; `only` refreshes one kind. */
  private async fetchListing(client: Client, only?: ListKind): Promise<UpstreamListing> {
    const capabilities = client.getServerCapabilities() ?? {};
    const base = only ? this.listing : EMPTY_LISTING;
    const want = (kind: ListKind) => (only === undefined || only === kind) && capabilities[kind] !== undefined;
    const options: RequestOptions = { timeout: this.timings.connectTimeoutMs };
    const pages = async <T>(fetchPage: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor?: string }>): Promise<T[]> => {
      const all: T[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        const answer = await fetchPage(cursor);
        all.push(...answer.items);
        cursor = answer.nextCursor;
        if (!cursor) break;
      }
      return all;
    };
    return {
      tools: want("tools") ? await pages(async (cursor) => client.listTools({ cursor }, options).then((r) => ({ items: r.tools, nextCursor: r.nextCursor }))) : base.tools,
      prompts: want("prompts") ? await pages(async (cursor) => client.listPrompts({ cursor }, options).then((r) => ({ items: r.prompts, nextCursor: r.nextCursor }))) : base.prompts,
      resources: want("resources") ? await pages(async (cursor) => client.listResources({ cursor }, options).then((r) => ({ items: r.resources, nextCursor: r.nextCursor }))) : base.resources,
      resourceTemplates: want("resources")
        ? await pages(async (cursor) => client.listResourceTemplates({ cursor }, options).then((r) => ({ items: r.resourceTemplates, nextCursor: r.nextCursor })))
        : base.resourceTemplates,
    };
  }

  /**
   * Runs one request on the live session. Protocol errors (McpError) pass through unchanged; a
   * transport failure makes us check the server's health and answers a JSON-RPC error.
   */
  async request<T>(run: (client: Client, options: RequestOptions, progressToken?: string) => Promise<T>, options: RequestOptions = {}): Promise<T> {
    const connection = this.connection;
    if (!connection || this.state !== "ready") throw this.unavailable();
    const { onprogress, ...rest } = options;
    // Our own token, handled by the connection (see clients.ts interceptProgress), not the SDK's onprogress.
    const progressToken = onprogress ? `ccproxy-progress-${++this.progressCounter}` : undefined;
    const untrack = progressToken && onprogress ? connection.trackProgress(progressToken, onprogress) : undefined;
    try {
      return await run(connection.client, { timeout: this.timings.requestTimeoutMs, ...rest }, progressToken);
    } catch (error) {
      if (error instanceof McpError) throw passThrough(error);
      // A stdio server's death is seen by its transport; an HTTP server's only by asking.
      if (connection.kind !== "stdio") void this.checkHealth();
      throw new JsonRpcError(ErrorCode.InternalError, `MCP server '${this.name}' failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      untrack?.();
    }
  }

  /** Tests the server's declared capabilities (false while not connected). */
  supports(test: (capabilities: ServerCapabilities) => boolean): boolean {
    const capabilities = this.connection?.client.getServerCapabilities();
    return capabilities !== undefined && test(capabilities);
  }

  unavailable(): JsonRpcError {
    const why = this.state === "down" ? `down (${this.lastError ?? "unknown error"}), retrying` : this.state;
    return new JsonRpcError(ErrorCode.ConnectionClosed, `MCP server '${this.name}' is unavailable: ${why}`);
  }
}
