// In charge of rendering past tool calls and results as text, so no native tool structure reaches a compat upstream.
import type { AssistantContent, TextPart, UnifiedMessage, UserContent } from "../unified/content.ts";
import { jsonTypeOf } from "./coerce.ts";
import { escapeXmlAttribute, escapeXmlText } from "./xml-text.ts";

export interface RenderableCall {
  id?: string;
  name: string;
  arguments: Record<string, unknown>;
}

/** The same `<cs:tool_use>` block the model is told to write, with the call's `<id>` line (compat-mode.md). */
export function renderToolCall(call: RenderableCall): string {
  const lines = ["<cs:tool_use>"];
  if (call.id) lines.push(`<id>${escapeXmlText(call.id)}</id>`);
  lines.push(`<name>${escapeXmlText(call.name)}</name>`, "<args>");
  for (const [name, value] of Object.entries(call.arguments)) {
    lines.push(`<arg name="${escapeXmlAttribute(name)}" type="${jsonTypeOf(value)}">${renderValue(value)}</arg>`);
  }
  lines.push("</args>", "</cs:tool_use>");
  return lines.join("\n");
}

/**
 * A string that starts with a line break is wrapped in one more line break on
 * each side, because readers (ours included) drop one around a value written
 * on its own lines.
 */
function renderValue(value: unknown): string {
  if (typeof value !== "string") return escapeXmlText(JSON.stringify(value) ?? "null");
  const text = escapeXmlText(value);
  return value.startsWith("\n") || value.startsWith("\r\n") ? `\n${text}\n` : text;
}

/** Returns new messages (the input is not changed): assistant calls and user tool results become text. */
export function renderHistory(messages: UnifiedMessage[]): UnifiedMessage[] {
  const out: UnifiedMessage[] = [];
  let previousWasResults = false;
  for (const message of messages) {
    switch (message.role) {
      case "system":
        out.push(message);
        previousWasResults = false;
        break;
      case "assistant":
        out.push({ role: "assistant", content: renderAssistantContent(message.content) });
        previousWasResults = false;
        break;
      case "user": {
        const onlyResults = message.content.length > 0 && message.content.every((part) => part.type === "tool-result");
        const last = out[out.length - 1];
        // Consecutive tool messages (OpenAI sends one per result) become one user message.
        if (onlyResults && previousWasResults && last?.role === "user") {
          out[out.length - 1] = { role: "user", content: renderUserContent(message.content, last.content) };
        } else {
          out.push({ role: "user", content: renderUserContent(message.content, []) });
        }
        previousWasResults = onlyResults;
        break;
      }
      default: {
        const unreachable: never = message;
        return unreachable;
      }
    }
  }
  return out;
}

function renderAssistantContent(parts: AssistantContent[]): AssistantContent[] {
  const out: AssistantContent[] = [];
  for (const part of parts) {
    if (part.type !== "tool-call") {
      out.push(part);
      continue;
    }
    const block = renderToolCall(part);
    const last = out[out.length - 1];
    // The call follows the text before it, as the model would have written it.
    if (last?.type === "text" && !last.cacheControl) {
      const separator = last.text === "" || last.text.endsWith("\n") ? "" : "\n";
      out[out.length - 1] = { type: "text", text: last.text + separator + block };
    } else {
      out.push({ type: "text", text: block });
    }
  }
  return out;
}

/** `<cs:tool_result id="ID">…</cs:tool_result>`; an image inside a result stays an image part at its place. */
function renderUserContent(parts: UserContent[], start: UserContent[]): UserContent[] {
  const out: UserContent[] = [...start];
  const ours = new WeakSet<TextPart>();
  const last = out[out.length - 1];
  if (last?.type === "text" && isRenderedResult(last)) ours.add(last);
  const appendText = (text: string, separator: string): void => {
    const tail = out[out.length - 1];
    if (tail?.type === "text" && ours.has(tail) && !tail.cacheControl) {
      const merged: TextPart = { type: "text", text: tail.text + separator + text };
      ours.add(merged);
      out[out.length - 1] = merged;
      return;
    }
    const part: TextPart = { type: "text", text };
    ours.add(part);
    out.push(part);
  };
  for (const part of parts) {
    if (part.type !== "tool-result") {
      out.push(part);
      continue;
    }
    appendText(`<cs:tool_result id="${escapeXmlAttribute(part.callId)}">${part.isError ? "Error: " : ""}`, "\n");
    for (const item of part.content) {
      if (item.type === "text") appendText(item.text, "");
      else out.push(item);
    }
    appendText("</cs:tool_result>", "");
    const closing = out[out.length - 1];
    if (part.cacheControl && closing?.type === "text") out[out.length - 1] = { ...closing, cacheControl: part.cacheControl };
  }
  return out;
}

function isRenderedResult(part: TextPart): boolean {
  return part.text.startsWith("<cs:tool_result ") && part.text.endsWith("</cs:tool_result>");
}
