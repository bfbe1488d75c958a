// In charge of opening one upstream MCP session: a stdio child process, or a URL speaking streamable HTTP with legacy SSE as fallback.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { ProgressNotificationSchema, type Progress } from "@modelcontextprotocol/sdk/types.js";
import type { McpServerConfig } from "../config/schema.ts";
import type { Logger } from "../server/logger.ts";

export type UpstreamTransportKind = "stdio" | "streamable-http" | "sse";

export const CLIENT_INFO = { name: "ccproxy", version: "0.1.0" } as const;

/** A live, initialized session with one upstream server. */
export interface UpstreamConnection {
  client: Client;
  kind: UpstreamTransportKind;
  /** The child's process id (stdio only). */
  pid?: number;
  /** Routes `notifications/progress` carrying `token` to `onprogress` until the returned function is called. */
  trackProgress(token: string, onprogress: (progress: Progress) => void): () => void;
  /** Ends the session on purpose; `onClosed` is not called for it. */
  close(): Promise<void>;
}

export interface ConnectOptions {
  logger: Logger;
  /** Bounds spawning/connecting plus the initialize handshake. */
  timeoutMs: number;
  /** Called once when the session ends by itself (the process exited, the transport closed). */
  onClosed(reason: string): void;
  /** For URL servers: the transport that worked last time is tried first. */
  prefer?: UpstreamTransportKind;
}

export function transportKindOf(config: McpServerConfig): UpstreamTransportKind {
  return config.command ? "stdio" : "streamable-http";
}

/** Short human label of where a server lives, for logs and /admin/mcp (no env or headers: they may hold secrets). */
export function targetOf(config: McpServerConfig): string {
  return config.command ? config.command.join(" ") : (config.url ?? "");
}

/** Each stderr line of a stdio server becomes one log line of ours, tagged with the server name. */
function pipeStderr(transport: StdioClientTransport, server: string, logger: Logger): void {
  const stream = transport.stderr;
  if (!stream) return;
  let pending = "";
  stream.on("data", (chunk: Buffer | string) => {
    pending += typeof chunk === "string" ? chunk : chunk.toString("utf8");
    const lines = pending.split(/\r?\n/);
    pending = lines.pop() ?? "";
    for (const line of lines) if (line.trim() !== "") logger.info("mcp server stderr", { server, line });
  });
  stream.on("end", () => {
    if (pending.trim() !== "") logger.info("mcp server stderr", { server, line: pending });
    pending = "";
  });
}

/**
 * Progress is taken off the transport before the SDK's Protocol sees it: the Protocol handles
 * notifications a microtask late but responses at once, so progress sent just before a result (in
 * the same read) would find its handler already gone and be dropped.
 */
function interceptProgress(transport: Transport): Map<string, (progress: Progress) => void> {
  const handlers = new Map<string, (progress: Progress) => void>();
  const deliver = transport.onmessage;
  transport.onmessage = (message, extra) => {
    const parsed = "method" in message && message.method === "notifications/progress" ? ProgressNotificationSchema.safeParse(message) : undefined;
    const token = parsed?.success ? parsed.data.params.progressToken : undefined;
    const handler = typeof token === "string" ? handlers.get(token) : undefined;
    if (parsed?.success && handler) {
      const { progressToken: _token, _meta, ...progress } = parsed.data.params;
      handler(progress);
      return;
    }
    deliver?.(message, extra);
  };
  return handlers;
}

async function open(transport: Transport, kind: UpstreamTransportKind, options: ConnectOptions, pid?: () => number | null): Promise<UpstreamConnection> {
  const client = new Client({ ...CLIENT_INFO }, { capabilities: {} });
  let closing = false;
  client.onclose = () => {
    if (!closing) options.onClosed(kind === "stdio" ? "the process exited" : "the connection closed");
  };
  try {
    await client.connect(transport, { timeout: options.timeoutMs });
  } catch (error) {
    closing = true;
    await client.close().catch(() => {});
    throw error;
  }
  const progressHandlers = interceptProgress(transport);
  return {
    client,
    kind,
    pid: pid?.() ?? undefined,
    trackProgress(token, onprogress) {
      progressHandlers.set(token, onprogress);
      return () => progressHandlers.delete(token);
    },
    async close() {
      closing = true;
      // A streamable-HTTP session is ended explicitly (spec: DELETE), so the server can free it.
      if (transport instanceof StreamableHTTPClientTransport) await transport.terminateSession().catch(() => {});
      await client.close().catch(() => {});
    },
  };
}

function connectStdio(config: McpServerConfig, command: string[], options: ConnectOptions): Promise<UpstreamConnection> {
  const [executable, ...args] = command;
  // The SDK merges its safe default environment (PATH, HOME, …) under `env`.
  const transport = new StdioClientTransport({ command: executable!, args, env: config.env, stderr: "pipe" });
  pipeStderr(transport, config.name, options.logger);
  return open(transport, "stdio", options, () => transport.pid);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Streamable HTTP first (spec 2025-03-26), legacy SSE when that fails (spec "Backwards compatibility"). */
async function connectUrl(config: McpServerConfig, url: URL, options: ConnectOptions): Promise<UpstreamConnection> {
  const requestInit: RequestInit = { headers: { ...config.headers } };
  const attempts: Array<[UpstreamTransportKind, () => Transport]> = [
    ["streamable-http", () => new StreamableHTTPClientTransport(url, { requestInit })],
    ["sse", () => new SSEClientTransport(url, { requestInit })],
  ];
  if (options.prefer === "sse") attempts.reverse();
  const failures: string[] = [];
  for (const [kind, make] of attempts) {
    try {
      return await open(make(), kind, options);
    } catch (error) {
      failures.push(`${kind}: ${errorText(error)}`);
    }
  }
  throw new Error(failures.join("; "));
}

export function connectUpstream(config: McpServerConfig, options: ConnectOptions): Promise<UpstreamConnection> {
  if (config.command) return connectStdio(config, config.command, options);
  if (config.url) return connectUrl(config, new URL(config.url), options);
  return Promise.reject(new Error(`mcp server '${config.name}' has neither command nor url`));
}
