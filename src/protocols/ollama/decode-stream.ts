// In charge of turning Ollama NDJSON stream lines into unified events.
import { ProxyError } from "../../unified/errors.ts";
import type { UnifiedEvent } from "../../unified/events.ts";
import type { CodecContext, Step } from "../codec.ts";
import { isRecord, parseJson } from "../shared/json.ts";
import type { StreamFrame } from "../../wire/frame.ts";
import { append } from "../../wire/append.ts";
import { decodeFinishReason } from "./map-finish-reason.ts";
import { usageFromWire } from "./map-usage.ts";
import { type AnswerMessage, readAnswerMessage } from "./read-answer.ts";

/**
 * Each line is a ChatResponse chunk: `message.thinking` / `message.content`
 * deltas, `message.tool_calls` as whole calls (several may share one line),
 * and a last line with `done: true`, `done_reason` and the counts. An
 * `{"error": "…"}` line is Ollama's in-band failure (docs/api/errors.mdx).
 */
export function createStreamDecoder(context: CodecContext): Step<StreamFrame, UnifiedEvent> {
  let started = false;
  let closed = false;
  let nextToolIndex = 0;
  let sawToolCalls = false;

  function fail(message: string): UnifiedEvent[] {
    closed = true;
    return [{ type: "error", error: new ProxyError("upstream", message) }];
  }

  function messageEvents(message: AnswerMessage): UnifiedEvent[] {
    const out: UnifiedEvent[] = [];
    if (message.thinking) out.push({ type: "reasoning-delta", text: message.thinking });
    if (message.content) out.push({ type: "text-delta", text: message.content });
    for (const call of message.toolCalls) {
      // Indexes are ours (0, 1, 2 … per response): Ollama's own function.index restarts per line.
      const index = nextToolIndex++;
      sawToolCalls = true;
      out.push({ type: "tool-call-start", index, id: call.id ?? context.newId("call_"), name: call.name });
      out.push({ type: "tool-call-delta", index, argumentsDelta: JSON.stringify(call.arguments) });
      out.push({ type: "tool-call-end", index });
    }
    return out;
  }

  return {
    push(frame: StreamFrame): UnifiedEvent[] {
      if (closed) return [];
      const parsed = parseJson(frame.data);
      if (!parsed.ok) return fail(`upstream sent a stream line that is not JSON: ${parsed.error}`);
      const chunk = parsed.value;
      if (!isRecord(chunk)) return fail("upstream sent a stream line that is not a JSON object");
      if (chunk.error !== undefined) return fail(typeof chunk.error === "string" ? chunk.error : JSON.stringify(chunk.error));

      const out: UnifiedEvent[] = [];
      if (!started) {
        started = true;
        out.push(typeof chunk.model === "string" ? { type: "message-start", model: chunk.model } : { type: "message-start" });
      }
      append(out, messageEvents(readAnswerMessage(chunk.message)));
      if (chunk.done === true) {
        closed = true;
        const usage = usageFromWire(chunk);
        const finishReason = decodeFinishReason(chunk.done_reason, sawToolCalls);
        out.push(usage ? { type: "finish", finishReason, usage } : { type: "finish", finishReason });
      }
      return out;
    },
    end(): UnifiedEvent[] {
      if (closed) return [];
      return fail("upstream stream ended before completion");
    },
  };
}
