// In charge of reading one complete (or truncated) tool block into calls, tolerating what real models write.
import type { JsonSchema, UnifiedTool } from "../unified/request.ts";
import { asSchema, coerceArgument, isPlainStringSchema } from "./coerce.ts";
import { parseJsonCalls } from "./parse-json-calls.ts";
import { BLOCK_CLOSERS, cleanTrailing, type ParsedBlock, type ToolSet } from "./parsed-block.ts";
import { decodeEntities, decodeValueText, findValueEnd, isNameChar, isWhitespace } from "./xml-text.ts";
import { hasCharIn, readTag, startsTag, tagArgumentName, tagType } from "./read-tag.ts";

export { readTag, startsTag } from "./read-tag.ts";

/** What a tag name means inside a block; a switch rather than lower-casing and set lookups, as this runs for every tag. */
const enum TagKind {
  Other,
  /** `<arg>` and its synonyms: the argument name is in an attribute. */
  Arg,
  /** `<args>` and its synonyms. */
  Wrapper,
  /** The tool name element. */
  Name,
  Id,
  /** Qwen `<function=…>`. */
  Function,
}

function tagKind(name: string): TagKind {
  switch (name) {
    case "arg": case "argument": case "parameter": case "param": return TagKind.Arg;
    case "args": case "arguments": case "parameters": case "params": case "input": return TagKind.Wrapper;
    case "name": case "tool_name": case "tool": case "function_name": return TagKind.Name;
    case "id": return TagKind.Id;
    case "function": return TagKind.Function;
    default: {
      const lower = name.toLowerCase();
      return lower === name ? TagKind.Other : tagKind(lower);
    }
  }
}

/**
 * A tool's property names and schemas, built once per tool object. Lookups
 * return the schema's own key string, so `values[key]` stores a key the engine
 * has already interned instead of a fresh substring.
 */
interface Properties {
  names: string[];
  schemas: Array<JsonSchema | undefined>;
  /** Per property: a plain string schema, whose value is the text as is (decided once, not per argument). */
  plain: boolean[];
  /** Some property is named like one of our tags (`name`, `input`, `arg` …), so tag names must be checked against properties first. */
  shadowsTags: boolean;
}
const propertyCache = new WeakMap<UnifiedTool, Properties | null>();

function propertiesOf(tool: UnifiedTool): Properties | null {
  let properties = propertyCache.get(tool);
  if (properties === undefined) {
    const schema = asSchema(tool.parameters.properties);
    const names = schema ? Object.keys(schema) : [];
    const schemas = schema ? Object.values(schema).map(asSchema) : [];
    properties = schema ? { names, schemas, plain: schemas.map(isPlainStringSchema), shadowsTags: names.some((name) => tagKind(name) !== TagKind.Other) } : null;
    propertyCache.set(tool, properties);
  }
  return properties;
}

/** Index of the property named `name`, or -1 (a linear scan: tools have few properties). */
function propertyIndex(properties: Properties | null, name: string): number {
  return properties ? properties.names.indexOf(name) : -1;
}

/** Index of the property named like `text[start, end)`, compared in place (no substring). */
function propertyIndexAt(properties: Properties | null, text: string, start: number, end: number): number {
  if (!properties) return -1;
  const names = properties.names;
  for (let index = 0; index < names.length; index++) {
    const name = names[index] ?? "";
    if (name.length === end - start && text.startsWith(name, start)) return index;
  }
  return -1;
}

/**
 * A start tag. Only the attributes compat mode reads are kept (name/key,
 * type, value), and the first two as raw ranges of the text, sliced only
 * when needed: this is the hot path of block parsing.
 */
/**
 * `<arg …>\n…\n</arg>` (value on its own lines) means the value without
 * those two line breaks, like HTML's <pre>; an inline value is kept exactly.
 */
