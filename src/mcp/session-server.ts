// In charge of the MCP Server one client session talks to: every request is answered from the hub.
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import {
  CallToolRequestSchema,
  CompleteRequestSchema,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  ReadResourceRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
  type ServerNotification,
  type ServerRequest,
} from "@modelcontextprotocol/sdk/types.js";
import type { ForwardOptions, McpHub } from "./hub.ts";

export const SERVER_INFO = { name: "ccproxy", version: "0.1.0" } as const;

/** What a session's server keeps of its own (other sessions never see it). */
export interface SessionContext {
  id: string;
  /** Resource URIs this session subscribed to. */
  subscriptions: Set<string>;
}

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/**
 * Cancellation and progress flow through: the client's cancel aborts the upstream request, and
 * upstream progress is re-sent under the client's own progressToken, on the client's request stream.
 */
function forwardOptions(extra: Extra): ForwardOptions {
  const token = extra._meta?.progressToken;
  if (token === undefined) return { signal: extra.signal };
  return {
    signal: extra.signal,
    onprogress: (progress) => {
      extra.sendNotification({ method: "notifications/progress", params: { ...progress, progressToken: token } }).catch(() => {
        // the client left; the upstream call is being cancelled through the signal
      });
    },
  };
}

export function createSessionServer(hub: McpHub, session: SessionContext): Server {
  // Capabilities are fixed at initialize, while servers come and go: declare them all, lists may be empty.
  const server = new Server(
    { ...SERVER_INFO },
    {
      capabilities: { tools: { listChanged: true }, prompts: { listChanged: true }, resources: { subscribe: true, listChanged: true }, completions: {} },
      instructions: "ccproxy aggregates several MCP servers. A tool or prompt name offered by two servers is prefixed '<server>__'.",
    },
  );
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: await hub.listTools() }));
  server.setRequestHandler(CallToolRequestSchema, (request, extra) => hub.callTool(request.params, forwardOptions(extra)));
  server.setRequestHandler(ListPromptsRequestSchema, async () => ({ prompts: await hub.listPrompts() }));
  server.setRequestHandler(GetPromptRequestSchema, (request, extra) => hub.getPrompt(request.params, forwardOptions(extra)));
  server.setRequestHandler(ListResourcesRequestSchema, async () => ({ resources: await hub.listResources() }));
  server.setRequestHandler(ListResourceTemplatesRequestSchema, async () => ({ resourceTemplates: await hub.listResourceTemplates() }));
  server.setRequestHandler(ReadResourceRequestSchema, (request, extra) => hub.readResource(request.params.uri, forwardOptions(extra)));
  server.setRequestHandler(SubscribeRequestSchema, async (request) => {
    await hub.subscribeResource(request.params.uri, session.id);
    session.subscriptions.add(request.params.uri);
    return {};
  });
  server.setRequestHandler(UnsubscribeRequestSchema, async (request) => {
    session.subscriptions.delete(request.params.uri);
    await hub.unsubscribeResource(request.params.uri, session.id);
    return {};
  });
  server.setRequestHandler(CompleteRequestSchema, (request, extra) => hub.complete(request.params, forwardOptions(extra)));
  return server;
}
