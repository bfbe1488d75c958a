// In charge of finding, chunk by chunk, where an open tool block ends, without rescanning or concatenating what came before.
import type { BlockKind } from "./classify-tags.ts";
import { isWhitespace } from "./xml-text.ts";

export const CLOSERS: Record<BlockKind, string[]> = {
  use: ["</cs:tool_use>", "</tool_use>"],
  call: ["</tool_call>", "</cs:tool_call>"],
  todo: ["</cs:todo>"],
};
/** A missing `</cs:tool_use>`: after `</args>`, the next opener starts a new block. */
const USE_REOPENERS = ["<cs:tool_use", "<tool_use"];
/** Longer than every needle searched for across chunk boundaries (plus one delimiter character). */
const WINDOW = 16;

export interface OpenBlock {
  kind: BlockKind;
  /** A Markdown fence dropped before the block; given back verbatim if the block cannot be parsed. */
  fence: string;
  /** The block's text so far (appending builds a rope; it is flattened once, when the block ends). */
  text: string;
  length: number;
  /** The tail from the last `<` when it may be a needle split across chunks, else "". */
  window: string;
  /** Absolute index just past the first `</args>`, or -1. */
  argsClosedAt: number;
}

/**
 * Absolute index where the block ends (just past its close tag, or at a new
 * opener after `</args>`), or -1. Every needle starts with `<`, so the text
 * between candidates costs only indexOf; a needle split across chunks can
 * only start at the window (the tail from the last `<`), which is matched
 * character by character instead of concatenating.
 */
export function findBlockEnd(block: OpenBlock, chunk: string): number {
  const base = block.length;
  if (block.window !== "") {
    const end = matchAtWindow(block, chunk, base - block.window.length);
    if (end >= 0) return end;
  }
  const kind = block.kind;
  if (block.argsClosedAt < 0) {
    // Before `</args>` only close tags matter.
    for (let at = chunk.indexOf("<"); at >= 0; at = chunk.indexOf("<", at + 1)) {
      if (chunk.charCodeAt(at + 1) !== 47 /* / */) continue; // (a single-character indexOf is the fastest scan)
      const length = closerLength(kind, chunk, at);
      if (length > 0) return base + at + length;
      if (length < 0) {
        block.argsClosedAt = base + at + 7;
        break;
      }
    }
    if (block.argsClosedAt < 0) return -1;
  }
  // After `</args>`, a new opener also ends the block (a missing `</cs:tool_use>`).
  for (let at = chunk.indexOf("<", Math.max(0, block.argsClosedAt - base)); at >= 0; at = chunk.indexOf("<", at + 1)) {
    if (chunk.charCodeAt(at + 1) === 47) {
      const length = closerLength(kind, chunk, at);
      if (length > 0) return base + at + length;
    } else if (isReopener(chunk, "", at)) {
      return base + at;
    }
  }
  return -1;
}

/**
 * For the `</` at `at`: the length of the block's close tag standing there,
 * -1 for `</args>` of a `use` block, else 0. Dispatched on the third
 * character (each needle has its own), without looping over needle arrays:
 * this runs for every close tag inside a block, HTML ones included.
 */
function closerLength(kind: BlockKind, chunk: string, at: number): number {
  const third = chunk.charCodeAt(at + 2);
  let closer: string;
  if (third === 99 /* c */) closer = kind === "use" ? "</cs:tool_use>" : kind === "call" ? "</cs:tool_call>" : "</cs:todo>";
  else if (third === 116 /* t */ && kind !== "todo") closer = kind === "use" ? "</tool_use>" : "</tool_call>";
  else return third === 97 /* a */ && kind === "use" && chunk.startsWith("</args>", at) ? -1 : 0;
  return chunk.startsWith(closer, at) ? closer.length : 0;
}

/** The needle check for the `<` at the start of the window, reading on into the chunk. */
function matchAtWindow(block: OpenBlock, chunk: string, start: number): number {
  const window = block.window;
  for (const closer of CLOSERS[block.kind]) if (matchesAcross(window, chunk, closer)) return start + closer.length;
  if (block.kind !== "use") return -1;
  if (block.argsClosedAt < 0) {
    if (matchesAcross(window, chunk, "</args>")) block.argsClosedAt = start + 7;
    return -1;
  }
  return start >= block.argsClosedAt && isReopener(chunk, window, 0) ? start : -1;
}

function charAcross(window: string, chunk: string, index: number): number {
  return index < window.length ? window.charCodeAt(index) : chunk.charCodeAt(index - window.length);
}

function matchesAcross(window: string, chunk: string, needle: string): boolean {
  if (window.length + chunk.length < needle.length) return false;
  for (let index = 0; index < needle.length; index++) if (charAcross(window, chunk, index) !== needle.charCodeAt(index)) return false;
  return true;
}

/** Everything findBlockEnd looks for in a block of this kind. */
const NEEDLES: Record<BlockKind, string[]> = {
  use: [...CLOSERS.use, "</args>", ...USE_REOPENERS],
  call: CLOSERS.call,
  todo: CLOSERS.todo,
};

/**
 * Every needle starts with `<` and holds no other, so only the tail from the
 * last `<` can be a needle still arriving — and only if it is a prefix of one
 * (an `<arg name="…` tail is not), which keeps the window empty most of the time.
 */
export function nextWindow(block: OpenBlock, chunk: string): string {
  // Only the last WINDOW characters matter: a bounded forward search instead of lastIndexOf over the whole chunk.
  let last = -1;
  for (let at = chunk.indexOf("<", Math.max(0, chunk.length - WINDOW + 1)); at >= 0; at = chunk.indexOf("<", at + 1)) last = at;
  if (last < 0 && chunk.length >= WINDOW) return "";
  if (last < 0) {
    const joined = block.window !== "" && block.window.length + chunk.length < WINDOW ? block.window + chunk : "";
    return joined !== "" && isNeedlePrefix(block.kind, joined, 0) ? joined : "";
  }
  return isNeedlePrefix(block.kind, chunk, last) ? chunk.slice(last) : "";
}

/** Whether `text` from `start` to its end is the start of (or equals) a needle. */
function isNeedlePrefix(kind: BlockKind, text: string, start: number): boolean {
  const length = text.length - start;
  // Every needle goes on with `/`, `c` or `t`: an `<arg …` tail is rejected without looping over the needles.
  const second = length >= 2 ? text.charCodeAt(start + 1) : 47;
  if (second !== 47 && second !== 99 && second !== 116) return false;
  search: for (const needle of NEEDLES[kind]) {
    if (length > needle.length) continue;
    for (let index = 0; index < length; index++) if (text.charCodeAt(start + index) !== needle.charCodeAt(index)) continue search;
    return true;
  }
  return false;
}

/** A `<cs:tool_use`/`<tool_use` opener (in `window` + `chunk` at `at`) whose delimiter has arrived; undecided counts as no (the window keeps it). */
function isReopener(chunk: string, window: string, at: number): boolean {
  for (const opener of USE_REOPENERS) {
    if (window === "" ? !chunk.startsWith(opener, at) : !matchesAcross(window, chunk, opener)) continue;
    const code = charAcross(window, chunk, at + opener.length);
    return code === 62 || isWhitespace(code);
  }
  return false;
}