function shapeValue(raw: string): string {
  const start = raw.startsWith("\r\n") ? 2 : raw.startsWith("\n") ? 1 : 0;
  if (start === 0) return raw;
  let end = raw.length;
  while (end > start && (raw[end - 1] === " " || raw[end - 1] === "\t")) end--;
  if (raw[end - 1] === "\n") {
    end--;
    if (raw[end - 1] === "\r") end--;
    return raw.slice(start, end);
  }
  return raw.slice(start);
}

/**
 * shapeValue + decodeValueText of `body[from, to)`, read in place: reading a
 * fresh substring makes JSC materialize it (~30 ns), so the common value (no
 * entity, no CDATA) is sliced once and never read again.
 */
function valueText(body: string, from: number, to: number): string {
  let start = from;
  if (to - from >= 2 && body.charCodeAt(from) === 13 && body.charCodeAt(from + 1) === 10) start = from + 2;
  else if (to - from >= 1 && body.charCodeAt(from) === 10) start = from + 1;
  let end = to;
  if (start !== from) {
    while (end > start && (body.charCodeAt(end - 1) === 32 || body.charCodeAt(end - 1) === 9)) end--;
    if (end - 1 >= from && body.charCodeAt(end - 1) === 10) {
      end--;
      if (end - 1 >= from && body.charCodeAt(end - 1) === 13) end--;
    } else {
      end = to;
    }
  }
  const raw = body.slice(start, Math.max(start, end));
  // A CDATA section starts with `<`; most values hold neither `<` nor `&`.
  return hasCharIn(body, "&", start, end) || hasCharIn(body, "<", start, end) ? decodeValueText(raw) : raw;
}

/** Whether `text[from, to)` holds the character (indexOf on the whole text: a single-character search is the fastest scan). */
/** A truncated value may end in a piece of its close tag (`</ar`), which is not part of the value. */
function dropPartialClose(value: string, closeTag: string): string {
  for (let length = Math.min(closeTag.length - 1, value.length); length > 0; length--) {
    if (value.endsWith(closeTag.slice(0, length))) return value.slice(0, value.length - length);
  }
  return value;
}

interface ValueRead {
  text: string;
  next: number;
}

/** The raw value of an element: up to its close tag; without one, up to `</args>`, the next `<arg ` or the end (repair). */
function readValue(body: string, from: number, closeTag: string): ValueRead {
  const close = findValueEnd(body, from, closeTag);
  if (close >= 0) return { text: valueText(body, from, close), next: close + closeTag.length };
  let end = body.length;
  for (const boundary of ["</args>", "<arg "]) {
    const at = body.indexOf(boundary, from);
    if (at >= 0 && at < end) end = at;
  }
  // Repair: whitespace before the boundary is layout, and a cut-off close tag is not part of the value.
  const raw = (end === body.length ? dropPartialClose(body.slice(from, end), closeTag) : body.slice(from, end)).trimEnd();
  return { text: decodeValueText(shapeValue(raw)), next: end };
}

export interface ArgsRead {
  values: Record<string, unknown>;
  /** Index just past `</args>`, or -1 when the arguments were never closed. */
  end: number;
}

