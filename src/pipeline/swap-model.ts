// In charge of replacing the model in a passthrough body's JSON text without parsing and serialising it again.

/**
 * Where the top-level `"model": <current>` value is in `raw` (the JSON text of `current`), or
 * null when that cannot be found safely (then the caller serialises the parsed body). Safe means:
 * `"model"` is the object's first key or occurs exactly once in the text (inside a JSON string it
 * would be escaped as `\"model\"`), and it is followed by `:` and by `current` encoded exactly as
 * JSON.stringify encodes it.
 */
function locateModel(raw: string, current: string): { start: number; end: number } | null {
  const at = raw.indexOf('"model"');
  if (at === -1) return null;
  // As the object's first key (what the SDKs and agents send) it is the top-level one, and the
  // uniqueness scan over the rest of a large prompt is skipped. A later duplicate key would win
  // in JSON.parse: then `current` is its value and the check below fails, unless both are equal.
  if (!isFirstKey(raw, at) && raw.indexOf('"model"', at + 7) !== -1) return null;
  let i = at + 7;
  while (i < raw.length && isSpace(raw.charCodeAt(i))) i++;
  if (raw.charCodeAt(i) !== 58 /* : */) return null;
  i++;
  while (i < raw.length && isSpace(raw.charCodeAt(i))) i++;
  const encoded = JSON.stringify(current);
  if (!raw.startsWith(encoded, i)) return null;
  return { start: i, end: i + encoded.length };
}

/**
 * `raw` with the top-level model replaced by `next` (see locateModel), or null: the upstream
 * body of a passthrough. A large one is a Blob of the untouched text around the new
 * model: the parts are encoded to UTF-8 once, straight from the client's text, where a joined
 * string would first be flattened into one more full-size copy (a 200 KB prompt is 400 KB as a
 * UTF-16 string). A small one is the joined string, which is cheaper to make.
 */
export function swapModelBody(raw: string, current: string, next: string): string | Blob | null {
  const at = locateModel(raw, current);
  if (!at) return null;
  if (current === next) return raw;
  const head = raw.slice(0, at.start);
  const tail = raw.slice(at.end);
  // A Blob costs a couple of microseconds more to make: worth it only once the copy it saves is large.
  return raw.length > BLOB_FROM ? new Blob([head, JSON.stringify(next), tail]) : head + JSON.stringify(next) + tail;
}

/** Bodies longer than this (in UTF-16 code units) go upstream as a Blob (measured break-even ~10–20 KB). */
export const BLOB_FROM = 16_384;

function isFirstKey(raw: string, at: number): boolean {
  let i = 0;
  while (i < at && isSpace(raw.charCodeAt(i))) i++;
  if (raw.charCodeAt(i) !== 123 /* { */) return false;
  i++;
  while (i < at && isSpace(raw.charCodeAt(i))) i++;
  return i === at;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}
