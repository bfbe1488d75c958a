// In charge of JSON-RPC framing shared by both MCP transports: body parsing and error answers that keep the server serving.
import { ErrorCode, JSONRPCMessageSchema, type JSONRPCMessage, type RequestId } from "@modelcontextprotocol/sdk/types.js";

/** MCP's "resource not found" (spec: server/resources, error handling). */
export const RESOURCE_NOT_FOUND = -32002;

/** A JSON-RPC error as an HTTP answer; `id` is null when the request could not be read (JSON-RPC 2.0 §5). */
export function jsonRpcErrorResponse(status: number, code: number, message: string, id: RequestId | null = null, headers: Record<string, string> = {}): Response {
  return Response.json({ jsonrpc: "2.0", id, error: { code, message } }, { status, headers });
}

export type ParsedMessages = { ok: true; messages: JSONRPCMessage[]; raw: unknown } | { ok: false; response: Response };

/** The `id` of a malformed message when it has a usable one, so the client can match the error. */
function idOf(value: unknown): RequestId | null {
  if (typeof value !== "object" || value === null || !("id" in value)) return null;
  const id = (value as { id: unknown }).id;
  return typeof id === "string" || typeof id === "number" ? id : null;
}

/** Validates one message or a batch; anything else is -32600 Invalid Request (or -32700 when not JSON at all). */
export function parseMessages(raw: unknown): ParsedMessages {
  const items = Array.isArray(raw) ? raw : [raw];
  if (items.length === 0) return { ok: false, response: jsonRpcErrorResponse(400, ErrorCode.InvalidRequest, "Invalid Request: empty batch") };
  const messages: JSONRPCMessage[] = [];
  for (const item of items) {
    const parsed = JSONRPCMessageSchema.safeParse(item);
    if (!parsed.success) return { ok: false, response: jsonRpcErrorResponse(400, ErrorCode.InvalidRequest, `Invalid Request: not a JSON-RPC 2.0 message (${parsed.error.issues[0]?.message ?? "bad shape"})`, idOf(item)) };
    messages.push(parsed.data);
  }
  return { ok: true, messages, raw };
}

export type BodyResult = { ok: true; value: unknown } | { ok: false; response: Response };

/**
 * Reads the request body as JSON. When an outer hook already parsed it (Elysia consumed the stream),
 * the parsed value is used instead.
 */
export async function readJsonBody(request: Request, preParsed?: { value: unknown }): Promise<BodyResult> {
  if (preParsed) return { ok: true, value: preParsed.value };
  let text: string;
  try {
    text = await request.text();
  } catch (error) {
    return { ok: false, response: jsonRpcErrorResponse(400, ErrorCode.ParseError, `Parse error: cannot read the body (${error instanceof Error ? error.message : String(error)})`) };
  }
  if (text.trim() === "") return { ok: false, response: jsonRpcErrorResponse(400, ErrorCode.ParseError, "Parse error: empty body, expected a JSON-RPC message") };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, response: jsonRpcErrorResponse(400, ErrorCode.ParseError, `Parse error: invalid JSON (${error instanceof Error ? error.message : String(error)})`) };
  }
}

/** Plain-object headers for the SDK's RequestInfo. */
export function headerRecord(headers: Headers): Record<string, string> {
  const record: Record<string, string> = {};
  headers.forEach((value, name) => {
    record[name] = value;
  });
  return record;
}

/**
 * A JSON-RPC error answered as is. The SDK's McpError prefixes "MCP error <code>: " to its message,
 * so an upstream error forwarded as McpError would reach the client with the prefix twice.
 */
export class JsonRpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
    this.name = "JsonRpcError";
  }
}

/** The upstream's own error, message as it was on the wire (the SDK client added one prefix). */
export function passThrough(error: { code: number; message: string; data?: unknown }): JsonRpcError {
  const prefix = `MCP error ${error.code}: `;
  return new JsonRpcError(error.code, error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message, error.data);
}
