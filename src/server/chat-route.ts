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
  return (context: RouteContext): Promise<Response> => {
    const state = requestState(context.request);
    const group = selectGroup(deps.runtime, prefix, context.params);
    return handleChat(deps, {
      clientProtocol: protocol,
      body: context.body,
      ...(pathFacts ? pathFacts(context) : {}),
      group,
      compat: prefix.compat,
      headers: context.request.headers,
      signal: context.request.signal,
      requestId: state.id,
      keyName: state.keyName,
      startedAt: state.startedAt,
    });
  };
}
