// In charge of Responses `tools` / `tool_choice` ↔ unified tools (namespace and custom tools flattened, hosted tools kept aside).
import { invalidRequest } from "../../unified/errors.ts";
import type { Extensions } from "../../unified/extensions.ts";
import type { JsonSchema, ToolChoice, UnifiedTool } from "../../unified/request.ts";
import type { Warning } from "../../unified/warnings.ts";
import { isRecord } from "../shared/json.ts";
import { reverseLookup, type ClientToolName, type ToolNameMap } from "./tool-names.ts";
import type { WireCustomTool, WireFunctionTool, WireNamespaceTool, WireTool, WireToolChoice } from "./wire-types.ts";

type ResponsesExtension = NonNullable<Extensions["responses"]>;

export interface DecodedTools {
  tools: UnifiedTool[];
  /** Hosted tools and namespace descriptions, for Responses upstreams only. */
  hostedTools: Array<Record<string, unknown>>;
  namespaces: Record<string, string>;
}

/** The Responses API accepts a function with `parameters: null`; every other protocol wants a schema. */
function emptyParameters(): JsonSchema {
  return { type: "object", properties: {} };
}

function decodeFunction(value: Record<string, unknown>, path: string, name: string): UnifiedTool {
  const tool: UnifiedTool = { name, parameters: emptyParameters() };
  if (value.description !== undefined && value.description !== null) {
    if (typeof value.description !== "string") throw invalidRequest(`${path}.description: expected a string`);
    if (value.description !== "") tool.description = value.description;
  }
  if (value.parameters !== undefined && value.parameters !== null) {
    if (!isRecord(value.parameters)) throw invalidRequest(`${path}.parameters: expected a JSON Schema object`);
    tool.parameters = value.parameters;
  }
  if (typeof value.strict === "boolean") tool.strict = value.strict;
  return tool;
}

/** A freeform tool becomes a function taking one string, `input`; its grammar is told to the model in the parameter. */
function decodeCustom(value: Record<string, unknown>, path: string, name: string): UnifiedTool {
  const format = isRecord(value.format) ? value.format : undefined;
  const hint = format && typeof format.definition === "string" ? `Raw tool input, written in this ${typeof format.syntax === "string" ? format.syntax : ""} grammar:\n${format.definition}` : "Raw tool input text.";
  const tool: UnifiedTool = { name, parameters: { type: "object", properties: { input: { type: "string", description: hint } }, required: ["input"] } };
  if (value.description !== undefined && value.description !== null) {
    if (typeof value.description !== "string") throw invalidRequest(`${path}.description: expected a string`);
    if (value.description !== "") tool.description = value.description;
  }
  return tool;
}

function requireName(value: Record<string, unknown>, path: string): string {
  if (typeof value.name !== "string" || value.name === "") throw invalidRequest(`${path}.name: expected a non-empty string`);
  return value.name;
}

function decodeNamespace(entry: Record<string, unknown>, path: string, names: ToolNameMap, out: DecodedTools, warnings: Warning[]): void {
  const namespace = requireName(entry, path);
  if (!Array.isArray(entry.tools)) throw invalidRequest(`${path}.tools: expected an array`);
  if (typeof entry.description === "string") out.namespaces[namespace] = entry.description;
  entry.tools.forEach((inner: unknown, index) => {
    const innerPath = `${path}.tools[${index}]`;
    if (!isRecord(inner)) throw invalidRequest(`${innerPath}: expected an object`);
    const name = reverseLookup(names, requireName(inner, innerPath), namespace);
    if (inner.type === "custom") out.tools.push(decodeCustom(inner, innerPath, name));
    else if (inner.type === "function" || inner.type === undefined) out.tools.push(decodeFunction(inner, innerPath, name));
    else warnings.push({ feature: `tool:${String(inner.type)}`, detail: `${innerPath}: only function and custom tools are allowed in a namespace; dropped` });
  });
}

/**
 * `function` tools as they are; functions inside a `namespace` tool and `custom` (freeform) tools
 * under the flat names of `names` (tool-names.ts); hosted tools (web_search, file_search, mcp …)
 * exist only on OpenAI's side, so they are kept for Responses upstreams and dropped elsewhere.
 */
