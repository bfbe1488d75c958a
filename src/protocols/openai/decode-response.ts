// In charge of turning an upstream chat.completion body into a UnifiedResponse (pure).
import type { CodecContext } from "../codec.ts";
import type { AssistantContent } from "../../unified/content.ts";
import { ProxyError } from "../../unified/errors.ts";
import type { UnifiedResponse } from "../../unified/response.ts";
import { emptyUsage, mergeUsage } from "../../unified/usage.ts";
import { argumentsObject, isRecord } from "../shared/json.ts";
import { inBandError } from "./encode-error.ts";
import { decodeFinishReason } from "./map-finish-reason.ts";
import { decodeUsage } from "./usage.ts";

function toolCallParts(message: Record<string, unknown>, context: CodecContext): AssistantContent[] {
  const parts: AssistantContent[] = [];
  const calls = Array.isArray(message.tool_calls) ? message.tool_calls : [];
  for (const call of calls) {
    if (!isRecord(call) || !isRecord(call.function) || typeof call.function.name !== "string") continue;
    const id = typeof call.id === "string" && call.id !== "" ? call.id : context.newId("call_");
    parts.push({ type: "tool-call", id, name: call.function.name, arguments: argumentsObject(call.function.arguments) });
  }
  // The deprecated single `function_call` (old Azure deployments, some local servers).
  const legacy = message.function_call;
  if (isRecord(legacy) && typeof legacy.name === "string") {
    parts.push({ type: "tool-call", id: context.newId("call_"), name: legacy.name, arguments: argumentsObject(legacy.arguments) });
  }
  return parts;
}

/** DeepSeek/vLLM/LM Studio use `reasoning_content`, OpenRouter and newer vLLM `reasoning`. */
export function reasoningOf(value: Record<string, unknown>): string | undefined {
  const text = typeof value.reasoning_content === "string" && value.reasoning_content !== "" ? value.reasoning_content : value.reasoning;
  return typeof text === "string" && text !== "" ? text : undefined;
}

/** `content` is a string; a few servers (Mistral's reasoning models) send an array of typed parts instead. */
export function contentText(value: unknown): string {
  if (typeof value === "string") return value;
  if (!Array.isArray(value)) return "";
  let text = "";
  for (const part of value) if (isRecord(part) && part.type === "text" && typeof part.text === "string") text += part.text;
  return text;
}

function contentParts(message: Record<string, unknown>, context: CodecContext): AssistantContent[] {
  const parts: AssistantContent[] = [];
  const reasoning = reasoningOf(message);
  if (reasoning !== undefined) parts.push({ type: "reasoning", text: reasoning });
  const text = contentText(message.content);
  if (text !== "") parts.push({ type: "text", text });
  if (typeof message.refusal === "string" && message.refusal !== "") parts.push({ type: "text", text: message.refusal });
  parts.push(...toolCallParts(message, context));
  return parts;
}

export function decodeResponse(body: unknown, context: CodecContext): UnifiedResponse {
  if (!isRecord(body)) throw new ProxyError("upstream", "upstream answer is not a JSON object");
  // Some servers (OpenRouter, LiteLLM) answer 200 with an error body.
  if (body.error !== undefined && body.error !== null && !Array.isArray(body.choices)) throw inBandError(body);
  const choice = Array.isArray(body.choices) ? body.choices[0] : undefined;
  if (!isRecord(choice)) throw new ProxyError("upstream", "upstream answer has no choices");
  const message = isRecord(choice.message) ? choice.message : {};
  const content = contentParts(message, context);
  const finishReason = decodeFinishReason(choice.finish_reason);
  // Some servers (older Ollama /v1, some vLLM parsers) say "stop" next to tool calls.
  if (finishReason.unified === "stop" && content.some((part) => part.type === "tool-call")) finishReason.unified = "tool-calls";
  const usage = decodeUsage(body.usage);
  const response: UnifiedResponse = {
    model: typeof body.model === "string" ? body.model : "",
    content,
    finishReason,
    usage: usage ? mergeUsage(emptyUsage(), usage) : emptyUsage(),
  };
  if (typeof body.id === "string") response.id = body.id;
  return response;
}
