// In charge of the legacy MCP HTTP+SSE server transport (spec 2024-11-05) on Web streams: the SDK's own one needs Node's http objects.
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage, MessageExtraInfo } from "@modelcontextprotocol/sdk/types.js";

const encoder = new TextEncoder();

/**
 * One legacy session: GET opens `response` (an SSE stream whose first event, `endpoint`, names the
 * URL to POST to); each POSTed message is handed to `receive`; answers go out as `message` events.
 */
export class SseServerTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtraInfo) => void;
  readonly sessionId: string;
  readonly response: Response;
  private controller?: ReadableStreamDefaultController<Uint8Array>;
  private keepAlive?: ReturnType<typeof setInterval>;
  private closed = false;

  /** `endpoint` is the POST URL announced to the client, sessionId included. */
  constructor(sessionId: string, private readonly endpoint: string, private readonly keepAliveMs = 15_000) {
    this.sessionId = sessionId;
    const stream = new ReadableStream<Uint8Array>({
      start: (controller) => {
        this.controller = controller;
      },
      // The client went away: that ends the session (spec: the SSE stream is the session).
      cancel: () => void this.close(),
    });
    this.response = new Response(stream, {
      headers: { "content-type": "text/event-stream", "cache-control": "no-cache, no-transform", connection: "keep-alive", "x-accel-buffering": "no" },
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  async start(): Promise<void> {
    this.write(`event: endpoint\ndata: ${this.endpoint}\n\n`);
    // Comments keep proxies and idle timers from cutting a quiet stream.
    this.keepAlive = setInterval(() => this.write(": keepalive\n\n"), this.keepAliveMs);
    this.keepAlive.unref?.();
  }

  async send(message: JSONRPCMessage): Promise<void> {
    if (this.closed) throw new Error("SSE stream closed");
    // JSON.stringify never emits raw newlines, so one data: line carries the whole message.
    this.write(`event: message\ndata: ${JSON.stringify(message)}\n\n`);
  }

  /** A message POSTed by the client. */
  receive(message: JSONRPCMessage, extra?: MessageExtraInfo): void {
    this.onmessage?.(message, extra);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.keepAlive) clearInterval(this.keepAlive);
    try {
      this.controller?.close();
    } catch {
      // already closed or cancelled by the client
    }
    this.onclose?.();
  }

  private write(text: string): void {
    if (this.closed || !this.controller) return;
    try {
      this.controller.enqueue(encoder.encode(text));
    } catch (error) {
      this.onerror?.(error instanceof Error ? error : new Error(String(error)));
      void this.close();
    }
  }
}
