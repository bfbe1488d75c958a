// In charge of an upstream GenerateContentResponse → UnifiedResponse.
import type { CodecContext } from "../codec.ts";
import type { AssistantContent } from "../../unified/content.ts";
import { ProxyError } from "../../unified/errors.ts";
import type { FinishReason } from "../../unified/finish-reason.ts";
import type { UnifiedResponse } from "../../unified/response.ts";
import { emptyUsage } from "../../unified/usage.ts";
import { isRecord } from "../shared/json.ts";
import { decodeModelParts } from "./decode-parts.ts";
import { field } from "./fields.ts";
import { finishReasonFromBlock, finishReasonFromWire } from "./map-finish-reason.ts";
import { usageFromMetadata } from "./usage.ts";

/** Only the first candidate is read: ccproxy never asks for more than one. */
export function decodeResponse(body: unknown, context: CodecContext): UnifiedResponse {
  if (!isRecord(body)) throw new ProxyError("upstream", "Gemini upstream answered with a body that is not a JSON object");
  const candidates = field(body, "candidates");
  const usageMetadata = field(body, "usageMetadata");
  const promptFeedback = field(body, "promptFeedback");
  if (candidates === undefined && usageMetadata === undefined && promptFeedback === undefined) {
    throw new ProxyError("upstream", "Gemini upstream answered without candidates, promptFeedback or usageMetadata");
  }
  const candidate = Array.isArray(candidates) && isRecord(candidates[0]) ? candidates[0] : undefined;
  const content = candidate ? candidateContent(candidate, context) : [];
  const response: UnifiedResponse = {
    model: stringField(body, "modelVersion") ?? "",
    content,
    finishReason: finishReasonOf(candidate, promptFeedback, content),
    usage: usageFromMetadata(usageMetadata) ?? emptyUsage(),
  };
  const id = stringField(body, "responseId");
  if (id) response.id = id;
  return response;
}

function stringField(record: Record<string, unknown>, name: string): string | undefined {
  const value = field(record, name);
  return typeof value === "string" ? value : undefined;
}

/** Parts of the candidate; a malformed part is an upstream fault, not the client's. */
export function candidateContent(candidate: Record<string, unknown>, context: CodecContext): AssistantContent[] {
  const content = field(candidate, "content");
  const parts = isRecord(content) ? content.parts : undefined;
  if (!Array.isArray(parts)) return [];
  try {
    return decodeModelParts(parts, "candidates[0].content.parts", () => context.newId("call_"), []);
  } catch (error) {
    if (error instanceof ProxyError) throw new ProxyError("upstream", `Gemini upstream sent an invalid part: ${error.message}`);
    throw error;
  }
}

function finishReasonOf(candidate: Record<string, unknown> | undefined, promptFeedback: unknown, content: AssistantContent[]): FinishReason {
  const hasToolCalls = content.some((part) => part.type === "tool-call");
  const raw = candidate ? field(candidate, "finishReason") : undefined;
  if (typeof raw === "string") return finishReasonFromWire(raw, hasToolCalls);
  const block = isRecord(promptFeedback) ? field(promptFeedback, "blockReason") : undefined;
  if (typeof block === "string") return finishReasonFromBlock(block);
  if (hasToolCalls) return { unified: "tool-calls" };
  return candidate ? { unified: "stop" } : { unified: "other" };
}
