// In charge of an upstream `streamGenerateContent?alt=sse` stream → unified events.
import type { CodecContext, Step } from "../codec.ts";
import { kindForStatus, ProxyError } from "../../unified/errors.ts";
import type { UnifiedEvent } from "../../unified/events.ts";
import type { FinishReason } from "../../unified/finish-reason.ts";
import type { Usage } from "../../unified/usage.ts";
import type { StreamFrame } from "../../wire/frame.ts";
import { isRecord, parseJson } from "../shared/json.ts";
import { candidateContent } from "./decode-response.ts";
import { field } from "./fields.ts";
import { finishReasonFromBlock, finishReasonFromWire } from "./map-finish-reason.ts";
import { usageFromMetadata } from "./usage.ts";

/**
 * Each `data:` is a whole GenerateContentResponse chunk. Gemini has no end
 * marker: the chunk with a finishReason (usage may follow in later chunks,
 * cumulative, the last wins) marks a complete stream, and `finish` is emitted
 * at end(). Calls arrive whole and become start + one delta + end.
 */
export function createStreamDecoder(context: CodecContext): Step<StreamFrame, UnifiedEvent> {
  let started = false;
  let done = false;
  let toolIndex = 0;
  let usage: Usage | undefined;
  let rawFinish: string | undefined;
  let blockReason: string | undefined;

  function fail(error: ProxyError): UnifiedEvent[] {
    done = true;
    return [{ type: "error", error }];
  }

  function chunkEvents(chunk: Record<string, unknown>): UnifiedEvent[] {
    const out: UnifiedEvent[] = [];
    if (!started) {
      started = true;
      const start: UnifiedEvent = { type: "message-start" };
      const id = field(chunk, "responseId");
      const model = field(chunk, "modelVersion");
      if (typeof id === "string") start.id = id;
      if (typeof model === "string") start.model = model;
      out.push(start);
    }
    const candidates = field(chunk, "candidates");
    const candidate = Array.isArray(candidates) && isRecord(candidates[0]) ? candidates[0] : undefined;
    if (candidate) {
      for (const part of candidateContent(candidate, context)) {
        switch (part.type) {
          case "text":
            if (part.text) out.push({ type: "text-delta", text: part.text });
            break;
          case "reasoning":
            if (part.text) out.push({ type: "reasoning-delta", text: part.text });
            if (part.signature) out.push({ type: "reasoning-signature", signature: part.signature, protocol: "gemini" });
            break;
          case "tool-call": {
            const index = toolIndex++;
            const start: UnifiedEvent = { type: "tool-call-start", index, id: part.id, name: part.name };
            if (part.signature) Object.assign(start, { signature: part.signature, signatureProtocol: part.signatureProtocol });
            out.push(start, { type: "tool-call-delta", index, argumentsDelta: JSON.stringify(part.arguments) }, { type: "tool-call-end", index });
            break;
          }
          default: {
            const unreachable: never = part;
            return unreachable;
          }
        }
      }
      const finish = field(candidate, "finishReason");
      if (typeof finish === "string") rawFinish = finish;
    }
    const feedback = field(chunk, "promptFeedback");
    const block = isRecord(feedback) ? field(feedback, "blockReason") : undefined;
    if (typeof block === "string") blockReason = block;
    const chunkUsage = usageFromMetadata(field(chunk, "usageMetadata"));
    if (chunkUsage) usage = chunkUsage;
    return out;
  }

  return {
    push(frame: StreamFrame): UnifiedEvent[] {
      if (done) return [];
      const parsed = parseJson(frame.data);
      if (!parsed.ok) return fail(new ProxyError("upstream", `Gemini upstream sent stream data that is not JSON: ${parsed.error}`));
      const chunk = Array.isArray(parsed.value) && parsed.value.length === 1 ? parsed.value[0] : parsed.value;
      if (!isRecord(chunk)) return fail(new ProxyError("upstream", "Gemini upstream sent a stream chunk that is not a JSON object"));
      if (isRecord(chunk.error)) return fail(streamError(chunk.error));
      try {
        return chunkEvents(chunk);
      } catch (error) {
        if (error instanceof ProxyError) return fail(error);
        throw error;
      }
    },
    end(): UnifiedEvent[] {
      if (done) return [];
      done = true;
      if (rawFinish === undefined && blockReason === undefined) {
        return [{ type: "error", error: new ProxyError("upstream", "upstream stream ended before completion") }];
      }
      const finishReason: FinishReason = rawFinish !== undefined ? finishReasonFromWire(rawFinish, toolIndex > 0) : finishReasonFromBlock(blockReason ?? "OTHER");
      const out: UnifiedEvent[] = started ? [] : [{ type: "message-start" }];
      out.push(usage ? { type: "finish", finishReason, usage } : { type: "finish", finishReason });
      return out;
    },
  };
}

/** An in-band `{"error": {code, message, status}}` chunk. */
export function streamError(error: Record<string, unknown>): ProxyError {
  const code = typeof error.code === "number" && error.code >= 400 ? error.code : 500;
  const message = typeof error.message === "string" && error.message ? error.message : `Gemini upstream stream failed (${String(error.status ?? code)})`;
  return new ProxyError(kindForStatus(code), message, { status: code, upstream: { status: code } });
}
