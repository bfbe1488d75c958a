// In charge of reading one XML-ish tag (name, attributes in any quoting, self-closing) at a position, without substrings on the hot path.
import { decodeEntities, isNameChar, isWhitespace } from "./xml-text.ts";
export interface Tag {
  name: string;
  /** `<parameter=path>` / `<function=Read>` (Qwen style): the part after `=`. */
  inlineName: string | undefined;
  /** Raw range of the `name` (or `key`) attribute value; -1 when absent. */
  nameStart: number;
  nameEnd: number;
  typeStart: number;
  typeEnd: number;
  valueAttribute: string | undefined;
  selfClosing: boolean;
  end: number;
}

export function newTag(name: string): Tag {
  return { name, inlineName: undefined, nameStart: -1, nameEnd: -1, typeStart: -1, typeEnd: -1, valueAttribute: undefined, selfClosing: false, end: 0 };
}

/** The `name` attribute (or Qwen inline name), entity-decoded. */
export function tagArgumentName(text: string, tag: Tag): string | undefined {
  if (tag.inlineName !== undefined) return tag.inlineName;
  if (tag.nameStart < 0) return undefined;
  const raw = text.slice(tag.nameStart, tag.nameEnd);
  return hasCharIn(text, "&", tag.nameStart, tag.nameEnd) ? decodeEntities(raw) : raw;
}

export function tagType(text: string, tag: Tag): string | undefined {
  return tag.typeStart < 0 ? undefined : text.slice(tag.typeStart, tag.typeEnd);
}

/** Reads the tag starting at `text[at] === "<"`; null when the text ends inside it. */
export function readTag(text: string, at: number): Tag | null {
  let index = at + 1;
  while (index < text.length && isNameChar(text.charCodeAt(index))) index++;
  const name = tagName(text, at + 1, index);
  if (text.charCodeAt(index) === 61 /* = */) {
    const close = text.indexOf(">", index);
    if (close < 0) return null;
    let inline = text.slice(index + 1, close).trim();
    const selfClosing = inline.endsWith("/");
    if (selfClosing) inline = inline.slice(0, -1).trim();
    const tag = newTag(name);
    tag.inlineName = unquote(inline);
    tag.selfClosing = selfClosing;
    tag.end = close + 1;
    return tag;
  }
  return readAttributes(text, index, name);
}

/** The tag names of our own format: read from the text, they come back as these constants (see tagName). */
const COMMON_NAMES = ["arg", "args", "name", "cs:tool_use", "tool_use", "tool_call", "id"];

/**
 * `text.slice(start, end)`, but a common name is returned as an interned
 * constant: a fresh substring costs an allocation, and the switch in tagKind
 * (and every later comparison) would then have to materialize it.
 */
function tagName(text: string, start: number, end: number): string {
  const length = end - start;
  for (let index = 0; index < COMMON_NAMES.length; index++) {
    const name = COMMON_NAMES[index] ?? "";
    if (name.length === length && text.startsWith(name, start)) return name;
  }
  return text.slice(start, end);
}

/** Whether `text[start, end)` equals the lower-case `word`, ignoring ASCII case. */
export function keyIs(text: string, start: number, end: number, word: string): boolean {
  if (end - start !== word.length) return false;
  for (let index = 0; index < word.length; index++) if ((text.charCodeAt(start + index) | 0x20) !== word.charCodeAt(index)) return false;
  return true;
}

/** Whether `<` at `at` opens an element (a letter or `_` follows), as opposed to a comparison in text. */
export function startsTag(text: string, at: number): boolean {
  const code = text.charCodeAt(at + 1);
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95;
}

export function unquote(text: string): string {
  const first = text[0];
  return (first === '"' || first === "'") && text.endsWith(first) && text.length >= 2 ? text.slice(1, -1) : text;
}

/** Attributes in double, single or no quotes; `/>` closes the tag. */
export function readAttributes(text: string, from: number, name: string): Tag | null {
  const tag = newTag(name);
  const length = text.length;
  let index = from;
  for (;;) {
    while (index < length && isWhitespace(text.charCodeAt(index))) index++;
    if (index >= length) return null;
    const code = text.charCodeAt(index);
    if (code === 62 /* > */) {
      tag.end = index + 1;
      return tag;
    }
    if (code === 47 /* / */ && text.charCodeAt(index + 1) === 62) {
      tag.selfClosing = true;
      tag.end = index + 2;
      return tag;
    }
    const keyStart = index;
    while (index < length && isNameChar(text.charCodeAt(index))) index++;
    if (index === keyStart) {
      index++; // junk such as a stray quote or slash
      continue;
    }
    const keyEnd = index;
    while (index < length && isWhitespace(text.charCodeAt(index))) index++;
    if (text.charCodeAt(index) !== 61 /* = */) continue; // a bare attribute
    index++;
    while (index < length && isWhitespace(text.charCodeAt(index))) index++;
    if (index >= length) return null;
    const quote = text.charCodeAt(index);
    let valueStart: number;
    let valueEnd: number;
    if (quote === 34 || quote === 39) {
      valueStart = index + 1;
      valueEnd = text.indexOf(quote === 34 ? '"' : "'", valueStart);
      if (valueEnd < 0) return null;
      index = valueEnd + 1;
    } else {
      valueStart = index;
      for (; index < length; index++) {
        const char = text.charCodeAt(index);
        if (isWhitespace(char) || char === 62 || (char === 47 && text.charCodeAt(index + 1) === 62)) break;
      }
      valueEnd = index;
    }
    if (keyIs(text, keyStart, keyEnd, "name") || keyIs(text, keyStart, keyEnd, "key")) {
      tag.nameStart = valueStart;
      tag.nameEnd = valueEnd;
    } else if (keyIs(text, keyStart, keyEnd, "type")) {
      tag.typeStart = valueStart;
      tag.typeEnd = valueEnd;
    } else if (keyIs(text, keyStart, keyEnd, "value")) tag.valueAttribute = decodeEntities(text.slice(valueStart, valueEnd));
  }
}

/** Whether `char` occurs in text[from, to) — indexOf, without materialising the substring. */
export function hasCharIn(text: string, char: string, from: number, to: number): boolean {
  const at = text.indexOf(char, from);
  return at >= 0 && at < to;
}
