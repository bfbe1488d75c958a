// In charge of reading tool calls written as JSON (Hermes/Qwen `<tool_call>{"name": …, "arguments": …}</tool_call>`, or JSON inside our own block).
import { asSchema, conformToSchema } from "./coerce.ts";
import { extractJsonValue } from "./json-repair.ts";
import { cleanTrailing, firstNonSpace, type ParsedBlock, type ParsedCall, type ToolSet } from "./parsed-block.ts";
import { isWhitespace } from "./xml-text.ts";

/** One or more JSON calls `{"name": …, "arguments": {…}}` (an array, or objects one after another). */
export function parseJsonCalls(body: string, tools: ToolSet): ParsedBlock | null {
  const text = firstNonSpace(body) === "`" ? body.replace(/^\s*```[A-Za-z]*\s*\n?/, "").replace(/\n?\s*```\s*$/, "") : body;
  const whole = parseWhole(text);
  if (whole !== undefined) return toCalls(whole, tools, "");
  const calls: ParsedCall[] = [];
  let index = 0;
  for (;;) {
    while (index < text.length && (isWhitespace(text.charCodeAt(index)) || text[index] === ",")) index++;
    if (index >= text.length || (text[index] !== "{" && text[index] !== "[")) break;
    const extracted = extractJsonValue(text, index);
    if (!extracted.ok) return null;
    for (const item of Array.isArray(extracted.value) ? extracted.value : [extracted.value]) {
      const call = toJsonCall(item, tools);
      if (!call) return null;
      calls.push(call);
    }
    index = extracted.end;
  }
  if (calls.length === 0) return null;
  return { calls, trailing: cleanTrailing(text.slice(index)) };
}

function toJsonCall(item: unknown, tools: ToolSet): ParsedCall | null {
  if (typeof item !== "object" || item === null || Array.isArray(item)) return null;
  const record = item as Record<string, unknown>;
  const nested = asSchema(record.function);
  const name = [record.name, nested?.name, record.tool, record.tool_name].find((value) => typeof value === "string");
  if (typeof name !== "string") return null;
  const tool = tools.find(name.trim());
  if (!tool) return null;
  let args: unknown = [record.arguments, record.parameters, record.args, record.input, nested?.arguments].find((value) => value !== undefined) ?? {};
  if (typeof args === "string") {
    const parsed = args.trim() === "" ? { ok: true as const, value: {} } : extractJsonValue(args);
    if (!parsed.ok) return null;
    args = parsed.value;
  }
  if (typeof args !== "object" || args === null || Array.isArray(args)) return null;
  const conformed = conformToSchema(args, tool.parameters);
  return { name: tool.name, arguments: conformed as Record<string, unknown> };
}

/** The usual case first: the body is exactly one JSON document (a malformed one falls back to the tolerant scan). */
function parseWhole(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function toCalls(value: unknown, tools: ToolSet, trailing: string): ParsedBlock | null {
  const calls: ParsedCall[] = [];
  for (const item of Array.isArray(value) ? value : [value]) {
    const call = toJsonCall(item, tools);
    if (!call) return null;
    calls.push(call);
  }
  return calls.length === 0 ? null : { calls, trailing };
}
