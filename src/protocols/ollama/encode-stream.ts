// In charge of writing unified events as Ollama /api/chat NDJSON lines for a streaming client.
import type { UnifiedEvent } from "../../unified/events.ts";
import { mergeUsage, type Usage } from "../../unified/usage.ts";
import type { FinishReason } from "../../unified/finish-reason.ts";
import type { EncodeClientContext, Step } from "../codec.ts";
import { argumentsObject } from "../shared/json.ts";
import { ndjsonLine } from "../../wire/ndjson.ts";
import { encodeStreamError } from "./encode-error.ts";
import { createdAt } from "./encode-response.ts";
import { encodeFinishReason } from "./map-finish-reason.ts";
import { metricsFromUsage } from "./map-usage.ts";
import type { OllamaChatChunk, OllamaChatResponse, OllamaMessage } from "./wire-types.ts";

interface OpenCall {
  id: string;
  name: string;
  argumentsText: string;
}

/**
 * One line per text or thinking delta; Ollama delivers tool calls whole, so
 * argument fragments are collected and the call is written when it ends. The
 * last line has `done: true` with the counts; after an error only
 * `{"error": "…"}` is written, with no done line.
 */
export function createStreamEncoder(context: EncodeClientContext): Step<UnifiedEvent, string> {
  const open = new Map<number, OpenCall>();
  let callsWritten = 0;
  let usage: Usage | undefined;
  let closed = false;

  function chunk(message: OllamaMessage): string {
    const line: OllamaChatChunk = { model: context.model, created_at: createdAt(context), message, done: false };
    return ndjsonLine(line);
  }

  function writeCall(index: number): string[] {
    const call = open.get(index);
    if (!call) return [];
    open.delete(index);
    const toolCall = { id: call.id, function: { index: callsWritten++, name: call.name, arguments: argumentsObject(call.argumentsText) } };
    return [chunk({ role: "assistant", content: "", tool_calls: [toolCall] })];
  }

  function finish(reason: FinishReason, finalUsage: Partial<Usage> | undefined): string[] {
    const out = [...open.keys()].flatMap(writeCall);
    if (finalUsage) usage = mergeUsage(usage, finalUsage);
    closed = true;
    const line: OllamaChatResponse = {
      model: context.model,
      created_at: createdAt(context),
      message: { role: "assistant", content: "" },
      done: true,
      done_reason: encodeFinishReason(reason, callsWritten > 0),
      ...metricsFromUsage(usage),
    };
    out.push(ndjsonLine(line));
    return out;
  }

  function error(message: string): string[] {
    closed = true;
    return [encodeStreamError(message)];
  }

  return {
    push(event: UnifiedEvent): string[] {
      if (closed) return [];
      switch (event.type) {
        case "message-start":
          if (event.usage) usage = mergeUsage(usage, event.usage);
          return [];
        case "text-delta":
          return event.text ? [chunk({ role: "assistant", content: event.text })] : [];
        case "reasoning-delta":
          return event.text ? [chunk({ role: "assistant", content: "", thinking: event.text })] : [];
        case "reasoning-signature":
        case "reasoning-redacted":
          // Ollama has no reasoning signatures; nothing to write.
          return [];
        case "tool-call-start":
          open.set(event.index, { id: event.id, name: event.name, argumentsText: "" });
          return [];
        case "tool-call-delta": {
          const call = open.get(event.index);
          if (call) call.argumentsText += event.argumentsDelta;
          return [];
        }
        case "tool-call-end":
          return writeCall(event.index);
        case "usage":
          usage = mergeUsage(usage, event.usage);
          return [];
        case "finish":
          return finish(event.finishReason, event.usage);
        case "error":
          return error(event.error.message);
        default: {
          const unreachable: never = event;
          return unreachable;
        }
      }
    },
    end(): string[] {
      if (closed) return [];
      return error("stream ended unexpectedly");
    },
  };
}
