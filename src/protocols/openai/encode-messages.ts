// In charge of turning the unified system prompt and messages into Chat Completions `messages`.
import type { AssistantContent, ImagePart, TextPart, UnifiedMessage, UserContent } from "../../unified/content.ts";
import type { UnifiedRequest } from "../../unified/request.ts";
import type { Warning } from "../../unified/warnings.ts";
import { toDataUrl } from "../shared/media-type.ts";
import { pairToolResults } from "../shared/tool-pairing.ts";
import type { WireMessage, WireToolCall, WireUserPart } from "./wire-types.ts";

/** What the encoder dropped along the way, reported once per request instead of once per message. */
interface DropCounts {
  signatures: number;
  redacted: number;
}

function joinText(parts: ReadonlyArray<{ type: string; text?: string }>, separator: string): string {
  const texts: string[] = [];
  for (const part of parts) if (part.type === "text" && part.text) texts.push(part.text);
  return texts.join(separator);
}

function imageUrlPart(image: ImagePart): WireUserPart {
  const url = image.source.kind === "base64" ? toDataUrl(image.source.mediaType, image.source.data) : image.source.url;
  return { type: "image_url", image_url: image.detail === undefined ? { url } : { url, detail: image.detail } };
}

/** Text-only content goes as a string: the widest-supported form (DeepSeek and older local servers reject part arrays). */
function userMessage(parts: Array<TextPart | ImagePart>): WireMessage {
  if (parts.every((part) => part.type === "text")) return { role: "user", content: joinText(parts, "\n") };
  const content: WireUserPart[] = [];
  for (const part of parts) {
    if (part.type === "text") {
      if (part.text) content.push({ type: "text", text: part.text });
    } else content.push(imageUrlPart(part));
  }
  return { role: "user", content };
}

/**
 * One unified user turn may hold tool results and the user's own parts. Chat Completions
 * wants one `tool` message per result right after the assistant's calls, so results go
 * first; images inside results (tool messages carry text only) follow in a user message.
 */
function encodeUser(content: UserContent[], warnings: Warning[]): WireMessage[] {
  const out: WireMessage[] = [];
  const carried: ImagePart[] = [];
  const own: Array<TextPart | ImagePart> = [];
  for (const part of content) {
    if (part.type !== "tool-result") {
      own.push(part);
      continue;
    }
    out.push({ role: "tool", tool_call_id: part.callId, content: joinText(part.content, "\n") });
    const images = part.content.filter((item): item is ImagePart => item.type === "image");
    if (images.length > 0) {
      carried.push(...images);
      warnings.push({ feature: "tool_result.image", detail: `tool result ${part.callId}: images moved into a following user message (tool messages carry text only)` });
    }
    if (part.isError) warnings.push({ feature: "tool_result.is_error", detail: `tool result ${part.callId}: the error flag has no Chat Completions field; content sent as is` });
  }
  const rest = [...carried, ...own];
  if (rest.length > 0 || out.length === 0) out.push(userMessage(rest));
  return out;
}

function encodeAssistant(content: AssistantContent[], drops: DropCounts): WireMessage {
  const reasoning: string[] = [];
  const calls: WireToolCall[] = [];
  for (const part of content) {
    if (part.type === "reasoning") {
      if (part.text) reasoning.push(part.text);
      if (part.signature !== undefined) drops.signatures++;
      if (part.redactedData !== undefined) drops.redacted++;
    } else if (part.type === "tool-call") {
      if (part.signature !== undefined) drops.signatures++;
      calls.push({ id: part.id, type: "function", function: { name: part.name, arguments: JSON.stringify(part.arguments) } });
    }
  }
  const text = joinText(content, "\n");
  const message: Extract<WireMessage, { role: "assistant" }> = { role: "assistant", content: text === "" && calls.length > 0 ? null : text };
  // DeepSeek's thinking mode needs reasoning_content back on tool-call turns; other servers ignore the field.
  if (reasoning.length > 0) message.reasoning_content = reasoning.join("\n");
  if (calls.length > 0) message.tool_calls = calls;
  return message;
}

function encodeMessage(message: UnifiedMessage, warnings: Warning[], drops: DropCounts): WireMessage[] {
  switch (message.role) {
    case "system":
      return [{ role: "system", content: joinText(message.content, "\n\n") }];
    case "user":
      return encodeUser(message.content, warnings);
    case "assistant":
      return [encodeAssistant(message.content, drops)];
    default: {
      const unreachable: never = message;
      return unreachable;
    }
  }
}

/**
 * An assistant message with tool_calls must be followed by its tool messages, so a
 * second assistant message right after it (Claude clients may send consecutive
 * assistant turns; Claude merges them) joins it instead of standing between.
 */
function appendMessage(out: WireMessage[], message: WireMessage): void {
  const last = out[out.length - 1];
  if (message.role !== "assistant" || last?.role !== "assistant" || !last.tool_calls) {
    out.push(message);
    return;
  }
  const text = [last.content, message.content].filter((part): part is string => typeof part === "string" && part !== "").join("\n");
  last.content = text === "" ? null : text;
  const reasoning = [last.reasoning_content, message.reasoning_content].filter((part): part is string => part !== undefined).join("\n");
  if (reasoning !== "") last.reasoning_content = reasoning;
  last.tool_calls = [...last.tool_calls, ...(message.tool_calls ?? [])];
}

export function encodeMessages(request: UnifiedRequest, warnings: Warning[]): WireMessage[] {
  const out: WireMessage[] = [];
  // Several system blocks (Claude `system` arrays) become one leading message: some servers accept only one.
  if (request.system.length > 0) out.push({ role: "system", content: joinText(request.system, "\n\n") });
  const drops: DropCounts = { signatures: 0, redacted: 0 };
  // Trap: tool messages must answer the assistant message right before them, and every call must be answered.
  for (const message of pairToolResults(request.messages, warnings)) {
    for (const wire of encodeMessage(message, warnings, drops)) appendMessage(out, wire);
  }
  if (drops.signatures > 0) warnings.push({ feature: "thinking.signature", detail: `${drops.signatures} reasoning/tool-call signature(s) dropped: Chat Completions has no field for them` });
  if (drops.redacted > 0) warnings.push({ feature: "thinking.redacted", detail: `${drops.redacted} redacted reasoning block(s) dropped` });
  return out;
}
