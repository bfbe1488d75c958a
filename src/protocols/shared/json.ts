// In charge of parsing JSON that may be broken without throwing (upstream garbage, partial tool arguments).
export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

export function parseJson(text: string): ParseResult<unknown> {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Tool arguments as an object: parses a JSON string, wraps anything that is not an object. */
export function argumentsObject(value: unknown): Record<string, unknown> {
  if (isRecord(value)) return value;
  if (typeof value === "string") {
    if (value.trim() === "") return {};
    const parsed = parseJson(value);
    if (parsed.ok && isRecord(parsed.value)) return parsed.value;
    return { _raw: value };
  }
  if (value === undefined || value === null) return {};
  return { value };
}
