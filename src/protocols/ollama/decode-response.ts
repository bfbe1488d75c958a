// In charge of turning an Ollama non-streamed /api/chat answer into a UnifiedResponse.
import type { AssistantContent } from "../../unified/content.ts";
import { ProxyError } from "../../unified/errors.ts";
import type { UnifiedResponse } from "../../unified/response.ts";
import { emptyUsage, mergeUsage } from "../../unified/usage.ts";
import type { CodecContext } from "../codec.ts";
import { isRecord } from "../shared/json.ts";
import { decodeFinishReason } from "./map-finish-reason.ts";
import { usageFromWire } from "./map-usage.ts";
import { readAnswerMessage } from "./read-answer.ts";

export function decodeResponse(body: unknown, context: CodecContext): UnifiedResponse {
  if (!isRecord(body)) throw new ProxyError("upstream", "upstream answer is not a JSON object");
  if (typeof body.error === "string") throw new ProxyError("upstream", body.error);
  if (!isRecord(body.message)) throw new ProxyError("upstream", "upstream answer has no `message` object");

  const message = readAnswerMessage(body.message);
  const content: AssistantContent[] = [];
  if (message.thinking) content.push({ type: "reasoning", text: message.thinking });
  if (message.content) content.push({ type: "text", text: message.content });
  for (const call of message.toolCalls) {
    // Ollama ids are optional: create one where the upstream gave none.
    content.push({ type: "tool-call", id: call.id ?? context.newId("call_"), name: call.name, arguments: call.arguments });
  }
  const usage = usageFromWire(body);
  return {
    model: typeof body.model === "string" ? body.model : "",
    content,
    finishReason: decodeFinishReason(body.done_reason, message.toolCalls.length > 0),
    usage: usage ? mergeUsage(emptyUsage(), usage) : emptyUsage(),
  };
}
