// In charge of unified messages → Gemini `contents` (+ systemInstruction parts), honouring Gemini's turn rules.
import { textOf, type ToolResultPart, type UnifiedMessage, type UserContent } from "../../unified/content.ts";
import type { Warning } from "../../unified/warnings.ts";
import { pairToolResults } from "../shared/tool-pairing.ts";
import { encodeAssistantParts, encodeImage } from "./encode-parts.ts";
import type { GeminiContent, GeminiPart } from "./wire-types.ts";

/**
 * Google's documented placeholder for a model turn whose calls were not made
 * by Gemini (history from another model): Gemini 3 rejects a turn whose first
 * functionCall carries no thoughtSignature.
 * @see https://ai.google.dev/gemini-api/docs/thought-signatures
 */
export const SKIP_SIGNATURE = "skip_thought_signature_validator";

export interface EncodedContents {
  contents: GeminiContent[];
  /** Text of in-place system messages: Gemini has no system role in `contents`. */
  systemTexts: string[];
}

export function encodeContents(history: UnifiedMessage[], warnings: Warning[]): EncodedContents {
  // Gemini wants each function-call turn answered, call for call, by the very next turn.
  const messages = pairToolResults(history, warnings);
  const callNames = new Map<string, string>();
  for (const message of messages) {
    if (message.role !== "assistant") continue;
    for (const part of message.content) if (part.type === "tool-call") callNames.set(part.id, part.name);
  }
  const contents: GeminiContent[] = [];
  const systemTexts: string[] = [];
  for (const message of messages) {
    switch (message.role) {
      case "system": {
        const text = textOf(message.content);
        if (text) systemTexts.push(text);
        break;
      }
      case "user":
        append(contents, "user", encodeUserParts(message.content, callNames, warnings));
        break;
      case "assistant":
        append(contents, "model", encodeAssistantParts(message.content, { target: "upstream" }, warnings));
        break;
      default: {
        const unreachable: never = message;
        return unreachable;
      }
    }
  }
  for (const content of contents) if (content.role === "model") signFirstCall(content.parts);
  return { contents, systemTexts };
}

/** Gemini requires user and model turns to alternate, so consecutive same-role turns are merged. */
function append(contents: GeminiContent[], role: GeminiContent["role"], parts: GeminiPart[]): void {
  if (parts.length === 0) return;
  const last = contents[contents.length - 1];
  if (last && last.role === role) last.parts.push(...parts);
  else contents.push({ role, parts });
}

function signFirstCall(parts: GeminiPart[]): void {
  const first = parts.find((part) => part.functionCall !== undefined);
  if (first && first.thoughtSignature === undefined) first.thoughtSignature = SKIP_SIGNATURE;
}

function encodeUserParts(content: UserContent[], callNames: Map<string, string>, warnings: Warning[]): GeminiPart[] {
  const parts: GeminiPart[] = [];
  for (const item of content) {
    switch (item.type) {
      case "text":
        if (item.text) parts.push({ text: item.text });
        break;
      case "image":
        parts.push(encodeImage(item, warnings));
        break;
      case "tool-result":
        parts.push(...encodeToolResult(item, callNames, warnings));
        break;
      default: {
        const unreachable: never = item;
        return unreachable;
      }
    }
  }
  return parts;
}

/**
 * A result becomes `functionResponse {name, response}`; Gemini matches it by
 * name, so the name comes from the part or from the call it answers. Images
 * in a result follow it as inline parts, which every Gemini model accepts.
 */
function encodeToolResult(result: ToolResultPart, callNames: Map<string, string>, warnings: Warning[]): GeminiPart[] {
  let name = result.name || callNames.get(result.callId);
  if (!name) {
    warnings.push({ feature: "tool-result.name", detail: `tool result ${result.callId} answers no known call; sent as "unknown_function"` });
    name = "unknown_function";
  }
  const text = textOf(result.content);
  const parts: GeminiPart[] = [{ functionResponse: { name, response: responseObject(text, result.isError === true) } }];
  for (const item of result.content) if (item.type === "image") parts.push(encodeImage(item, warnings));
  return parts;
}

/**
 * Text goes as `{output}` (or `{error}`), the shape Gemini's docs and CLI use.
 * A result that looks like JSON stays text: a file that happens to be JSON must
 * reach the model as the text the tool produced.
 */
function responseObject(text: string, isError: boolean): Record<string, unknown> {
  return isError ? { error: text } : { output: text };
}
