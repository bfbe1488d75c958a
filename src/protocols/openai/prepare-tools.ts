// In charge of `tools`/`tool_choice` (and the legacy `functions`/`function_call`) ↔ unified tools.
import { invalidRequest } from "../../unified/errors.ts";
import type { JsonSchema, ToolChoice, UnifiedTool } from "../../unified/request.ts";
import type { Warning } from "../../unified/warnings.ts";
import { isRecord } from "../shared/json.ts";
import type { WireTool, WireToolChoice } from "./wire-types.ts";

/** OpenAI accepts a function without `parameters` ("empty parameter list"); every other protocol wants a schema. */
function emptyParameters(): JsonSchema {
  return { type: "object", properties: {} };
}

function decodeFunction(value: unknown, path: string): UnifiedTool {
  if (!isRecord(value)) throw invalidRequest(`${path}: expected an object`);
  if (typeof value.name !== "string" || value.name === "") throw invalidRequest(`${path}.name: expected a non-empty string`);
  const tool: UnifiedTool = { name: value.name, parameters: emptyParameters() };
  if (value.description !== undefined && value.description !== null) {
    if (typeof value.description !== "string") throw invalidRequest(`${path}.description: expected a string`);
    tool.description = value.description;
  }
  if (value.parameters !== undefined && value.parameters !== null) {
    if (!isRecord(value.parameters)) throw invalidRequest(`${path}.parameters: expected a JSON Schema object`);
    tool.parameters = value.parameters;
  }
  if (typeof value.strict === "boolean") tool.strict = value.strict;
  return tool;
}

/** `tools` (function tools only; custom and hosted tools are dropped with a warning) plus legacy `functions`. */
export function decodeTools(body: Record<string, unknown>, warnings: Warning[]): UnifiedTool[] {
  const tools: UnifiedTool[] = [];
  if (body.tools !== undefined && body.tools !== null) {
    if (!Array.isArray(body.tools)) throw invalidRequest("tools: expected an array");
    body.tools.forEach((entry: unknown, index) => {
      if (!isRecord(entry)) throw invalidRequest(`tools[${index}]: expected an object`);
      if (entry.type === "function") {
        tools.push(decodeFunction(entry.function, `tools[${index}].function`));
        return;
      }
      const label = typeof entry.type === "string" ? entry.type : "unknown";
      warnings.push({ feature: `tool:${label}`, detail: `tools[${index}] of type '${label}' is not a function tool and was dropped` });
    });
  }
  if (body.functions !== undefined && body.functions !== null) {
    if (!Array.isArray(body.functions)) throw invalidRequest("functions: expected an array");
    body.functions.forEach((entry: unknown, index) => tools.push(decodeFunction(entry, `functions[${index}]`)));
  }
  return tools;
}

function decodeChoiceString(value: string, path: string): ToolChoice {
  if (value === "auto" || value === "none" || value === "required") return { type: value };
  throw invalidRequest(`${path}: unknown value '${value}' (expected auto, none, required or an object)`);
}

function decodeNamedChoice(value: Record<string, unknown>, path: string, warnings: Warning[]): ToolChoice | undefined {
  if (value.type === "function") {
    const fn = value.function;
    if (!isRecord(fn) || typeof fn.name !== "string") throw invalidRequest(`${path}.function.name: expected a string`);
    return { type: "tool", name: fn.name };
  }
  if (value.type === "allowed_tools" && isRecord(value.allowed_tools)) {
    // The allowed subset cannot be expressed in the unified model; keep the mode.
    const mode = value.allowed_tools.mode === "required" ? "required" : "auto";
    warnings.push({ feature: "tool_choice.allowed_tools", detail: `allowed_tools restriction dropped; mode '${mode}' kept` });
    return { type: mode };
  }
  const label = typeof value.type === "string" ? value.type : "unknown";
  warnings.push({ feature: "tool_choice", detail: `tool_choice of type '${label}' is not supported and was dropped` });
  return undefined;
}

export function decodeToolChoice(body: Record<string, unknown>, warnings: Warning[]): ToolChoice | undefined {
  const choice = body.tool_choice ?? body.function_call;
  const path = body.tool_choice !== undefined && body.tool_choice !== null ? "tool_choice" : "function_call";
  if (choice === undefined || choice === null) return undefined;
  if (typeof choice === "string") return decodeChoiceString(choice, path);
  if (!isRecord(choice)) throw invalidRequest(`${path}: expected a string or an object`);
  // Legacy `function_call: {name}`.
  if (path === "function_call") {
    if (typeof choice.name !== "string") throw invalidRequest("function_call.name: expected a string");
    return { type: "tool", name: choice.name };
  }
  return decodeNamedChoice(choice, path, warnings);
}

export function encodeTools(tools: UnifiedTool[]): WireTool[] {
  return tools.map((tool) => {
    const fn: WireTool["function"] = tool.description !== undefined
      ? { name: tool.name, description: tool.description, parameters: tool.parameters }
      : { name: tool.name, parameters: tool.parameters };
    if (tool.strict !== undefined) fn.strict = tool.strict;
    return { type: "function", function: fn };
  });
}

export function encodeToolChoice(choice: ToolChoice): WireToolChoice {
  switch (choice.type) {
    case "auto":
    case "none":
    case "required":
      return choice.type;
    case "tool":
      return { type: "function", function: { name: choice.name } };
    default: {
      const unreachable: never = choice;
      return unreachable;
    }
  }
}
