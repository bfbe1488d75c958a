// In charge of turning a UnifiedResponse into the Ollama /api/chat answer a client gets with stream:false.
import type { UnifiedResponse } from "../../unified/response.ts";
import type { EncodeClientContext } from "../codec.ts";
import { encodeFinishReason } from "./map-finish-reason.ts";
import { metricsFromUsage } from "./map-usage.ts";
import type { OllamaChatResponse, OllamaMessage, OllamaToolCall } from "./wire-types.ts";

export function createdAt(context: EncodeClientContext): string {
  return new Date(context.now()).toISOString();
}

export function encodeResponse(response: UnifiedResponse, context: EncodeClientContext): Record<string, unknown> {
  let content = "";
  let thinking = "";
  const calls: OllamaToolCall[] = [];
  for (const part of response.content) {
    switch (part.type) {
      case "text":
        content += part.text;
        break;
      case "reasoning":
        thinking += part.text;
        break;
      case "tool-call":
        calls.push({ id: part.id, function: { index: calls.length, name: part.name, arguments: part.arguments } });
        break;
      default: {
        const unreachable: never = part;
        return unreachable;
      }
    }
  }
  const message: OllamaMessage = { role: "assistant", content };
  if (thinking) message.thinking = thinking;
  if (calls.length > 0) message.tool_calls = calls;
  const body: OllamaChatResponse = {
    model: context.model,
    created_at: createdAt(context),
    message,
    done: true,
    done_reason: encodeFinishReason(response.finishReason, calls.length > 0),
    ...metricsFromUsage(response.usage),
  };
  return { ...body };
}
