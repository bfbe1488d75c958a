// In charge of replacing the model in a passthrough body's JSON text without parsing and serialising it again.

/**
 * `raw` with the top-level `"model": <current>` value replaced by `next`, or null when that
 * cannot be done safely (then the caller serialises the parsed body). Safe means: `"model"`
 * occurs exactly once in the text (inside a JSON string it would be escaped as `\"model\"`),
 * it is followed by `:` and by `current` encoded exactly as JSON.stringify encodes it.
 */
export function swapModel(raw: string, current: string, next: string): string | null {
  const at = raw.indexOf('"model"');
  if (at === -1 || raw.indexOf('"model"', at + 7) !== -1) return null;
  let i = at + 7;
  while (i < raw.length && isSpace(raw.charCodeAt(i))) i++;
  if (raw.charCodeAt(i) !== 58 /* : */) return null;
  i++;
  while (i < raw.length && isSpace(raw.charCodeAt(i))) i++;
  const encoded = JSON.stringify(current);
  if (!raw.startsWith(encoded, i)) return null;
  if (current === next) return raw;
  return raw.slice(0, i) + JSON.stringify(next) + raw.slice(i + encoded.length);
}

function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}
