// In charge of turning an upstream chat.completion.chunk SSE stream into unified events (pure step object).
import type { CodecContext, Step } from "../codec.ts";
import { ProxyError } from "../../unified/errors.ts";
import type { UnifiedEvent } from "../../unified/events.ts";
import type { FinishReason } from "../../unified/finish-reason.ts";
import { mergeUsage, type Usage } from "../../unified/usage.ts";
import type { StreamFrame } from "../../wire/frame.ts";
import { append } from "../../wire/append.ts";
import { isRecord, parseJson } from "../shared/json.ts";
import { contentText, reasoningOf } from "./decode-response.ts";
import { inBandError } from "./encode-error.ts";
import { decodeFinishReason } from "./map-finish-reason.ts";
import { createToolCallTracker } from "./tool-call-tracker.ts";
import { decodeUsage } from "./usage.ts";

/**
 * The stream ends with `data: [DONE]`; the usage chunk (`choices: []`) comes after the
 * chunk with `finish_reason`, so `finish` is emitted at `[DONE]`, carrying the final usage.
 * @see https://platform.openai.com/docs/api-reference/chat-streaming/streaming
 */
export function createStreamDecoder(context: CodecContext): Step<StreamFrame, UnifiedEvent> {
  const tracker = createToolCallTracker(() => context.newId("call_"));
  let started = false;
  let done = false;
  let finishReason: FinishReason | undefined;
  let usage: Usage | undefined;

  function start(chunk: Record<string, unknown>): UnifiedEvent[] {
    if (started) return [];
    started = true;
    const event: Extract<UnifiedEvent, { type: "message-start" }> = { type: "message-start" };
    if (typeof chunk.id === "string") event.id = chunk.id;
    if (typeof chunk.model === "string") event.model = chunk.model;
    return [event];
  }

  function finish(): UnifiedEvent[] {
    const out = [...start({}), ...tracker.closeAll()];
    // A stream without finish_reason (some local servers) still ends normally at [DONE].
    const reason: FinishReason = finishReason ?? { unified: "stop" };
    if (reason.unified === "stop" && tracker.hasCalls()) reason.unified = "tool-calls";
    const event: Extract<UnifiedEvent, { type: "finish" }> = { type: "finish", finishReason: reason };
    if (usage) event.usage = usage;
    out.push(event);
    done = true;
    return out;
  }

  function fail(error: ProxyError): UnifiedEvent[] {
    done = true;
    return [{ type: "error", error }];
  }

  /** Appends to `out`: this runs for every frame, so no array per choice. */
  function choiceEvents(choice: Record<string, unknown>, out: UnifiedEvent[]): void {
    const delta = isRecord(choice.delta) ? choice.delta : {};
    const reasoning = reasoningOf(delta);
    if (reasoning !== undefined) out.push({ type: "reasoning-delta", text: reasoning });
    const text = contentText(delta.content);
    if (text !== "") out.push({ type: "text-delta", text });
    if (typeof delta.refusal === "string" && delta.refusal !== "") out.push({ type: "text-delta", text: delta.refusal });
    if (Array.isArray(delta.tool_calls)) {
      for (const call of delta.tool_calls) if (isRecord(call)) append(out, tracker.push(call));
    }
    if (isRecord(delta.function_call)) append(out, tracker.push({ index: "function_call", function: delta.function_call }));
    if (typeof choice.finish_reason === "string") {
      append(out, tracker.closeAll());
      finishReason = decodeFinishReason(choice.finish_reason);
    }
  }

  function chunkEvents(chunk: Record<string, unknown>): UnifiedEvent[] {
    const out = start(chunk);
    const choices = Array.isArray(chunk.choices) ? chunk.choices : [];
    for (const choice of choices) {
      // Only the first choice is carried (n > 1 has no unified form).
      if (isRecord(choice) && (choice.index === undefined || choice.index === 0)) choiceEvents(choice, out);
    }
    const chunkUsage = decodeUsage(chunk.usage);
    if (chunkUsage) {
      usage = mergeUsage(usage, chunkUsage);
      out.push({ type: "usage", usage: chunkUsage });
    }
    return out;
  }

  return {
    push(frame) {
      if (done) return [];
      const data = frame.data.trim();
      if (data === "") return [];
      if (data === "[DONE]") return finish();
      const parsed = parseJson(data);
      if (!parsed.ok || !isRecord(parsed.value)) {
        return fail(new ProxyError("upstream", `upstream sent a stream frame that is not a JSON object: ${data.slice(0, 200)}`));
      }
      const chunk = parsed.value;
      if (frame.event === "error" || (chunk.error !== undefined && chunk.error !== null)) return fail(inBandError(chunk));
      return chunkEvents(chunk);
    },
    end() {
      if (done) return [];
      // Some servers close the connection right after the finish chunk without [DONE].
      if (finishReason) return finish();
      return fail(new ProxyError("upstream", "upstream stream ended before completion"));
    },
  };
}
