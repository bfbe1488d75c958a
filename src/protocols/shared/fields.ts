// In charge of the small typed readers every decode-request uses, so every bad field gets a precise 400 message.
import { isRecord } from "./json.ts";
import { ProxyError } from "../../unified/errors.ts";

export function invalid(path: string, message: string): ProxyError {
  return new ProxyError("invalid_request", `${path}: ${message}`);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/** `null` counts as absent: SDKs serialise unset optional fields as null. */
export function optionalNumber(record: Record<string, unknown>, key: string, path = key): number | undefined {
  const value = record[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value)) throw invalid(path, `expected a number, got ${describe(value)}`);
  return value;
}

export function optionalString(record: Record<string, unknown>, key: string, path = key): string | undefined {
  const value = record[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw invalid(path, `expected a string, got ${describe(value)}`);
  return value;
}

export function optionalBoolean(record: Record<string, unknown>, key: string, path = key): boolean | undefined {
  const value = record[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") throw invalid(path, `expected a boolean, got ${describe(value)}`);
  return value;
}

export function requireString(record: Record<string, unknown>, key: string, path = key): string {
  const value = optionalString(record, key, path);
  if (value === undefined) throw invalid(path, "required");
  return value;
}

export function requireRecord(value: unknown, path: string): Record<string, unknown> {
  if (!isRecord(value)) throw invalid(path, `expected an object, got ${describe(value)}`);
  return value;
}

export function optionalArray(record: Record<string, unknown>, key: string, path = key): unknown[] | undefined {
  const value = record[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw invalid(path, `expected an array, got ${describe(value)}`);
  return value;
}

export function optionalStringArray(record: Record<string, unknown>, key: string, path = key): string[] | undefined {
  const values = optionalArray(record, key, path);
  if (values === undefined) return undefined;
  return values.map((value, index) => {
    if (typeof value !== "string") throw invalid(`${path}[${index}]`, `expected a string, got ${describe(value)}`);
    return value;
  });
}
