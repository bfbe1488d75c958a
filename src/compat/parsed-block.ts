// In charge of what a parsed tool block yields, the tool lookup, and the small text helpers both block parsers share.
import type { UnifiedTool } from "../unified/request.ts";
import { isWhitespace } from "./xml-text.ts";

export interface ParsedCall {
  name: string;
  arguments: Record<string, unknown>;
}

/** `trailing`: prose the model wrote inside a repaired block after its arguments (emitted as text, never lost). */
export interface ParsedBlock {
  calls: ParsedCall[];
  trailing: string;
}

export interface ToolSet {
  find(name: string): UnifiedTool | undefined;
  /** The tool named exactly `text[start, end)`, compared in place (no substring), else undefined. */
  findAt(text: string, start: number, end: number): UnifiedTool | undefined;
}

const toolSets = new WeakMap<UnifiedTool[], ToolSet>();

/** Exact names first; a case-insensitive match only when it is unambiguous (`read` for `Read`). Built once per tools array. */
export function createToolSet(tools: UnifiedTool[]): ToolSet {
  const cached = toolSets.get(tools);
  if (cached) return cached;
  const exact = new Map<string, UnifiedTool>();
  for (const tool of tools) exact.set(tool.name, tool);
  let folded: Map<string, UnifiedTool | null> | undefined;
  const foldedFind = (name: string): UnifiedTool | undefined => {
    if (!folded) {
      folded = new Map();
      for (const tool of tools) {
        const key = tool.name.toLowerCase();
        folded.set(key, folded.has(key) ? null : tool);
      }
    }
    return folded.get(name.toLowerCase()) ?? undefined;
  };
  // Few tools: comparing names beats hashing a fresh substring.
  const find = tools.length <= 16 ? (name: string) => tools.find((tool) => tool.name === name) : (name: string) => exact.get(name);
  const findAt = (text: string, start: number, end: number): UnifiedTool | undefined => {
    for (const tool of tools) if (tool.name.length === end - start && text.startsWith(tool.name, start)) return tool;
    return undefined;
  };
  const set: ToolSet = { find: (name) => find(name) ?? foldedFind(name), findAt };
  toolSets.set(tools, set);
  return set;
}

export const BLOCK_CLOSERS = ["</cs:tool_use>", "</tool_use>", "</tool_call>", "</cs:tool_call>"];

/** What is left after a repaired block's arguments: whitespace and stray close tags dropped. */
export function cleanTrailing(text: string): string {
  let rest = text.trim();
  if (rest === "") return rest;
  for (let match = /^<\/[A-Za-z0-9_:.-]*\s*>/.exec(rest); match; match = /^<\/[A-Za-z0-9_:.-]*\s*>/.exec(rest)) {
    rest = rest.slice(match[0].length).trimStart();
  }
  if (rest.startsWith("</") && BLOCK_CLOSERS.some((closer) => closer.startsWith(rest))) return "";
  return rest;
}

export function firstNonSpace(text: string): string {
  for (let index = 0; index < text.length; index++) if (!isWhitespace(text.charCodeAt(index))) return text[index] ?? "";
  return "";
}

