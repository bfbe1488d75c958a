// In charge of deciding, from the text seen so far, what a `<` or a backtick run in model output starts: a tool block, a stray close tag, a fence before a block, or plain text.
import { isNameChar, isWhitespace } from "./xml-text.ts";

export type BlockKind = "use" | "call" | "todo";

/** Tag names that open a block (compat-mode.md; Hermes/Qwen `tool_call`; `cs:todo` scratchpads). */
const OPENER_WORDS: ReadonlyArray<readonly [string, BlockKind]> = [
  ["cs:tool_use", "use"],
  ["cs:tool_call", "call"],
  ["cs:todo", "todo"],
  ["tool_use", "use"],
  ["tool_call", "call"],
];
/** Close tags dropped right after a block; in prose only our own `cs:` namespace is dropped. */
const AFTER_CLOSERS = ["args", "arg", "name", "tool_use", "tool_call", "function", "parameter"];
const MAX_TAG_NAME = 24;
const MAX_FENCE_LANGUAGE = 20;

export type AngleResult =
  | { kind: "text" }
  | { kind: "need" }
  | { kind: "opener"; block: BlockKind }
  | { kind: "closer"; end: number };
export type FenceResult = { kind: "text"; length: number } | { kind: "need" } | { kind: "fence"; at: number; block: BlockKind };

const TEXT: AngleResult = { kind: "text" };
const NEED: AngleResult = { kind: "need" };
const OPENER_RESULTS: Record<BlockKind, AngleResult> = {
  use: { kind: "opener", block: "use" },
  call: { kind: "opener", block: "call" },
  todo: { kind: "opener", block: "todo" },
};

/** 1: `word` stands at `at`; 0: the text ends inside a match; -1: it does not. No slicing: this runs for every `<` of prose. */
function matchWord(s: string, at: number, word: string): number {
  for (let index = 0; index < word.length; index++) {
    if (at + index >= s.length) return 0;
    if (s.charCodeAt(at + index) !== word.charCodeAt(index)) return -1;
  }
  return 1;
}

/**
 * Decides what the `<` at `at` starts. "need" only while the text seen so far
 * is still a prefix of a tag we act on, so prose is held back minimally.
 * `after`: right after a block, where more close tags are stray.
 */
export function classifyAngle(s: string, at: number, final: boolean, after: boolean, openersOnly: boolean): AngleResult {
  const next = at + 1;
  if (next >= s.length) return final ? TEXT : NEED;
  const first = s.charCodeAt(next);
  if (first === 47 /* / */) return openersOnly ? TEXT : classifyCloser(s, next + 1, final, after);
  // Every opener starts with `c` or `t`: most `<` in prose (HTML, generics, comparisons) end here.
  if (first !== 99 /* c */ && first !== 116 /* t */) return TEXT;
  for (const [word, kind] of OPENER_WORDS) {
    const match = matchWord(s, next, word);
    if (match === 0) return final ? TEXT : NEED;
    if (match < 0) continue;
    const end = next + word.length;
    if (end >= s.length) return final ? TEXT : NEED;
    const code = s.charCodeAt(end);
    if (!(code === 62 /* > */ || code === 47 /* / */ || isWhitespace(code))) return TEXT; // `<cs:tool_user`
    return openersOnly && kind === "todo" ? TEXT : OPENER_RESULTS[kind];
  }
  return TEXT;
}

/** `</name>` with optional spaces: a stray close tag when the name is ours (`cs:…`), or one of AFTER_CLOSERS right after a block. */
function classifyCloser(s: string, start: number, final: boolean, after: boolean): AngleResult {
  if (!after && start < s.length && s.charCodeAt(start) !== 99 /* c */) return TEXT;
  let index = start;
  while (index < s.length && index - start <= MAX_TAG_NAME && isNameChar(s.charCodeAt(index))) index++;
  if (index === s.length) return final || !couldBeCloserName(s, start, index, after) ? TEXT : NEED;
  if (!isCloserName(s, start, index, after)) return TEXT;
  while (index < s.length && (s.charCodeAt(index) === 32 || s.charCodeAt(index) === 9)) index++;
  if (index === s.length) return final ? TEXT : NEED;
  return s.charCodeAt(index) === 62 ? { kind: "closer", end: index + 1 } : TEXT;
}

function isCloserName(s: string, start: number, end: number, after: boolean): boolean {
  if (end - start >= 3 && matchWord(s, start, "cs:") === 1) return true;
  return after && AFTER_CLOSERS.some((word) => end - start === word.length && matchWord(s, start, word) === 1);
}

/** Whether the name read so far (the text ended) can still become a closer name. */
function couldBeCloserName(s: string, start: number, end: number, after: boolean): boolean {
  const length = end - start;
  const isPrefixOf = (word: string): boolean => {
    for (let index = 0; index < Math.min(length, word.length); index++) if (s.charCodeAt(start + index) !== word.charCodeAt(index)) return false;
    return true;
  };
  if (isPrefixOf("cs:")) return true;
  return after && AFTER_CLOSERS.some((word) => length <= word.length && isPrefixOf(word));
}

function isLanguageChar(code: number): boolean {
  return isNameChar(code) || code === 43; /* + */
}

/** Whether the backticks at `at` are a Markdown fence standing right before a tool block. */
export function classifyFence(s: string, at: number, final: boolean): FenceResult {
  let index = at;
  while (index < s.length && s.charCodeAt(index) === 96 /* ` */) index++;
  const ticks = index - at;
  const text: FenceResult = { kind: "text", length: ticks };
  const need: FenceResult = final ? text : { kind: "need" };
  if (index === s.length) return need;
  if (ticks < 3) return text;
  const languageStart = index;
  while (index < s.length && isLanguageChar(s.charCodeAt(index))) index++;
  if (index - languageStart > MAX_FENCE_LANGUAGE) return text;
  while (index < s.length && (s[index] === " " || s[index] === "\t" || s[index] === "\r")) index++;
  if (index === s.length) return need;
  if (s[index] !== "\n") return text;
  while (index < s.length && isWhitespace(s.charCodeAt(index))) index++;
  if (index === s.length) return need;
  if (s[index] !== "<") return text;
  const angle = classifyAngle(s, index, final, false, true);
  if (angle.kind === "need") return need;
  return angle.kind === "opener" ? { kind: "fence", at: index, block: angle.block } : text;
}

export function countTicks(s: string, at: number): number {
  let index = at;
  while (index < s.length && s.charCodeAt(index) === 96) index++;
  return index - at;
}

/** Inside a prose code block any backtick run is text; only its full length must be known (it may close the code block). */
export function closingProseFence(s: string, at: number, final: boolean): FenceResult {
  const ticks = countTicks(s, at);
  return at + ticks === s.length && !final ? { kind: "need" } : { kind: "text", length: ticks };
}

/** A closing fence "```" + spaces + newline (or end of output): index after it; -1 not a fence; -2 undecided yet. */
export function closingFenceEnd(s: string, at: number, final: boolean): number {
  let index = at + countTicks(s, at);
  if (index - at < 3) return index === s.length && !final ? -2 : -1;
  while (index < s.length && (s[index] === " " || s[index] === "\t" || s[index] === "\r")) index++;
  if (index === s.length) return final ? index : -2;
  return s[index] === "\n" ? index + 1 : -1;
}

