// In charge of Claude tools and tool_choice ↔ unified tools and tool choice.
import { isRecord } from "../shared/json.ts";
import type { JsonSchema, ToolChoice, UnifiedTool } from "../../unified/request.ts";
import type { Warning } from "../../unified/warnings.ts";
import { invalid, optionalBoolean, optionalString, requireRecord, requireString } from "../shared/fields.ts";
import type { ClaudeTool, ClaudeToolChoice } from "./wire.ts";

/**
 * Custom tools become unified tools. Typed tools (web_search_*, bash_*,
 * text_editor_*, computer_*, code_execution_*, memory_*, MCP toolsets …) run on
 * Anthropic's side or need Claude-trained behaviour: dropped with a warning.
 * `cache_control`, `eager_input_streaming` are caching/streaming hints with no
 * effect on the answer, so they are dropped quietly.
 */
export function decodeTools(value: unknown[] | undefined, warnings: Warning[]): UnifiedTool[] {
  if (!value) return [];
  const tools: UnifiedTool[] = [];
  const deferred: string[] = [];
  value.forEach((raw, index) => {
    const path = `tools[${index}]`;
    const tool = requireRecord(raw, path);
    const type = tool.type;
    if (type !== undefined && type !== null && type !== "custom") {
      warnings.push({ feature: `tool:${String(type)}`, detail: `${path}: Anthropic-defined tool '${String(tool.name ?? type)}' (${String(type)}) is not forwarded` });
      return;
    }
    const name = requireString(tool, "name", `${path}.name`);
    const description = optionalString(tool, "description", `${path}.description`);
    const schema = tool.input_schema === undefined || tool.input_schema === null ? { type: "object", properties: {} } : requireRecord(tool.input_schema, `${path}.input_schema`);
    const strict = optionalBoolean(tool, "strict", `${path}.strict`);
    if (tool.defer_loading === true) deferred.push(name);
    tools.push({ name, ...(description !== undefined ? { description } : {}), parameters: schema, ...(strict !== undefined ? { strict } : {}) });
  });
  if (deferred.length > 0) {
    warnings.push({ feature: "tool.defer_loading", detail: `deferred tools are offered as ordinary tools to non-Claude upstreams: ${deferred.join(", ")}` });
  }
  return tools;
}

export function decodeToolChoice(value: unknown): { toolChoice?: ToolChoice; parallelToolCalls?: boolean } {
  if (value === undefined || value === null) return {};
  const choice = requireRecord(value, "tool_choice");
  const parallelToolCalls = optionalBoolean(choice, "disable_parallel_tool_use", "tool_choice.disable_parallel_tool_use") === true ? false : undefined;
  const withParallel = (toolChoice: ToolChoice) => (parallelToolCalls === false ? { toolChoice, parallelToolCalls } : { toolChoice });
  switch (choice.type) {
    case "auto":
      return withParallel({ type: "auto" });
    case "any":
      return withParallel({ type: "required" });
    case "none":
      return { toolChoice: { type: "none" } };
    case "tool":
      return withParallel({ type: "tool", name: requireString(choice, "name", "tool_choice.name") });
    default:
      throw invalid("tool_choice.type", typeof choice.type === "string" ? `unknown type '${choice.type}' (auto, any, tool or none)` : "required (auto, any, tool or none)");
  }
}

/** Keys whose values are data, not schemas: their `type` keys must stay as written. */
const DATA_KEYS = new Set(["enum", "const", "default", "examples", "example"]);

/** Lower-cases JSON Schema `type` values (Gemini clients send STRING, OBJECT …); Claude needs lower-case. */
export function lowerCaseSchemaTypes(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(lowerCaseSchemaTypes);
  if (!isRecord(schema)) return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "type" && typeof value === "string") out[key] = value.toLowerCase();
    else if (key === "type" && Array.isArray(value)) out[key] = value.map((item) => (typeof item === "string" ? item.toLowerCase() : item));
    else if (DATA_KEYS.has(key)) out[key] = value;
    else out[key] = lowerCaseSchemaTypes(value);
  }
  return out;
}

/** Claude requires `input_schema.type: "object"`. */
export function toInputSchema(parameters: JsonSchema): Record<string, unknown> {
  const schema = lowerCaseSchemaTypes(parameters);
  const record = isRecord(schema) ? schema : {};
  return record.type === undefined ? { type: "object", ...record } : record;
}

export function encodeTools(tools: UnifiedTool[]): ClaudeTool[] {
  return tools.map((tool) => ({
    name: tool.name,
    ...(tool.description ? { description: tool.description } : {}),
    input_schema: toInputSchema(tool.parameters),
  }));
}

/**
 * Claude rejects forced tool use (`any`/`tool`) together with extended thinking,
 * so with thinking on a forced choice degrades to `auto` with a warning.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking#extended-thinking-with-tool-use
 */
export function encodeToolChoice(choice: ToolChoice | undefined, parallelToolCalls: boolean | undefined, thinkingOn: boolean, warnings: Warning[]): ClaudeToolChoice | undefined {
  const noParallel = parallelToolCalls === false ? { disable_parallel_tool_use: true } : {};
  if (choice === undefined) return parallelToolCalls === false ? { type: "auto", ...noParallel } : undefined;
  switch (choice.type) {
    case "auto":
      return { type: "auto", ...noParallel };
    case "none":
      return { type: "none" };
    case "required":
    case "tool":
      if (thinkingOn) {
        warnings.push({ feature: "tool_choice", detail: `Claude cannot force tool use while thinking; '${choice.type}' sent as 'auto'` });
        return { type: "auto", ...noParallel };
      }
      return choice.type === "tool" ? { type: "tool", name: choice.name, ...noParallel } : { type: "any", ...noParallel };
    default: {
      const unreachable: never = choice;
      return unreachable;
    }
  }
}
