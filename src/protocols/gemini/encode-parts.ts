// In charge of unified assistant content → Gemini model `parts` (history sent upstream, answers sent to clients).
import type { AssistantContent, ImagePart, ReasoningPart } from "../../unified/content.ts";
import type { Warning } from "../../unified/warnings.ts";
import { parseDataUrl } from "../shared/media-type.ts";
import type { GeminiPart } from "./wire-types.ts";

export interface EncodePartsOptions {
  /** "upstream": history for the Gemini API (foreign reasoning dropped, no call ids); "client": an answer to a Gemini client. */
  target: "upstream" | "client";
}

/**
 * Signatures go back only when they came from Gemini. An empty signed reasoning
 * part stands for a signature that rode on a plain text part (see
 * decode-parts.ts), so it is put back on the text part that follows it.
 */
export function encodeAssistantParts(content: AssistantContent[], options: EncodePartsOptions, warnings: Warning[]): GeminiPart[] {
  const parts: GeminiPart[] = [];
  let pendingSignature: string | undefined;
  for (const item of content) {
    switch (item.type) {
      case "reasoning": {
        if (pendingSignature !== undefined) parts.push({ text: "", thoughtSignature: pendingSignature });
        pendingSignature = undefined;
        const signature = geminiSignature(item);
        if (signature !== undefined && item.text === "") pendingSignature = signature;
        else pushReasoning(parts, item, signature, options, warnings);
        break;
      }
      case "text": {
        if (item.text === "" && pendingSignature === undefined) break;
        parts.push(pendingSignature === undefined ? { text: item.text } : { text: item.text, thoughtSignature: pendingSignature });
        pendingSignature = undefined;
        break;
      }
      case "tool-call": {
        if (pendingSignature !== undefined) parts.push({ text: "", thoughtSignature: pendingSignature });
        pendingSignature = undefined;
        const call = options.target === "client" ? { id: item.id, name: item.name, args: item.arguments } : { name: item.name, args: item.arguments };
        const part: GeminiPart = { functionCall: call };
        if (item.signature && item.signatureProtocol === "gemini") part.thoughtSignature = item.signature;
        parts.push(part);
        break;
      }
      default: {
        const unreachable: never = item;
        return unreachable;
      }
    }
  }
  if (pendingSignature !== undefined) parts.push({ text: "", thoughtSignature: pendingSignature });
  return parts;
}

function geminiSignature(part: ReasoningPart): string | undefined {
  return part.signatureProtocol === "gemini" && part.signature ? part.signature : undefined;
}

function pushReasoning(parts: GeminiPart[], item: ReasoningPart, signature: string | undefined, options: EncodePartsOptions, warnings: Warning[]): void {
  if (signature !== undefined) {
    parts.push({ text: item.text, thought: true, thoughtSignature: signature });
    return;
  }
  if (options.target === "client") {
    if (item.text) parts.push({ text: item.text, thought: true });
    return;
  }
  // Gemini cannot verify reasoning from another model; the visible answer and calls carry the context.
  if (item.text || item.signature || item.redactedData) warnings.push({ feature: "reasoning", detail: "reasoning from another protocol was dropped from the history sent to Gemini" });
}

const EXTENSION_TYPES: Record<string, string> = { png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg", gif: "image/gif", webp: "image/webp", heic: "image/heic", heif: "image/heif" };

/** Images: base64 and data URLs inline; a remote URL (the pipeline normally inlines it first) becomes fileData. */
export function encodeImage(image: ImagePart, warnings: Warning[]): GeminiPart {
  if (image.source.kind === "base64") return { inlineData: { mimeType: image.source.mediaType, data: image.source.data } };
  const inline = parseDataUrl(image.source.url);
  if (inline) return { inlineData: { mimeType: inline.mediaType, data: inline.data } };
  warnings.push({ feature: "image.url", detail: `image URL ${image.source.url} sent as fileData; the Gemini API may not fetch arbitrary URLs` });
  const extension = /\.([a-z0-9]+)(?:[?#].*)?$/i.exec(image.source.url)?.[1]?.toLowerCase() ?? "";
  return { fileData: { fileUri: image.source.url, mimeType: EXTENSION_TYPES[extension] ?? "image/jpeg" } };
}