/** Reads `<arg name=…>` elements, `<param_name>` elements and `<parameter=name>` elements until `</args>`. */
export function parseArgs(body: string, from: number, tool: UnifiedTool): ArgsRead {
  const values: Record<string, unknown> = {};
  const properties = propertiesOf(tool);
  let index = from;
  while (index < body.length) {
    const open = body.indexOf("<", index);
    if (open < 0) break;
    const next = body.charCodeAt(open + 1);
    if (next === 47 /* / */ || next === 33 /* ! */) {
      const close = body.indexOf(">", open);
      if (close < 0) break;
      if (next === 47) {
        const closing = trimmedSlice(body, open + 2, close);
        if (tagKind(closing) === TagKind.Wrapper && propertyIndex(properties, closing) < 0) return { values, end: close + 1 };
      }
      index = close + 1; // a stray close tag or a comment
      continue;
    }
    if (!startsTag(body, open)) {
      index = open + 1; // a bare `<` in text between arguments
      continue;
    }
    const tag = readTag(body, open);
    if (!tag) break;
    // `<param_name>` style: a tag named like a property is that property, even `<input>` or `<param>`.
    const ownKind = tagKind(tag.name);
    const tagProperty = ownKind === TagKind.Other || properties?.shadowsTags ? propertyIndex(properties, tag.name) : -1;
    const kind = tagProperty >= 0 ? TagKind.Other : ownKind;
    if (kind === TagKind.Wrapper) {
      index = tag.end; // a nested or repeated wrapper
      continue;
    }
    const value: ValueRead = tag.selfClosing
      ? { text: tag.valueAttribute ?? "", next: tag.end }
      : readValue(body, tag.end, closeTagOf(tag.name));
    index = value.next;
    if (kind === TagKind.Id) continue; // a copied history <id> line
    const isArg = kind === TagKind.Arg;
    let property = isArg ? (tag.inlineName === undefined && tag.nameStart >= 0 ? propertyIndexAt(properties, body, tag.nameStart, tag.nameEnd) : -1) : tagProperty;
    let key = property >= 0 && properties ? properties.names[property] : undefined;
    if (key === undefined) {
      // An unnamed <arg>, or an unknown element that is not an explicit <arg> (an <id> line), carries no argument.
      if (!isArg && properties) continue;
      key = isArg ? tagArgumentName(body, tag) : tag.name;
      if (!key) continue;
      property = propertyIndex(properties, key);
    }
    if (property >= 0 && properties?.plain[property]) {
      values[key] = value.text; // the common case: no coercion, and the `type` attribute is not read
      continue;
    }
    const schema = property >= 0 ? properties?.schemas[property] : undefined;
    values[key] = coerceArgument(value.text, schema, isPlainStringSchema(schema) ? undefined : tagType(body, tag));
  }
  return { values, end: -1 };
}

function stripBlockCloser(block: string, start: number): string {
  for (const closer of BLOCK_CLOSERS) if (block.endsWith(closer) && block.length - closer.length >= start) return block.slice(start, block.length - closer.length);
  return block.slice(start);
}

/** `<cs:tool_use>` (or `<tool_use>`) block → one call; null when it cannot be read (the caller keeps it as text). */
export function parseToolUseBlock(block: string, tools: ToolSet): ParsedBlock | null {
  const opener = readTag(block, 0);
  if (!opener) return null;
  const body = stripBlockCloser(block, opener.end);
  if (firstNonSpaceCode(block, opener.end) === 123 /* { */) return parseJsonCalls(body, tools);
  return parseXmlCall(body, tools, tagArgumentName(block, opener));
}

/** Hermes/Qwen `<tool_call>` block: JSON object(s), Qwen `<function=…>`, or our own XML inside. */
export function parseToolCallBlock(block: string, tools: ToolSet): ParsedBlock | null {
  const opener = readTag(block, 0);
  if (!opener) return null;
  const body = stripBlockCloser(block, opener.end);
  const first = firstNonSpaceCode(block, opener.end);
  if (first === 123 /* { */ || first === 91 /* [ */ || first === 96 /* ` */) return parseJsonCalls(body, tools);
  return parseXmlCall(body, tools, tagArgumentName(block, opener));
}

/** The first non-space character code from `from` (of the block, not of a fresh body substring), or -1. The block closer starts with `<`, so reading past the body changes nothing. */
function firstNonSpaceCode(text: string, from: number): number {
  for (let index = from; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (!isWhitespace(code)) return code;
  }
  return -1;
}

