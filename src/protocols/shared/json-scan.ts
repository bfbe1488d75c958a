// In charge of cheap questions about JSON text without parsing it (hot stream paths).
//
// Sound because a key's quotes are never unescaped inside a JSON string: `"usage":` can only be
// a key. A false "present" costs a parse; a false "absent" cannot happen for well-formed JSON.

function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}

/**
 * Index where the value of a key starts (after the colon and any whitespace), from `from`, or -1
 * when there is no such key. Keys are passed with their quotes (`'"usage"'`): no string is built
 * per call on these per-frame paths.
 */
export function valueIndex(text: string, quoted: string, from = 0): number {
  for (let at = text.indexOf(quoted, from); at !== -1; at = text.indexOf(quoted, at + 1)) {
    let i = at + quoted.length;
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    // A string value equal to the key's name ("content":"usage") is followed by `,` or `}`, not `:`.
    if (text.charCodeAt(i) !== 58 /* : */) continue;
    i++;
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    return i;
  }
  return -1;
}

export function hasKey(text: string, quoted: string): boolean {
  return valueIndex(text, quoted) !== -1;
}

/** Whether every such key in the text (if any) has the literal value (`null`, `false`, …). */
export function keyAbsentOr(text: string, quoted: string, literal: string): boolean {
  for (let at = valueIndex(text, quoted); at !== -1; at = valueIndex(text, quoted, at)) {
    if (!text.startsWith(literal, at)) return false;
  }
  return true;
}

/** A JSON object's text at a glance: `{` … `}` (a truncated or non-JSON frame must still be parsed to be reported). */
export function looksLikeObject(text: string): boolean {
  return text.charCodeAt(0) === 123 && text.charCodeAt(text.length - 1) === 125;
}
