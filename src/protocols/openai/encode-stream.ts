// In charge of writing unified events as the chat.completion.chunk SSE stream a client reads (pure step object).
import type { EncodeClientContext, Step } from "../codec.ts";
import { ProxyError } from "../../unified/errors.ts";
import type { UnifiedEvent } from "../../unified/events.ts";
import type { FinishReason } from "../../unified/finish-reason.ts";
import { mergeUsage, type Usage } from "../../unified/usage.ts";
import { SLOT, textSlot } from "../../wire/sse-encode.ts";
import { encodeStreamError } from "./encode-error.ts";
import { encodeFinishReason } from "./map-finish-reason.ts";
import { encodeUsage } from "./usage.ts";
import type { WireChunk, WireDelta, WireFinishReason } from "./wire-types.ts";

/**
 * The sequence OpenAI writes: a first chunk with `role` and empty content, content /
 * tool-call deltas, a chunk with an empty delta and `finish_reason`, then (with
 * `stream_options.include_usage`) a chunk with `choices: []` and `usage`, then `[DONE]`.
 * With include_usage on, every other chunk carries `usage: null`.
 * @see https://platform.openai.com/docs/api-reference/chat-streaming/streaming
 */
export function createStreamEncoder(context: EncodeClientContext): Step<UnifiedEvent, string> {
  const id = context.newId("chatcmpl-");
  const created = Math.floor(context.now() / 1000);
  const includeUsage = context.includeUsage === true;
  /** Unified tool-call index → the index the client sees (0, 1, 2 … in order of start). */
  const toolIndex = new Map<number, number>();
  /** Unified indexes of calls that have written argument text (a call that never does still owes "{}"). */
  const withArguments = new Set<number>();
  let started = false;
  let ended = false;
  let usage: Usage | undefined;

  function frame(delta: WireDelta | null, finishReason: WireFinishReason | null = null): string {
    const chunk: WireChunk = { id, object: "chat.completion.chunk", created, model: context.model, choices: delta ? [{ index: 0, delta, logprobs: null, finish_reason: finishReason }] : [] };
    if (includeUsage) chunk.usage = delta ? null : encodeUsage(usage);
    return `data: ${JSON.stringify(chunk)}\n\n`;
  }

  const textFrame = textSlot(frame({ content: SLOT }));

  function ensureStarted(): string[] {
    if (started) return [];
    started = true;
    return [frame({ role: "assistant", content: "", refusal: null })];
  }

  function finish(reason: FinishReason, finalUsage: Partial<Usage> | undefined): string[] {
    if (finalUsage) usage = mergeUsage(usage, finalUsage);
    const unended = [...toolIndex.keys()].flatMap((index) => toolCallEnd({ type: "tool-call-end", index }));
    const out = [...ensureStarted(), ...unended, frame({}, encodeFinishReason(reason, toolIndex.size > 0))];
    if (includeUsage) out.push(frame(null));
    out.push("data: [DONE]\n\n");
    ended = true;
    return out;
  }

  function fail(error: ProxyError): string[] {
    ended = true;
    return [encodeStreamError(error)];
  }

  function toolCallStart(event: Extract<UnifiedEvent, { type: "tool-call-start" }>): string[] {
    const index = toolIndex.size;
    toolIndex.set(event.index, index);
    return [...ensureStarted(), frame({ tool_calls: [{ index, id: event.id, type: "function", function: { name: event.name, arguments: "" } }] })];
  }

  function toolCallDelta(event: Extract<UnifiedEvent, { type: "tool-call-delta" }>): string[] {
    const index = toolIndex.get(event.index);
    if (index === undefined || event.argumentsDelta === "") return [];
    withArguments.add(event.index);
    return [frame({ tool_calls: [{ index, function: { arguments: event.argumentsDelta } }] })];
  }

  /**
   * Claude streams a call of an argument-less tool as one empty input_json_delta: without
   * this the client's arguments would stay "" (not JSON), where OpenAI always sends "{}".
   */
  function toolCallEnd(event: Extract<UnifiedEvent, { type: "tool-call-end" }>): string[] {
    const index = toolIndex.get(event.index);
    if (index === undefined || withArguments.has(event.index)) return [];
    withArguments.add(event.index);
    return [frame({ tool_calls: [{ index, function: { arguments: "{}" } }] })];
  }

  function encode(event: UnifiedEvent): string[] {
    switch (event.type) {
      case "message-start":
        return ensureStarted();
      case "text-delta":
        if (event.text === "") return [];
        return started ? [textFrame(event.text)] : [...ensureStarted(), textFrame(event.text)];
      case "reasoning-delta":
        return event.text === "" ? [] : [...ensureStarted(), frame({ reasoning_content: event.text })];
      case "reasoning-signature":
      case "reasoning-redacted":
        // Chat Completions has no field for signatures or redacted reasoning.
        return [];
      case "tool-call-start":
        return toolCallStart(event);
      case "tool-call-delta":
        return toolCallDelta(event);
      case "tool-call-end":
        return toolCallEnd(event);
      case "usage":
        usage = mergeUsage(usage, event.usage);
        return [];
      case "finish":
        return finish(event.finishReason, event.usage);
      case "error":
        return fail(event.error);
      default: {
        const unreachable: never = event;
        return unreachable;
      }
    }
  }

  return {
    push(event) {
      return ended ? [] : encode(event);
    },
    end() {
      return ended ? [] : fail(new ProxyError("upstream", "stream ended unexpectedly"));
    },
  };
}