export function decodeTools(value: unknown, names: ToolNameMap, warnings: Warning[]): DecodedTools {
  const out: DecodedTools = { tools: [], hostedTools: [], namespaces: {} };
  if (value === undefined || value === null) return out;
  if (!Array.isArray(value)) throw invalidRequest("tools: expected an array");
  value.forEach((entry: unknown, index) => {
    const path = `tools[${index}]`;
    if (!isRecord(entry)) throw invalidRequest(`${path}: expected an object`);
    if (entry.type === "function") {
      // Chat Completions' nested {function: {...}} shape, which some clients send here too.
      const fn = isRecord(entry.function) ? entry.function : entry;
      out.tools.push(decodeFunction(fn, path, requireName(fn, path)));
    } else if (entry.type === "namespace") {
      decodeNamespace(entry, path, names, out, warnings);
    } else if (entry.type === "custom") {
      out.tools.push(decodeCustom(entry, path, requireName(entry, path)));
      warnings.push({ feature: "tool:custom", detail: `${path}: custom tool '${String(entry.name)}' becomes a function with one string argument 'input' on non-Responses upstreams` });
    } else {
      const label = typeof entry.type === "string" ? entry.type : "unknown";
      out.hostedTools.push(entry);
      warnings.push({ feature: `tool:${label}`, detail: `${path}: hosted tool '${label}' is only sent to Responses upstreams; dropped for the others` });
    }
  });
  return out;
}

export function decodeToolChoice(value: unknown, names: ToolNameMap, warnings: Warning[]): ToolChoice | undefined {
  if (value === undefined || value === null) return undefined;
  if (value === "auto" || value === "none" || value === "required") return { type: value };
  if (typeof value === "string") throw invalidRequest(`tool_choice: unknown value '${value}' (expected auto, none, required or an object)`);
  if (!isRecord(value)) throw invalidRequest("tool_choice: expected a string or an object");
  if (value.type === "function" || value.type === "custom") {
    if (typeof value.name !== "string") throw invalidRequest("tool_choice.name: expected a string");
    return { type: "tool", name: reverseLookup(names, value.name, value.namespace) };
  }
  if (value.type === "allowed_tools") {
    const mode = value.mode === "required" ? "required" : "auto";
    warnings.push({ feature: "tool_choice.allowed_tools", detail: `allowed_tools restriction dropped; mode '${mode}' kept` });
    return { type: mode };
  }
  warnings.push({ feature: "tool_choice", detail: `tool_choice of type '${String(value.type)}' (a hosted tool) is not carried across protocols; dropped` });
  return undefined;
}

function functionTool(tool: UnifiedTool, name: string): WireFunctionTool {
  // strict: false unless asked: Responses otherwise tries strict mode, which rejects most Claude/Gemini schemas.
  const out: WireFunctionTool = { type: "function", name, parameters: tool.parameters, strict: tool.strict ?? false };
  if (tool.description !== undefined) out.description = tool.description;
  return out;
}

function customTool(tool: UnifiedTool, client: ClientToolName): WireCustomTool {
  const out: WireCustomTool = { type: "custom", name: client.name };
  if (tool.description !== undefined) out.description = tool.description;
  if (client.format !== undefined) out.format = client.format;
  return out;
}

/** Unified tools → Responses tools, rebuilding the client's namespace and custom tools when it sent any. */
export function encodeTools(tools: UnifiedTool[], extension: ResponsesExtension | undefined): WireTool[] {
  const out: WireTool[] = [];
  const namespaces = new Map<string, WireNamespaceTool>();
  for (const tool of tools) {
    const client = extension?.toolNames?.[tool.name];
    const wire = client?.custom ? customTool(tool, client) : functionTool(tool, client?.name ?? tool.name);
    if (client?.namespace === undefined) {
      out.push(wire);
      continue;
    }
    let holder = namespaces.get(client.namespace);
    if (!holder) {
      holder = { type: "namespace", name: client.namespace, description: extension?.namespaces?.[client.namespace] ?? "", tools: [] };
      namespaces.set(client.namespace, holder);
      out.push(holder);
    }
    holder.tools.push(wire);
  }
  for (const hosted of extension?.hostedTools ?? []) out.push(hosted);
  return out;
}

export function encodeToolChoice(choice: ToolChoice, extension: ResponsesExtension | undefined): WireToolChoice {
  switch (choice.type) {
    case "auto":
    case "none":
    case "required":
      return choice.type;
    case "tool": {
      const client = extension?.toolNames?.[choice.name];
      if (client?.custom) return { type: "custom", name: client.name };
      return { type: "function", name: client?.name ?? choice.name };
    }
    default: {
      const unreachable: never = choice;
      return unreachable;
    }
  }
}
