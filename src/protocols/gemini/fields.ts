// In charge of reading Gemini REST fields that arrive camelCase (SDKs) or snake_case (the docs' curl examples).
import { ProxyError } from "../../unified/errors.ts";
import { isRecord } from "../shared/json.ts";

const SNAKE = new Map<string, string>();

/**
 * The proto JSON mapping accepts both spellings of every field: `systemInstruction` and
 * `system_instruction`. Memoised: every absent field of every stream frame asks for its twin
 * (a regex replace each time made the Gemini stream decoder ten times slower than the others).
 */
export function snakeCase(name: string): string {
  let snake = SNAKE.get(name);
  if (snake === undefined) {
    snake = name.replace(/[A-Z]/g, (letter) => "_" + letter.toLowerCase());
    // Field names come from the code; the bound only guards against a caller passing data.
    if (SNAKE.size < 1024) SNAKE.set(name, snake);
  }
  return snake;
}

/** The value of `name` (camelCase) or its snake_case twin; camelCase wins when both are present. */
export function field(record: Record<string, unknown>, name: string): unknown {
  const value = record[name];
  return value !== undefined ? value : record[snakeCase(name)];
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

function wrongType(path: string, expected: string, value: unknown): ProxyError {
  return new ProxyError("invalid_request", `${path}: expected ${expected}, got ${describe(value)}`);
}

export function optionalString(record: Record<string, unknown>, name: string, path: string): string | undefined {
  const value = field(record, name);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw wrongType(`${path}.${name}`, "a string", value);
  return value;
}

/** Numbers; proto JSON also allows int64/int32 values as decimal strings. */
export function optionalNumber(record: Record<string, unknown>, name: string, path: string): number | undefined {
  const value = field(record, name);
  if (value === undefined || value === null) return undefined;
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  throw wrongType(`${path}.${name}`, "a number", value);
}

export function optionalBoolean(record: Record<string, unknown>, name: string, path: string): boolean | undefined {
  const value = field(record, name);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") throw wrongType(`${path}.${name}`, "a boolean", value);
  return value;
}

export function optionalRecord(record: Record<string, unknown>, name: string, path: string): Record<string, unknown> | undefined {
  const value = field(record, name);
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw wrongType(`${path}.${name}`, "an object", value);
  return value;
}

export function optionalArray(record: Record<string, unknown>, name: string, path: string): unknown[] | undefined {
  const value = field(record, name);
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw wrongType(`${path}.${name}`, "an array", value);
  return value;
}

export function optionalStringArray(record: Record<string, unknown>, name: string, path: string): string[] | undefined {
  const values = optionalArray(record, name, path);
  if (values === undefined) return undefined;
  return values.map((value, index) => {
    if (typeof value !== "string") throw wrongType(`${path}.${name}[${index}]`, "a string", value);
    return value;
  });
}

export function requireRecord(value: unknown, path: string): Record<string, unknown> {
  if (!isRecord(value)) throw wrongType(path, "an object", value);
  return value;
}
