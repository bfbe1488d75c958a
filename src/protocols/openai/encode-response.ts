// In charge of turning a UnifiedResponse into the chat.completion body a client receives (pure).
import type { EncodeClientContext } from "../codec.ts";
import type { UnifiedResponse } from "../../unified/response.ts";
import { encodeFinishReason } from "./map-finish-reason.ts";
import { encodeUsage } from "./usage.ts";
import type { WireCompletion, WireResponseMessage, WireToolCall } from "./wire-types.ts";

/** Reuses an upstream chat.completion id; anything else (msg_…, Gemini response ids) gets our own. */
export function completionId(upstreamId: string | undefined, context: EncodeClientContext): string {
  return upstreamId !== undefined && upstreamId.startsWith("chatcmpl-") ? upstreamId : context.newId("chatcmpl-");
}

function encodeMessage(response: UnifiedResponse): WireResponseMessage {
  const texts: string[] = [];
  const reasoning: string[] = [];
  const calls: WireToolCall[] = [];
  for (const part of response.content) {
    switch (part.type) {
      case "text":
        texts.push(part.text);
        break;
      case "reasoning":
        if (part.text) reasoning.push(part.text);
        break;
      case "tool-call":
        calls.push({ id: part.id, type: "function", function: { name: part.name, arguments: JSON.stringify(part.arguments) } });
        break;
      default: {
        const unreachable: never = part;
        return unreachable;
      }
    }
  }
  const text = texts.join("");
  // OpenAI answers `content: null` when the assistant only called tools.
  const message: WireResponseMessage = { role: "assistant", content: text === "" && calls.length > 0 ? null : text, refusal: null };
  if (reasoning.length > 0) message.reasoning_content = reasoning.join("\n");
  if (calls.length > 0) message.tool_calls = calls;
  return message;
}

export function encodeResponse(response: UnifiedResponse, context: EncodeClientContext): WireCompletion {
  const message = encodeMessage(response);
  return {
    id: completionId(response.id, context),
    object: "chat.completion",
    created: Math.floor(context.now() / 1000),
    model: context.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: encodeFinishReason(response.finishReason, message.tool_calls !== undefined) }],
    usage: encodeUsage(response.usage),
  };
}
