// In charge of reading alias targets: "<provider id>/<model>", split at the first "/".
import { ProxyError } from "../unified/errors.ts";

export interface TargetParts {
  provider: string;
  model: string;
}

/** The model part that stands for "whatever model the client asked for" (config extension). */
export const PASS_THROUGH_MODEL = "*";

/**
 * "openrouter/qwen/qwen3-coder:free" → {provider: "openrouter", model: "qwen/qwen3-coder:free"}.
 * Only the first "/" splits, because upstream model names contain slashes themselves.
 * Null when either side is empty.
 */
export function splitTarget(target: string): TargetParts | null {
  const slash = target.indexOf("/");
  if (slash <= 0 || slash === target.length - 1) return null;
  return { provider: target.slice(0, slash), model: target.slice(slash + 1) };
}

/**
 * A target with its model resolved: "*" becomes the requested model (so alias "*" → "ollama/*"
 * passes any model name through). Targets are checked when the configuration loads, so a bad one
 * here is our bug, not the client's.
 */
export function parseTarget(target: string, requestedModel?: string): TargetParts {
  const parts = splitTarget(target);
  if (!parts) throw new ProxyError("internal", `alias target '${target}' is not "<provider id>/<model>"`);
  if (parts.model === PASS_THROUGH_MODEL && requestedModel !== undefined) return { provider: parts.provider, model: requestedModel };
  return parts;
}
