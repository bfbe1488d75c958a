// In charge of Ollama `tools` (OpenAI-shaped function tools) ↔ unified tools and tool choice.
import { invalidRequest } from "../../unified/errors.ts";
import type { ToolChoice, UnifiedRequest, UnifiedTool } from "../../unified/request.ts";
import type { Warning } from "../../unified/warnings.ts";
import { isRecord } from "../shared/json.ts";
import type { OllamaTool } from "./wire-types.ts";

const EMPTY_PARAMETERS = { type: "object", properties: {} };

function decodeTool(value: unknown, path: string, warnings: Warning[]): UnifiedTool | null {
  if (!isRecord(value)) throw invalidRequest(`${path}: must be an object`);
  if (value.type !== undefined && value.type !== "function") {
    warnings.push({ feature: `tool:${String(value.type)}`, detail: `${path}: only function tools are supported; dropped` });
    return null;
  }
  const fn = value.function;
  if (!isRecord(fn)) throw invalidRequest(`${path}.function: must be an object`);
  if (typeof fn.name !== "string" || fn.name === "") throw invalidRequest(`${path}.function.name: must be a non-empty string`);
  if (fn.description !== undefined && fn.description !== null && typeof fn.description !== "string") {
    throw invalidRequest(`${path}.function.description: must be a string`);
  }
  if (fn.parameters !== undefined && fn.parameters !== null && !isRecord(fn.parameters)) {
    throw invalidRequest(`${path}.function.parameters: must be a JSON Schema object`);
  }
  const tool: UnifiedTool = { name: fn.name, parameters: isRecord(fn.parameters) ? fn.parameters : { ...EMPTY_PARAMETERS } };
  if (typeof fn.description === "string") tool.description = fn.description;
  return tool;
}

export function decodeTools(value: unknown, warnings: Warning[]): UnifiedTool[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidRequest("tools: must be an array");
  const tools: UnifiedTool[] = [];
  value.forEach((item, index) => {
    const tool = decodeTool(item, `tools[${index}]`, warnings);
    if (tool) tools.push(tool);
  });
  return tools;
}

/** Ollama has no tool_choice: "none" is honoured by sending no tools, forcing a tool cannot be expressed. */
function checkToolChoice(choice: ToolChoice | undefined, warnings: Warning[]): boolean {
  if (!choice) return true;
  switch (choice.type) {
    case "auto":
      return true;
    case "none":
      return false;
    case "required":
      warnings.push({ feature: "tool_choice", detail: "Ollama cannot force a tool call; tool_choice 'required' sent as auto" });
      return true;
    case "tool":
      warnings.push({ feature: "tool_choice", detail: `Ollama cannot force tool '${choice.name}'; sent as auto` });
      return true;
    default: {
      const unreachable: never = choice;
      return unreachable;
    }
  }
}

export function encodeTools(request: UnifiedRequest, warnings: Warning[]): OllamaTool[] | undefined {
  if (request.tools.length === 0) return undefined;
  if (!checkToolChoice(request.toolChoice, warnings)) return undefined;
  if (request.parallelToolCalls === false) {
    warnings.push({ feature: "parallel_tool_calls", detail: "Ollama cannot disable parallel tool calls" });
  }
  return request.tools.map((tool) => {
    const fn: OllamaTool["function"] =
      tool.description !== undefined ? { name: tool.name, description: tool.description, parameters: tool.parameters } : { name: tool.name, parameters: tool.parameters };
    return { type: "function", function: fn };
  });
}
