// In charge of describing the client's tools to a model in the prompt: the <cs:tools> list and the short calling guide.
import type { JsonSchema, UnifiedTool } from "../unified/request.ts";
import { asSchema, schemaTypes } from "./coerce.ts";
import { escapeXmlAttribute } from "./xml-text.ts";

/** Schema keys that cost tokens but do not help a model fill the value (Claude Code sends all of them). */
const NOISE_KEYS: ReadonlySet<string> = new Set(["$schema", "$id", "$comment", "title", "additionalProperties", "propertyNames", "examples"]);
/** Keys the arg line already states (type attribute, description text, Default, One of). */
const STATED_KEYS: ReadonlySet<string> = new Set(["type", "description", "default", "enum"]);

/**
 * Kept short on purpose: it is paid for on every request (compat-mode.md).
 * The two example blocks show everything the rules say: several calls, a
 * `type` on every arg, an escaped `<`, a multi-line literal string, a JSON array.
 */
export const TOOL_GUIDE = `# Calling tools
To call a tool from <cs:tools>, write a block exactly like this (no Markdown fence around it):
<cs:tool_use>
<name>TOOL_NAME</name>
<args>
<arg name="ARG_NAME" type="ARG_TYPE">VALUE</arg>
</args>
</cs:tool_use>
- One block per call; write several blocks for several calls. If no tool is needed, just answer.
- Give every arg the type from its definition. Leave out optional args you do not need.
- In values escape only & < > (as &amp; &lt; &gt;). Write strings literally, with real line breaks, no quotes.
- Write an array or object value as one JSON document.
- After your last block, stop: the results come back as <cs:tool_result id="…">…</cs:tool_result>.
Example (made-up tools):
<cs:tool_use>
<name>get_weather</name>
<args>
<arg name="city" type="string">Paris</arg>
<arg name="days" type="integer">3</arg>
</args>
</cs:tool_use>
<cs:tool_use>
<name>save_note</name>
<args>
<arg name="text" type="string">if a &lt; b:
    print("ok")</arg>
<arg name="tags" type="array">["code", "demo"]</arg>
</args>
</cs:tool_use>`;

/** The `<cs:tools>` list followed by the guide; empty when there are no tools. */
export function renderToolInstructions(tools: UnifiedTool[]): string {
  if (tools.length === 0) return "";
  return `${renderToolList(tools)}\n\n${TOOL_GUIDE}`;
}

export function renderToolList(tools: UnifiedTool[]): string {
  return `<cs:tools>\n${tools.map(renderToolDefinition).join("\n")}\n</cs:tools>`;
}

function renderToolDefinition(tool: UnifiedTool): string {
  const lines = ["<cs:tool_define>", `<name>${tool.name}</name>`];
  const description = tool.description?.trim();
  // Descriptions are read by the model, never parsed back, so they stay raw (escaping would only cost tokens).
  if (description) lines.push(`<desc>${description}</desc>`);
  const properties = asSchema(tool.parameters.properties);
  const names = properties ? Object.keys(properties) : [];
  if (names.length > 0 && properties) {
    const required = new Set(Array.isArray(tool.parameters.required) ? tool.parameters.required : []);
    lines.push("<args>");
    for (const name of names) lines.push(renderArgument(name, asSchema(properties[name]) ?? {}, required.has(name)));
    lines.push("</args>");
  }
  lines.push("</cs:tool_define>");
  return lines.join("\n");
}

function renderArgument(name: string, schema: JsonSchema, required: boolean): string {
  const type = typeLabel(schema);
  const attributes = `name="${escapeXmlAttribute(name)}" type="${type}"${required ? ' required="true"' : ""}`;
  return `<arg ${attributes}>${describeArgument(schema)}</arg>`;
}

export function typeLabel(schema: JsonSchema): string {
  const types = schemaTypes(schema);
  return types.length === 0 ? "string" : types.join("|");
}

/** The description, then what the type attribute cannot say: allowed values, default, nested or constrained schema. */
function describeArgument(schema: JsonSchema): string {
  const parts: string[] = [];
  if (typeof schema.description === "string" && schema.description.trim() !== "") parts.push(sentence(schema.description.trim()));
  if (Array.isArray(schema.enum)) parts.push(`One of: ${schema.enum.map((value) => JSON.stringify(value)).join(", ")}.`);
  if (schema.default !== undefined) parts.push(`Default: ${JSON.stringify(schema.default)}.`);
  const rest = compactSchema(schema, STATED_KEYS);
  if (rest) parts.push(`Schema: ${JSON.stringify(rest)}`);
  return parts.join(" ");
}

function sentence(text: string): string {
  return /[.!?:)]$/.test(text) ? text : `${text}.`;
}

/**
 * A copy of the schema without noise keys (recursively) and without the top
 * keys already stated; undefined when nothing is left worth saying.
 */
function compactSchema(schema: JsonSchema, skip: ReadonlySet<string>): JsonSchema | undefined {
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (skip.has(key) || NOISE_KEYS.has(key) || isUselessBound(key, value)) continue;
    out[key] = compactValue(value);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function compactValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(compactValue);
  const schema = asSchema(value);
  return schema ? (compactSchema(schema, new Set()) ?? {}) : value;
}

/** `maximum: 9007199254740991` and friends say nothing (Claude Code sends them). */
function isUselessBound(key: string, value: unknown): boolean {
  return (key === "maximum" || key === "maxLength" || key === "maxItems") && typeof value === "number" && value >= Number.MAX_SAFE_INTEGER;
}
