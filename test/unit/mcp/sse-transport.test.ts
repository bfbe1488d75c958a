// In charge of testing the legacy SSE server transport on Web streams.
import { describe, expect, test } from "bun:test";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { SseServerTransport } from "../../../src/mcp/sse-transport.ts";

async function readSome(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<string> {
  const chunk = await reader.read();
  return chunk.done ? "" : new TextDecoder().decode(chunk.value);
}

describe("SseServerTransport", () => {
  test("announces the endpoint first, then sends messages as `message` events", async () => {
    const transport = new SseServerTransport("s1", "/message?sessionId=s1");
    expect(transport.response.headers.get("content-type")).toBe("text/event-stream");
    const reader = transport.response.body!.getReader();
    await transport.start();
    expect(await readSome(reader)).toBe("event: endpoint\ndata: /message?sessionId=s1\n\n");
    await transport.send({ jsonrpc: "2.0", id: 1, result: { text: "a\nb" } });
    expect(await readSome(reader)).toBe('event: message\ndata: {"jsonrpc":"2.0","id":1,"result":{"text":"a\\nb"}}\n\n');
    await transport.close();
    expect((await reader.read()).done).toBe(true);
  });

  test("POSTed messages reach onmessage with their request info", () => {
    const transport = new SseServerTransport("s2", "/message?sessionId=s2");
    const seen: JSONRPCMessage[] = [];
    transport.onmessage = (message) => seen.push(message);
    transport.receive({ jsonrpc: "2.0", id: 3, method: "ping" }, { requestInfo: { headers: {} } });
    expect(seen).toEqual([{ jsonrpc: "2.0", id: 3, method: "ping" }]);
  });

  test("the client cancelling the stream closes the session once", async () => {
    const transport = new SseServerTransport("s3", "/message?sessionId=s3");
    let closed = 0;
    transport.onclose = () => closed++;
    await transport.start();
    await transport.response.body!.cancel();
    await transport.close();
    expect(closed).toBe(1);
    expect(transport.isClosed).toBe(true);
    await expect(transport.send({ jsonrpc: "2.0", method: "notifications/tools/list_changed" })).rejects.toThrow("closed");
  });

  test("keep-alive comments flow while the stream is quiet", async () => {
    const transport = new SseServerTransport("s4", "/m?sessionId=s4", 10);
    const reader = transport.response.body!.getReader();
    await transport.start();
    await readSome(reader);
    expect(await readSome(reader)).toBe(": keepalive\n\n");
    await transport.close();
  });
});
