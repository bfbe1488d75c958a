// In charge of turning Ollama chat messages into unified messages, linking tool results to their calls.
import type { AssistantContent, TextPart, ToolResultPart, UnifiedMessage, UserContent } from "../../unified/content.ts";
import { invalidRequest } from "../../unified/errors.ts";
import type { Warning } from "../../unified/warnings.ts";
import { type InputMessage, readMessage } from "./read-message.ts";

export interface DecodedMessages {
  system: TextPart[];
  messages: UnifiedMessage[];
}

interface PendingCall {
  id: string;
  name: string;
  answered: boolean;
}

/**
 * Ollama tool messages name their tool (`tool_name`) but usually carry no id.
 * Results are linked to the calls of the latest assistant message: by
 * `tool_call_id` when a client sends one, else the earliest unanswered call
 * with that name, else the earliest unanswered call.
 */
class CallLinker {
  private pending: PendingCall[] = [];

  startTurn(calls: Array<{ id: string; name: string }>): void {
    this.pending = calls.map((call) => ({ ...call, answered: false }));
  }

  link(message: InputMessage): { id: string; name?: string } | null {
    if (message.toolCallId) {
      const byId = this.pending.find((call) => call.id === message.toolCallId);
      if (byId) byId.answered = true;
      return { id: message.toolCallId, name: message.toolName ?? byId?.name };
    }
    const open = this.pending.filter((call) => !call.answered);
    const match = (message.toolName ? open.find((call) => call.name === message.toolName) : undefined) ?? open[0];
    if (!match) return null;
    match.answered = true;
    return { id: match.id, name: message.toolName ?? match.name };
  }
}

/**
 * Ids for calls the client sent without one. decodeRequest has no CodecContext,
 * and deterministic ids keep a resent history byte-identical across turns
 * (which upstream prompt caches depend on).
 */
function derivedCallId(messageIndex: number, callIndex: number): string {
  return `call_${messageIndex}_${callIndex}`;
}

function userContent(message: InputMessage): UserContent[] {
  const parts: UserContent[] = [];
  if (message.content !== "" || message.images.length === 0) parts.push({ type: "text", text: message.content });
  parts.push(...message.images);
  return parts;
}

function assistantContent(message: InputMessage, index: number, linker: CallLinker, warnings: Warning[]): AssistantContent[] {
  const parts: AssistantContent[] = [];
  // Ollama reasoning has no signature; the text alone is kept.
  if (message.thinking) parts.push({ type: "reasoning", text: message.thinking });
  if (message.content !== "") parts.push({ type: "text", text: message.content });
  const calls = message.toolCalls.map((call, callIndex) => ({ ...call, id: call.id ?? derivedCallId(index, callIndex) }));
  for (const call of calls) parts.push({ type: "tool-call", id: call.id, name: call.name, arguments: call.arguments });
  linker.startTurn(calls);
  if (message.images.length > 0) warnings.push({ feature: "assistant.images", detail: `messages[${index}]: images on an assistant message dropped` });
  if (parts.length === 0) parts.push({ type: "text", text: "" });
  return parts;
}

function toolResult(message: InputMessage, index: number, linker: CallLinker, warnings: Warning[]): ToolResultPart {
  let link = linker.link(message);
  if (!link) {
    warnings.push({ feature: "tool_result", detail: `messages[${index}]: tool result without a preceding tool call` });
    link = { id: `call_${index}_result`, name: message.toolName };
  }
  const content: ToolResultPart["content"] = [{ type: "text", text: message.content }, ...message.images];
  const part: ToolResultPart = { type: "tool-result", callId: link.id, content };
  if (link.name) part.name = link.name;
  return part;
}

export function decodeMessages(raw: unknown, warnings: Warning[]): DecodedMessages {
  if (!Array.isArray(raw)) throw invalidRequest("messages: must be an array");
  const system: TextPart[] = [];
  const messages: UnifiedMessage[] = [];
  const linker = new CallLinker();
  let toolGroup: ToolResultPart[] | null = null;

  raw.forEach((value, index) => {
    const message = readMessage(value, index);
    if (message.role !== "tool") toolGroup = null;
    switch (message.role) {
      case "system": {
        if (message.images.length > 0) warnings.push({ feature: "system.images", detail: `messages[${index}]: images on a system message dropped` });
        const text: TextPart = { type: "text", text: message.content };
        // Only system messages before the conversation starts form the system prompt; later ones stay in place.
        if (messages.length === 0) system.push(text);
        else messages.push({ role: "system", content: [text] });
        return;
      }
      case "user":
        messages.push({ role: "user", content: userContent(message) });
        return;
      case "assistant":
        messages.push({ role: "assistant", content: assistantContent(message, index, linker, warnings) });
        return;
      case "tool": {
        const part = toolResult(message, index, linker, warnings);
        // Consecutive tool messages answer one assistant turn: one unified user message holds them all.
        if (toolGroup) toolGroup.push(part);
        else {
          toolGroup = [part];
          messages.push({ role: "user", content: toolGroup });
        }
        return;
      }
      default: {
        const unreachable: never = message.role;
        return unreachable;
      }
    }
  });
  return { system, messages };
}
