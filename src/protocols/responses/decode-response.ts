// In charge of turning an upstream Response object into a UnifiedResponse (pure).
import type { CodecContext } from "../codec.ts";
import type { AssistantContent } from "../../unified/content.ts";
import { ProxyError } from "../../unified/errors.ts";
import type { UnifiedResponse } from "../../unified/response.ts";
import { emptyUsage, mergeUsage } from "../../unified/usage.ts";
import { argumentsObject, isRecord } from "../shared/json.ts";
import { inBandError } from "./encode-error.ts";
import { decodeFinishReason } from "./map-finish-reason.ts";
import { packSignature } from "./signature.ts";
import { unifiedCallName } from "./tool-names.ts";
import { decodeUsage } from "./usage.ts";

function joinTexts(value: unknown): string {
  if (!Array.isArray(value)) return "";
  let text = "";
  for (const part of value) if (isRecord(part) && typeof part.text === "string") text += part.text;
  return text;
}

function messageText(item: Record<string, unknown>): string {
  if (!Array.isArray(item.content)) return "";
  let text = "";
  for (const part of item.content) {
    if (!isRecord(part)) continue;
    if (part.type === "output_text" && typeof part.text === "string") text += part.text;
    else if (part.type === "refusal" && typeof part.refusal === "string") text += part.refusal;
  }
  return text;
}

/** Summaries (several parts joined by blank lines), or `reasoning_text` content from open-weight models. */
export function reasoningText(item: Record<string, unknown>): string {
  const summary = Array.isArray(item.summary) ? item.summary.filter(isRecord).map((part) => (typeof part.text === "string" ? part.text : "")).filter((text) => text !== "") : [];
  return summary.length > 0 ? summary.join("\n\n") : joinTexts(item.content);
}

export function reasoningPart(item: Record<string, unknown>): AssistantContent | null {
  const text = reasoningText(item);
  const encrypted = typeof item.encrypted_content === "string" && item.encrypted_content !== "" ? item.encrypted_content : undefined;
  if (encrypted === undefined) return text === "" ? null : { type: "reasoning", text };
  const id = typeof item.id === "string" && item.id !== "" ? item.id : undefined;
  return { type: "reasoning", text, signature: packSignature({ id, encryptedContent: encrypted }), signatureProtocol: "openai-responses" };
}

function itemParts(item: Record<string, unknown>, context: CodecContext): AssistantContent[] {
  switch (item.type) {
    case "message": {
      const text = messageText(item);
      return text === "" ? [] : [{ type: "text", text }];
    }
    case "reasoning": {
      const part = reasoningPart(item);
      return part ? [part] : [];
    }
    case "function_call":
    case "custom_tool_call": {
      if (typeof item.name !== "string") return [];
      const id = typeof item.call_id === "string" && item.call_id !== "" ? item.call_id : context.newId("call_");
      const args = item.type === "custom_tool_call" ? { input: typeof item.input === "string" ? item.input : "" } : argumentsObject(item.arguments);
      return [{ type: "tool-call", id, name: unifiedCallName(item.name, item.namespace), arguments: args }];
    }
    default:
      // Hosted tool items (web_search_call …) ran upstream; their effect is in the message text.
      return [];
  }
}

export function decodeResponse(body: unknown, context: CodecContext): UnifiedResponse {
  if (!isRecord(body)) throw new ProxyError("upstream", "upstream answer is not a JSON object");
  if (body.status === "failed" || (isRecord(body.error) && !Array.isArray(body.output))) throw inBandError({ response: body });
  if (!Array.isArray(body.output)) throw new ProxyError("upstream", "upstream answer has no output");
  const content: AssistantContent[] = [];
  for (const item of body.output) if (isRecord(item)) content.push(...itemParts(item, context));
  const details = isRecord(body.incomplete_details) ? body.incomplete_details.reason : undefined;
  const finishReason = decodeFinishReason(body.status ?? "completed", details, content.some((part) => part.type === "tool-call"));
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
