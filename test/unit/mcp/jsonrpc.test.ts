// In charge of testing JSON-RPC body reading and error framing shared by both MCP transports.
import { describe, expect, test } from "bun:test";
import { McpError } from "@modelcontextprotocol/sdk/types.js";
import { headerRecord, JsonRpcError, jsonRpcErrorResponse, parseMessages, passThrough, readJsonBody } from "../../../src/mcp/jsonrpc.ts";

const post = (body: string) => new Request("http://localhost/mcp/http", { method: "POST", body });

describe("readJsonBody", () => {
  test("parses JSON", async () => {
    expect(await readJsonBody(post('{"jsonrpc":"2.0","method":"ping","id":1}'))).toEqual({ ok: true, value: { jsonrpc: "2.0", method: "ping", id: 1 } });
  });

  test("malformed JSON and empty bodies are -32700 parse errors with id null", async () => {
    for (const text of ["{nope", "", "   "]) {
      const result = await readJsonBody(post(text));
      if (result.ok) throw new Error("expected a parse error");
      expect(result.response.status).toBe(400);
      const body = (await result.response.json()) as { jsonrpc: string; id: null; error: { code: number; message: string } };
      expect(body.jsonrpc).toBe("2.0");
      expect(body.id).toBeNull();
      expect(body.error.code).toBe(-32700);
    }
  });

  test("a value an outer hook already parsed is used as is", async () => {
    const request = post("ignored");
    await request.text();
    expect(await readJsonBody(request, { value: [1] })).toEqual({ ok: true, value: [1] });
  });
});

describe("parseMessages", () => {
  test("accepts one message or a batch", () => {
    const one = parseMessages({ jsonrpc: "2.0", id: 1, method: "tools/list" });
    expect(one.ok && one.messages.length).toBe(1);
    const batch = parseMessages([{ jsonrpc: "2.0", method: "notifications/initialized" }, { jsonrpc: "2.0", id: "a", method: "ping" }]);
    expect(batch.ok && batch.messages.length).toBe(2);
  });

  test("anything not JSON-RPC 2.0 is -32600 Invalid Request, keeping a usable id", async () => {
    for (const [value, id] of [[{ id: 7, method: "ping" }, 7], [{ jsonrpc: "1.0", id: "x", method: "ping" }, "x"], [42, null], [[], null], ["text", null]] as const) {
      const result = parseMessages(value);
      if (result.ok) throw new Error(`expected ${JSON.stringify(value)} to be rejected`);
      const body = (await result.response.json()) as { id: unknown; error: { code: number } };
      expect(body.error.code).toBe(-32600);
      expect(body.id).toBe(id);
    }
  });
});

describe("errors", () => {
  test("jsonRpcErrorResponse carries status, code, message and extra headers", async () => {
    const response = jsonRpcErrorResponse(404, -32001, "Session not found", null, { "x-a": "1" });
    expect(response.status).toBe(404);
    expect(response.headers.get("x-a")).toBe("1");
    expect(await response.json()).toEqual({ jsonrpc: "2.0", id: null, error: { code: -32001, message: "Session not found" } });
  });

  test("passThrough removes the one prefix the SDK client added, keeping code and data", () => {
    const upstream = new McpError(-32099, "MCP error -32099: the server's own text", { reason: "x" });
    const forwarded = passThrough(upstream);
    expect(forwarded).toBeInstanceOf(JsonRpcError);
    expect(forwarded.message).toBe("MCP error -32099: the server's own text");
    expect(forwarded.code).toBe(-32099);
    expect(forwarded.data).toEqual({ reason: "x" });
    expect(passThrough({ code: 1, message: "plain" }).message).toBe("plain");
  });

  test("headerRecord lowercases names into a plain object", () => {
    expect(headerRecord(new Headers({ "X-Fake-Auth": "t", Accept: "a" }))).toEqual({ "x-fake-auth": "t", accept: "a" });
  });
});
