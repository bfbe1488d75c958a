// In charge of making tool calls and tool results pair up the way OpenAI, Claude and Gemini demand before a history is encoded.
import type { ImagePart, TextPart, ToolCallPart, ToolResultPart, UnifiedMessage, UserContent } from "../../unified/content.ts";
import type { Warning } from "../../unified/warnings.ts";

/** The text of the error result that stands in for a result the client never sent. */
export const MISSING_RESULT_TEXT = "No result: the client sent none for this tool call.";

/**
 * OpenAI ("tool messages must be a response to a preceding message with tool_calls",
 * "tool_call_ids did not have response messages"), Claude ("tool_use ids were found
 * without tool_result blocks immediately after") and Gemini ("function response turn
 * comes immediately after a function call turn") answer 400 unless every call of an
 * assistant turn is answered in the very next user turn and no result answers anything
 * else. Clients of laxer protocols (Ollama, Gemini without ids) and edited histories
 * break that, so before encoding:
 * - a result that answers no open call of the directly preceding assistant turn becomes
 *   user text: its content stays, the false link goes;
 * - a call still unanswered when the conversation moves on gets an error result saying
 *   no result was sent (nothing is made up about what the tool returned).
 * In-place system messages are left where they are and do not break a pairing.
 * Consecutive assistant messages count as one turn (every encoder sends them as one).
 * Histories that already pair up come back unchanged (same objects).
 */
export function pairToolResults(messages: UnifiedMessage[], warnings: Warning[]): UnifiedMessage[] {
  const out: UnifiedMessage[] = [];
  let open: ToolCallPart[] = [];
  let changed = false;
  for (const message of messages) {
    if (message.role === "system") {
      out.push(message);
      continue;
    }
    if (message.role === "user") {
      const paired = pairUserTurn(message.content, open, warnings);
      changed ||= paired !== message.content;
      out.push(paired === message.content ? message : { role: "user", content: paired });
      open = [];
      continue;
    }
    if (out[out.length - 1]?.role !== "assistant") {
      // A new assistant turn while calls wait (a system message came between): they get their error results first.
      if (open.length > 0) {
        out.push({ role: "user", content: missingResults(open, warnings) });
        changed = true;
      }
      open = [];
    }
    open.push(...message.content.filter((part): part is ToolCallPart => part.type === "tool-call"));
    out.push(message);
  }
  return changed ? out : messages;
}

function pairUserTurn(content: UserContent[], open: ToolCallPart[], warnings: Warning[]): UserContent[] {
  const waiting = new Map(open.map((call) => [call.id, call]));
  const results: ToolResultPart[] = [];
  const rest: UserContent[] = [];
  let strays = 0;
  for (const part of content) {
    if (part.type !== "tool-result") rest.push(part);
    else if (waiting.delete(part.callId)) results.push(part);
    else {
      rest.push(...strayAsUserContent(part));
      strays++;
    }
  }
  if (strays > 0) warnings.push({ feature: "tool_result.unmatched", detail: `${strays} tool result(s) answering no call of the preceding assistant turn sent as user text` });
  if (strays === 0 && waiting.size === 0) return content;
  return [...results, ...missingResults([...waiting.values()], warnings), ...rest];
}

function strayAsUserContent(result: ToolResultPart): Array<TextPart | ImagePart> {
  const label = `Tool result for ${result.name ?? "call"} (${result.callId})${result.isError ? ", an error" : ""}:`;
  const text = result.content.filter((part): part is TextPart => part.type === "text").map((part) => part.text).join("\n");
  const images = result.content.filter((part): part is ImagePart => part.type === "image");
  return [{ type: "text", text: text === "" ? label : `${label}\n${text}` }, ...images];
}

function missingResults(calls: ToolCallPart[], warnings: Warning[]): ToolResultPart[] {
  if (calls.length === 0) return [];
  warnings.push({ feature: "tool_call.unanswered", detail: `no result was sent for ${calls.map((call) => `${call.name} (${call.id})`).join(", ")}; an error result says so` });
  return calls.map((call) => ({ type: "tool-result", callId: call.id, name: call.name, content: [{ type: "text", text: MISSING_RESULT_TEXT }], isError: true }));
}
