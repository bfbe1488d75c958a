// In charge of reading the assistant message of an Ollama answer (non-stream body or stream chunk), tolerantly.
import { argumentsObject, isRecord } from "../shared/json.ts";

export interface AnswerToolCall {
  /** Current Ollama sends `call_…` ids; older servers and the docs' examples none. */
  id?: string;
  name: string;
  arguments: Record<string, unknown>;
}

export interface AnswerMessage {
  content: string;
  thinking: string;
  toolCalls: AnswerToolCall[];
}

function readToolCalls(value: unknown): AnswerToolCall[] {
  if (!Array.isArray(value)) return [];
  const calls: AnswerToolCall[] = [];
  for (const item of value) {
    if (!isRecord(item) || !isRecord(item.function) || typeof item.function.name !== "string") continue;
    const call: AnswerToolCall = { name: item.function.name, arguments: argumentsObject(item.function.arguments) };
    if (typeof item.id === "string" && item.id !== "") call.id = item.id;
    calls.push(call);
  }
  return calls;
}

export function readAnswerMessage(value: unknown): AnswerMessage {
  const message = isRecord(value) ? value : {};
  return {
    content: typeof message.content === "string" ? message.content : "",
    thinking: typeof message.thinking === "string" ? message.thinking : "",
    toolCalls: readToolCalls(message.tool_calls),
  };
}
