// In charge of Gemini `tools` / `toolConfig` ↔ unified tools and tool choice.
import { ProxyError } from "../../unified/errors.ts";
import type { ToolChoice, UnifiedTool } from "../../unified/request.ts";
import type { Warning } from "../../unified/warnings.ts";
import { isRecord } from "../shared/json.ts";
import { field, optionalRecord, optionalString, optionalStringArray, requireRecord } from "./fields.ts";
import { geminiSchemaToJsonSchema } from "./gemini-schema-to-json-schema.ts";
import { jsonSchemaToGeminiSchema } from "./json-schema-to-gemini-schema.ts";
import type { GeminiFunctionDeclaration, GeminiSchema } from "./wire-types.ts";

const EMPTY_PARAMETERS = { type: "object", properties: {} };

/** `tools[i].functionDeclarations` → unified tools; Google's hosted tools (googleSearch, codeExecution …) are dropped with a warning. */
export function decodeTools(value: unknown[], warnings: Warning[]): UnifiedTool[] {
  const tools: UnifiedTool[] = [];
  value.forEach((entry, index) => {
    const tool = requireRecord(entry, `tools[${index}]`);
    for (const key of Object.keys(tool)) {
      if (key === "functionDeclarations" || key === "function_declarations") continue;
      warnings.push({ feature: `tool:${key}`, detail: `Gemini hosted tool "${key}" has no equivalent for other upstreams and was dropped` });
    }
    const declarations = field(tool, "functionDeclarations");
    if (declarations === undefined || declarations === null) return;
    if (!Array.isArray(declarations)) throw new ProxyError("invalid_request", `tools[${index}].functionDeclarations: expected an array`);
    declarations.forEach((declaration, position) => tools.push(decodeDeclaration(declaration, `tools[${index}].functionDeclarations[${position}]`)));
  });
  return tools;
}

function decodeDeclaration(value: unknown, path: string): UnifiedTool {
  const declaration = requireRecord(value, path);
  const name = optionalString(declaration, "name", path);
  if (!name) throw new ProxyError("invalid_request", `${path}.name: required`);
  const description = optionalString(declaration, "description", path);
  // `parametersJsonSchema` is JSON Schema, `parameters` the OpenAPI subset; both normalise to lower-case JSON Schema.
  const schema = field(declaration, "parametersJsonSchema") ?? field(declaration, "parameters");
  if (schema !== undefined && schema !== null && !isRecord(schema)) throw new ProxyError("invalid_request", `${path}.parameters: expected an object`);
  const parameters = schema ? geminiSchemaToJsonSchema(schema) : { ...EMPTY_PARAMETERS };
  if (parameters.type === undefined && parameters.properties !== undefined) parameters.type = "object";
  return description === undefined ? { name, parameters } : { name, description, parameters };
}

/** `toolConfig.functionCallingConfig` → tool choice. ANY with exactly one allowed name forces that tool. */
export function decodeToolConfig(toolConfig: Record<string, unknown>, warnings: Warning[]): ToolChoice | undefined {
  const config = optionalRecord(toolConfig, "functionCallingConfig", "toolConfig");
  if (!config) return undefined;
  const path = "toolConfig.functionCallingConfig";
  const mode = optionalString(config, "mode", path)?.toUpperCase();
  const allowed = optionalStringArray(config, "allowedFunctionNames", path) ?? [];
  switch (mode) {
    case undefined:
    case "MODE_UNSPECIFIED":
    case "AUTO":
    case "VALIDATED":
      if (allowed.length > 0) warnings.push({ feature: "toolConfig.allowedFunctionNames", detail: `allowedFunctionNames is only honoured with mode ANY; ignored for mode ${mode ?? "AUTO"}` });
      return mode === undefined ? undefined : { type: "auto" };
    case "NONE":
      return { type: "none" };
    case "ANY": {
      const only = allowed.length === 1 ? allowed[0] : undefined;
      if (only !== undefined) return { type: "tool", name: only };
      if (allowed.length > 1) warnings.push({ feature: "toolConfig.allowedFunctionNames", detail: `a choice among ${allowed.length} named functions became "any tool"` });
      return { type: "required" };
    }
    default:
      throw new ProxyError("invalid_request", `${path}.mode: unknown mode '${mode}'`);
  }
}

export function encodeTools(tools: UnifiedTool[]): Array<{ functionDeclarations: GeminiFunctionDeclaration[] }> {
  if (tools.length === 0) return [];
  return [{ functionDeclarations: tools.map(encodeDeclaration) }];
}

function encodeDeclaration(tool: UnifiedTool): GeminiFunctionDeclaration {
  const declaration: GeminiFunctionDeclaration = { name: tool.name };
  if (tool.description) declaration.description = tool.description;
  const parameters = jsonSchemaToGeminiSchema(tool.parameters);
  // Gemini rejects `parameters` of an OBJECT without properties ("should be non-empty for OBJECT type"): a tool without arguments omits it.
  if (hasArguments(parameters)) declaration.parameters = parameters;
  return declaration;
}

function hasArguments(schema: GeminiSchema): boolean {
  if (schema.type !== undefined && schema.type !== "OBJECT") return true;
  if (schema.anyOf) return true;
  return schema.properties !== undefined && Object.keys(schema.properties).length > 0;
}

export interface GeminiToolConfig {
  functionCallingConfig: { mode: "AUTO" | "ANY" | "NONE"; allowedFunctionNames?: string[] };
}

export function encodeToolChoice(choice: ToolChoice): GeminiToolConfig {
  switch (choice.type) {
    case "auto":
      return { functionCallingConfig: { mode: "AUTO" } };
    case "none":
      return { functionCallingConfig: { mode: "NONE" } };
    case "required":
      return { functionCallingConfig: { mode: "ANY" } };
    case "tool":
      return { functionCallingConfig: { mode: "ANY", allowedFunctionNames: [choice.name] } };
    default: {
      const unreachable: never = choice;
      return unreachable;
    }
  }
}
