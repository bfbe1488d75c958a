// In charge of turning a client request into a compat upstream request: no native tool fields, tools described in the system prompt, history as text.
import type { TextPart } from "../unified/content.ts";
import type { ToolChoice, UnifiedRequest } from "../unified/request.ts";
import { renderHistory } from "./render-history.ts";
import { renderToolInstructions } from "./render-tools.ts";

/**
 * Pure: returns a new request. `tools`, `toolChoice` and `parallelToolCalls`
 * are removed; with tools (and a choice other than "none") the instructions
 * are appended to `system` as a new text part; tool calls and results in the
 * history are rendered as text in every case (compat-mode.md "What goes upstream").
 */
export function applyCompatRequest(request: UnifiedRequest): UnifiedRequest {
  const { toolChoice, parallelToolCalls, ...rest } = request;
  const instructions = instructionsFor(request.tools.length > 0 ? renderToolInstructions(request.tools) : "", toolChoice, parallelToolCalls);
  return {
    ...rest,
    tools: [],
    system: instructions === "" ? request.system : appendInstructions(request.system, instructions),
    messages: renderHistory(request.messages),
  };
}

/** The tool choice has no native field any more, so it becomes one sentence of the prompt. */
function instructionsFor(base: string, choice: ToolChoice | undefined, parallel: boolean | undefined): string {
  if (base === "" || choice?.type === "none") return "";
  const extra: string[] = [];
  if (choice?.type === "required") extra.push("You must call at least one tool in this answer.");
  if (choice?.type === "tool") extra.push(`You must call the tool ${choice.name} in this answer.`);
  if (parallel === false) extra.push("Call at most one tool per answer.");
  return extra.length === 0 ? base : `${base}\n${extra.join("\n")}`;
}

/**
 * A client's cache breakpoint on the last system part moves to the
 * instructions, so the cached prefix covers them too (they are stable for a
 * tool set, like native tool definitions, which Claude caches before `system`).
 */
function appendInstructions(system: TextPart[], instructions: string): TextPart[] {
  if (system.length === 0) return [{ type: "text", text: instructions }];
  const last = system[system.length - 1];
  const text = `\n\n${instructions}`;
  if (!last?.cacheControl) return [...system, { type: "text", text }];
  const { cacheControl, ...unmarked } = last;
  return [...system.slice(0, -1), unmarked, { type: "text", text, cacheControl }];
}
