// In charge of unified messages → Claude `messages`: block shapes, merging, tool_result order, id sanitising.
import { parseDataUrl } from "../shared/media-type.ts";
import { pairToolResults } from "../shared/tool-pairing.ts";
import type { AssistantContent, ImagePart, TextPart, ToolResultPart, UnifiedMessage, UserContent } from "../../unified/content.ts";
import type { Warning } from "../../unified/warnings.ts";
import { sanitizeToolId } from "./tool-id.ts";
import type { ClaudeAssistantBlock, ClaudeImageBlock, ClaudeMessage, ClaudeTextBlock, ClaudeToolResultBlock, ClaudeUserBlock } from "./wire.ts";

/** Claude answers 400 to empty or whitespace-only text blocks ("text content blocks must contain non-whitespace text"). */
function isBlank(text: string): boolean {
  return text.trim() === "";
}

export function encodeText(part: TextPart): ClaudeTextBlock {
  return part.cacheControl ? { type: "text", text: part.text, cache_control: part.cacheControl } : { type: "text", text: part.text };
}

export function encodeTexts(parts: TextPart[]): ClaudeTextBlock[] {
  return parts.filter((part) => !isBlank(part.text)).map(encodeText);
}

function encodeImage(part: ImagePart): ClaudeImageBlock {
  if (part.source.kind === "base64") return { type: "image", source: { type: "base64", media_type: part.source.mediaType, data: part.source.data } };
  // OpenAI clients send inline images as data: URLs; Claude wants them as base64 sources.
  const inline = parseDataUrl(part.source.url);
  if (inline) return { type: "image", source: { type: "base64", media_type: inline.mediaType, data: inline.data } };
  return { type: "image", source: { type: "url", url: part.source.url } };
}

function encodeToolResult(part: ToolResultPart): ClaudeToolResultBlock {
  const content: Array<ClaudeTextBlock | ClaudeImageBlock> = [];
  for (const item of part.content) {
    if (item.type === "image") content.push(encodeImage(item));
    else if (!isBlank(item.text)) content.push(encodeText(item));
  }
  const block: ClaudeToolResultBlock = { type: "tool_result", tool_use_id: sanitizeToolId(part.callId) };
  const only = content[0];
  // A single plain text is sent as a string, the form Claude Code itself uses; an empty result has no content at all.
  if (content.length === 1 && only?.type === "text" && !only.cache_control) block.content = only.text;
  else if (content.length > 0) block.content = content;
  if (part.isError) block.is_error = true;
  if (part.cacheControl) block.cache_control = part.cacheControl;
  return block;
}

function encodeUser(parts: UserContent[]): ClaudeUserBlock[] {
  const blocks: ClaudeUserBlock[] = [];
  for (const part of parts) {
    switch (part.type) {
      case "text":
        if (!isBlank(part.text)) blocks.push(encodeText(part));
        break;
      case "image":
        blocks.push(encodeImage(part));
        break;
      case "tool-result":
        blocks.push(encodeToolResult(part));
        break;
      default: {
        const unreachable: never = part;
        return unreachable;
      }
    }
  }
  return blocks;
}

interface EncodeState {
  droppedReasoning: number;
}

/** Reasoning goes back to Claude only with Claude's own signature (or redacted data), byte-exact; never forged. */
function encodeAssistant(parts: AssistantContent[], state: EncodeState): ClaudeAssistantBlock[] {
  const blocks: ClaudeAssistantBlock[] = [];
  for (const part of parts) {
    switch (part.type) {
      case "text":
        if (!isBlank(part.text)) blocks.push(encodeText(part));
        break;
      case "reasoning":
        if (part.signatureProtocol === "claude" && part.redactedData) blocks.push({ type: "redacted_thinking", data: part.redactedData });
        else if (part.signatureProtocol === "claude" && part.signature) blocks.push({ type: "thinking", thinking: part.text, signature: part.signature });
        else if (part.text !== "" || part.signature) state.droppedReasoning++;
        break;
      case "tool-call":
        blocks.push({ type: "tool_use", id: sanitizeToolId(part.id), name: part.name, input: part.arguments });
        break;
      default: {
        const unreachable: never = part;
        return unreachable;
      }
    }
  }
  return blocks;
}

function encodeOne(message: UnifiedMessage, state: EncodeState): ClaudeMessage {
  switch (message.role) {
    case "system":
      return { role: "system", content: encodeTexts(message.content) };
    case "user":
      return { role: "user", content: encodeUser(message.content) };
    case "assistant":
      return { role: "assistant", content: encodeAssistant(message.content, state) };
    default: {
      const unreachable: never = message;
      return unreachable;
    }
  }
}

function append(last: ClaudeMessage, next: ClaudeMessage): boolean {
  if (last.role === "user" && next.role === "user") last.content.push(...next.content);
  else if (last.role === "assistant" && next.role === "assistant") last.content.push(...next.content);
  else if (last.role === "system" && next.role === "system") last.content.push(...next.content);
  else return false;
  return true;
}

/**
 * Consecutive same-role messages become one (Claude combines them anyway;
 * strict alternation keeps third-party endpoints happy). The messages are
 * fresh objects from encodeOne, so appending in place is safe.
 */
function merge(messages: ClaudeMessage[]): ClaudeMessage[] {
  const out: ClaudeMessage[] = [];
  for (const message of messages) {
    const last = out[out.length - 1];
    if (!last || !append(last, message)) out.push(message);
  }
  return out;
}

/** Claude wants the tool_result blocks first in a user turn, before any text. */
function resultsFirst(message: ClaudeMessage): ClaudeMessage {
  if (message.role !== "user") return message;
  const results = message.content.filter((block) => block.type === "tool_result");
  if (results.length === 0) return message;
  return { role: "user", content: [...results, ...message.content.filter((block) => block.type !== "tool_result")] };
}

/** Claude rejects a final (prefill) assistant turn ending in whitespace. */
function trimPrefill(messages: ClaudeMessage[]): ClaudeMessage[] {
  const last = messages[messages.length - 1];
  if (!last || last.role !== "assistant") return messages;
  const block = last.content[last.content.length - 1];
  if (block?.type !== "text") return messages;
  const content = [...last.content.slice(0, -1), { ...block, text: block.text.trimEnd() }];
  return [...messages.slice(0, -1), { role: "assistant", content }];
}

export function encodeMessages(messages: UnifiedMessage[], warnings: Warning[]): ClaudeMessage[] {
  const state: EncodeState = { droppedReasoning: 0 };
  // Every tool_use must be answered by a tool_result in the very next user turn, and no tool_result may answer anything else.
  const encoded = pairToolResults(messages, warnings).map((message) => encodeOne(message, state)).filter((message) => message.content.length > 0);
  if (state.droppedReasoning > 0) {
    warnings.push({ feature: "thinking.signature", detail: `${state.droppedReasoning} reasoning part(s) without a Claude signature dropped from history` });
  }
  return trimPrefill(merge(encoded).map(resultsFirst));
}
