// In charge of the fake MCP servers' behaviour (tools, prompts, resources), shared by the stdio and HTTP fakes.
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  CallToolRequestSchema,
  ErrorCode,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  McpError,
  ReadResourceRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
  type CallToolResult,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";

export type FakeFlavor = "stdio" | "http";

/** A custom JSON-RPC error code the `throw` tool answers with, so tests see codes passed through. */
export const CUSTOM_ERROR_CODE = -32099;

/** Input schema with descriptions, enums and bounds: the proxy must pass it through unchanged. */
export const ECHO_SCHEMA = {
  type: "object",
  properties: {
    text: { type: "string", description: "Text to echo back" },
    mode: { type: "string", enum: ["plain", "upper"], default: "plain" },
    times: { type: "integer", minimum: 1, maximum: 3 },
  },
  required: ["text"],
  additionalProperties: false,
} as const;

function text(value: string): CallToolResult {
  return { content: [{ type: "text", text: value }] };
}

function toolsOf(flavor: FakeFlavor, dynamic: boolean): Tool[] {
  const shared: Tool = { name: "shared_tool", description: `shared tool of the ${flavor} server`, inputSchema: { type: "object", properties: { input: { type: "string" } } } };
  if (flavor === "http") {
    return [
      { name: "http_echo", description: "Echo over HTTP", inputSchema: { type: "object", properties: { text: { type: "string" } }, required: ["text"] } },
      shared,
      { name: "whoami", description: "Answers the x-fake-auth header the server received", inputSchema: { type: "object" } },
    ];
  }
  const tools: Tool[] = [
    { name: "echo", title: "Echo", description: "Echoes the text back", inputSchema: { ...ECHO_SCHEMA, properties: { ...ECHO_SCHEMA.properties }, required: [...ECHO_SCHEMA.required] }, annotations: { readOnlyHint: true } },
    { name: "fail", description: "Always answers a tool error (isError)", inputSchema: { type: "object" } },
    { name: "throw", description: "Always answers a JSON-RPC error", inputSchema: { type: "object" } },
    { name: "progress", description: "Reports progress, then answers", inputSchema: { type: "object", properties: { steps: { type: "integer" }, delayMs: { type: "integer" } } } },
    { name: "crash", description: "Exits the process", inputSchema: { type: "object" } },
    { name: "toggle", description: "Adds or removes the tool named dynamic", inputSchema: { type: "object" } },
    { name: "env", description: "Answers FAKE_MCP_SECRET from the environment", inputSchema: { type: "object" } },
    shared,
  ];
  if (dynamic) tools.push({ name: "dynamic", description: "Appears after toggle", inputSchema: { type: "object" } });
  return tools;
}

export interface FakeServerOptions {
  flavor: FakeFlavor;
  /** Answers for `whoami` (HTTP only): the request headers of the current call. */
  headerOf?: (name: string, headers: Record<string, string | string[] | undefined> | undefined) => string;
}

/** One MCP Server with the fake behaviour; the HTTP fake builds one per session. */
export function buildFakeServer(options: FakeServerOptions): Server {
  const { flavor } = options;
  const server = new Server({ name: `fake-${flavor}`, version: "1.0.0" }, { capabilities: { tools: { listChanged: true }, prompts: {}, resources: { subscribe: true } } });
  let dynamic = false;

  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: toolsOf(flavor, dynamic) }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const args = request.params.arguments ?? {};
    switch (request.params.name) {
      case "echo": {
        const value = String(args.text ?? "");
        return text(`echo: ${args.mode === "upper" ? value.toUpperCase() : value}`);
      }
      case "http_echo":
        return text(`http echo: ${String(args.text ?? "")}`);
      case "shared_tool":
        return text(`${flavor} shared: ${String(args.input ?? "")}`);
      case "whoami":
        return text(options.headerOf?.("x-fake-auth", extra.requestInfo?.headers) ?? "");
      case "fail":
        return { content: [{ type: "text", text: "this tool always fails" }], isError: true };
      case "throw":
        throw new McpError(CUSTOM_ERROR_CODE, "the throw tool failed on purpose", { reason: "testing" });
      case "progress": {
        const steps = typeof args.steps === "number" ? args.steps : 3;
        const token = extra._meta?.progressToken;
        for (let step = 1; step <= steps; step++) {
          if (token !== undefined) await extra.sendNotification({ method: "notifications/progress", params: { progressToken: token, progress: step, total: steps, message: `step ${step}` } });
          // delayMs spaces the messages out; 0 sends progress and result back to back (one read upstream).
          if (typeof args.delayMs === "number" && args.delayMs > 0) await Bun.sleep(args.delayMs);
        }
        return text(`done after ${steps} steps`);
      }
      case "crash":
        process.stderr.write("fake stdio server: crashing on request\n");
        setTimeout(() => process.exit(3), 5);
        return text("crashing");
      case "toggle":
        dynamic = !dynamic;
        await server.sendToolListChanged();
        return text(dynamic ? "dynamic added" : "dynamic removed");
      case "env":
        return text(process.env.FAKE_MCP_SECRET ?? "(unset)");
      case "dynamic":
        if (dynamic) return text("dynamic called");
        break;
    }
    throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${request.params.name}`);
  });

  const promptName = flavor === "http" ? "http_prompt" : "stdio_prompt";
  server.setRequestHandler(ListPromptsRequestSchema, () => ({
    prompts: [
      { name: "greet", description: `greeting from ${flavor}`, arguments: [{ name: "name", required: true }] },
      { name: promptName, description: `only on ${flavor}` },
    ],
  }));
  server.setRequestHandler(GetPromptRequestSchema, (request) => {
    if (request.params.name !== "greet" && request.params.name !== promptName) throw new McpError(ErrorCode.InvalidParams, `Unknown prompt: ${request.params.name}`);
    return { description: `${flavor} prompt`, messages: [{ role: "user", content: { type: "text", text: `${flavor} says hello to ${request.params.arguments?.name ?? "nobody"}` } }] };
  });

  const readme = `fake://${flavor}/readme`;
  server.setRequestHandler(ListResourcesRequestSchema, () => ({ resources: [{ uri: readme, name: `${flavor} readme`, mimeType: "text/plain" }] }));
  server.setRequestHandler(ListResourceTemplatesRequestSchema, () => ({ resourceTemplates: [{ uriTemplate: `fake://${flavor}/items/{id}`, name: `${flavor} item` }] }));
  server.setRequestHandler(ReadResourceRequestSchema, (request) => {
    const { uri } = request.params;
    const item = new RegExp(`^fake://${flavor}/items/(.+)$`).exec(uri);
    if (uri === readme) return { contents: [{ uri, mimeType: "text/plain", text: `readme of ${flavor}` }] };
    if (item) return { contents: [{ uri, text: `item ${item[1]} of ${flavor}` }] };
    throw new McpError(-32002, `Resource not found: ${uri}`);
  });
  server.setRequestHandler(SubscribeRequestSchema, async (request) => {
    // Answer first, then tell the subscriber the resource changed, so tests see updates forwarded.
    setTimeout(() => void server.sendResourceUpdated({ uri: request.params.uri }).catch(() => {}), 20);
    return {};
  });
  server.setRequestHandler(UnsubscribeRequestSchema, () => ({}));
  return server;
}