function parseXmlCall(body: string, tools: ToolSet, nameAttribute: string | undefined): ParsedBlock | null {
  let name = nameAttribute?.trim() || undefined;
  let index = 0;
  for (;;) {
    const open = body.indexOf("<", index);
    if (open < 0) break;
    const tag = startsTag(body, open) ? readTag(body, open) : null;
    if (!tag) {
      index = open + 1; // a close tag, a bare `<`, or a tag cut off by the end of output
      continue;
    }
    const kind = tagKind(tag.name);
    if (!name && kind === TagKind.Function && tag.inlineName) {
      name = tag.inlineName;
      index = tag.end;
    } else if (!name && kind === TagKind.Name) {
      const value = readInlineValue(body, tag.end, closeTagOf(tag.name));
      name = hasCharIn(body, "&", tag.end, tag.end + value.text.length) ? decodeEntities(value.text).trim() : nameAt(body, tag.end, tag.end + value.text.length, tools);
      index = value.next;
    } else if (kind === TagKind.Id || !name) {
      // A copied history <id> line, or junk before the name.
      index = tag.selfClosing ? tag.end : readInlineValue(body, tag.end, closeTagOf(tag.name)).next;
    } else if (kind === TagKind.Wrapper && tag.selfClosing) {
      return finishCall(name, tools, body, tag.end, -1);
    } else {
      return finishCall(name, tools, body, -1, kind === TagKind.Wrapper ? tag.end : open);
    }
  }
  return name ? finishCall(name, tools, body, -1, -1) : null;
}

/** `argsFrom` ≥ 0: arguments to read from there; else none, with `argsEnd` just past an empty `<args/>` (or -1). */
function finishCall(name: string, tools: ToolSet, body: string, argsEnd: number, argsFrom: number): ParsedBlock | null {
  const tool = tools.find(name);
  if (!tool) return null;
  const args = argsFrom >= 0 ? parseArgs(body, argsFrom, tool) : { values: {}, end: argsEnd };
  const trailing = args.end >= 0 && firstNonSpaceCode(body, args.end) >= 0 ? cleanTrailing(body.slice(args.end)) : "";
  return { calls: [{ name: tool.name, arguments: args.values }], trailing };
}

/** The tool name in `text[from, to)`, trimmed: a known tool's own name string when it matches exactly (no substring to allocate and compare), else the trimmed text. */
function nameAt(text: string, from: number, to: number, tools: ToolSet): string {
  let start = from;
  let end = to;
  while (start < end && isWhitespace(text.charCodeAt(start))) start++;
  while (end > start && isWhitespace(text.charCodeAt(end - 1))) end--;
  return tools.findAt(text, start, end)?.name ?? trimmedSlice(text, from, to);
}

/** `text.slice(from, to).trim()` without reading a fresh substring. */
function trimmedSlice(text: string, from: number, to: number): string {
  let start = from;
  let end = to;
  while (start < end && isWhitespace(text.charCodeAt(start))) start++;
  while (end > start && isWhitespace(text.charCodeAt(end - 1))) end--;
  // trim() also drops \v, \f and Unicode spaces: such an edge takes the exact (slower) path.
  if (start < end && (mayBeOtherSpace(text.charCodeAt(start)) || mayBeOtherSpace(text.charCodeAt(end - 1)))) return text.slice(from, to).trim();
  return text.slice(start, end);
}

function mayBeOtherSpace(code: number): boolean {
  return code === 11 || code === 12 || code >= 128;
}

/** `</name>` for a tag name; the common ones are constants, not a string built per element. */
function closeTagOf(name: string): string {
  return name === "arg" ? "</arg>" : name === "name" ? "</name>" : `</${name}>`;
}

/** A short element such as `<name>`: up to its close tag, or (missing) up to the next tag. */
function readInlineValue(body: string, from: number, closeTag: string): ValueRead {
  const close = body.indexOf(closeTag, from);
  const nextTag = body.indexOf("<", from);
  if (close >= 0 && close === nextTag) return { text: body.slice(from, close), next: close + closeTag.length };
  const end = nextTag >= 0 ? nextTag : body.length;
  return { text: body.slice(from, end), next: end };
}
