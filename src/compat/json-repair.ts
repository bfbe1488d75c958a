// In charge of reading one JSON value out of sloppy model text: trailing junk ignored, truncated values closed.

export type Extracted = { ok: true; value: unknown; whole: boolean; end: number } | { ok: false };

/**
 * Parses the JSON value that starts at the first non-space character of
 * `text` (from `from`). `whole` tells whether only whitespace followed it.
 * A truncated object or array (end of output) is closed and parsed.
 */
export function extractJsonValue(text: string, from = 0): Extracted {
  let start = from;
  while (start < text.length && /\s/.test(text[start] ?? "")) start++;
  if (start >= text.length) return { ok: false };
  const first = text[start];
  if (first !== "{" && first !== "[") {
    const rest = text.slice(start).trimEnd();
    const parsed = tryParse(rest);
    return parsed.ok ? { ok: true, value: parsed.value, whole: true, end: text.length } : { ok: false };
  }
  const end = findBalancedEnd(text, start);
  if (end > 0) {
    const parsed = tryParse(text.slice(start, end));
    if (parsed.ok) return { ok: true, value: parsed.value, whole: text.slice(end).trim() === "", end };
    return { ok: false };
  }
  const repaired = repairTruncated(text.slice(start));
  if (repaired === undefined) return { ok: false };
  const parsed = tryParse(repaired);
  return parsed.ok ? { ok: true, value: parsed.value, whole: true, end: text.length } : { ok: false };
}

function tryParse(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** Index just past the bracket closing the one at `start`, or -1 when the text ends first. */
function findBalancedEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let index = start; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 92 /* \ */) index++;
      else if (code === 34 /* " */) inString = false;
      continue;
    }
    if (code === 34) inString = true;
    else if (code === 123 || code === 91) depth++;
    else if (code === 125 || code === 93) {
      depth--;
      if (depth === 0) return index + 1;
    }
  }
  return -1;
}

/** Closes an open string and the open brackets of a truncated JSON text; drops a dangling comma, key or colon. */
function repairTruncated(text: string): string | undefined {
  const stack: string[] = [];
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (inString) {
      if (char === "\\") index++;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') inString = true;
    else if (char === "{") stack.push("}");
    else if (char === "[") stack.push("]");
    else if (char === "}" || char === "]") stack.pop();
  }
  let body = text;
  if (inString) body = body.endsWith("\\") ? body.slice(0, -1) + '"' : body + '"';
  body = body.trimEnd();
  const closers = stack.reverse().join("");
  for (const candidate of [body, body.replace(/,\s*$/, ""), body.replace(/,?\s*"[^"]*"\s*:?\s*$/, ""), body.replace(/:\s*$/, ": null")]) {
    const attempt = candidate + closers;
    if (tryParse(attempt).ok) return attempt;
  }
  return undefined;
}
