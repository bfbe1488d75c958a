// In charge of the one handler shape every chat route shares: group, compat, auth facts → pipeline.
import type { PipelineDeps, ChatInput } from "../pipeline/types.ts";
import { handleChat } from "../pipeline/chat.ts";
import type { ProtocolName } from "../unified/protocol.ts";
import { selectGroup, type RoutePrefix } from "./prefixes.ts";
import { requestState } from "./request-state.ts";

export interface RouteContext {
  body: unknown;
  params: Record<string, string | undefined>;
  request: Request;
}

export function chatHandler(
  deps: PipelineDeps,
  protocol: ProtocolName,
  prefix: RoutePrefix,
  pathFacts?: (context: RouteContext) => Pick<ChatInput, "pathModel" | "stream" | "sse" | "client">,
) {
  // Destructured on purpose: Elysia compiles each route for the context fields its handler
  // reads, and a handler that takes the whole context also pays for cookies, query and more.
  return ({ body, params, request }: RouteContext): Promise<Response> => {
    const state = requestState(request);
    const group = selectGroup(deps.runtime, prefix, params);
    const rawBody = state.rawBody;
    // The request outlives the handler while an answer streams: it must not keep the body alive.
    state.rawBody = undefined;
    return handleChat(deps, {
      clientProtocol: protocol,
      body,
      rawBody,
      ...(pathFacts ? pathFacts({ body, params, request }) : {}),
      group,
      compat: prefix.compat,
      headers: request.headers,
      signal: request.signal,
      requestId: state.id,
      keyName: state.keyName,
      startedAt: state.startedAt,
    });
  };
}
