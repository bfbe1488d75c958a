// In charge of remembering which (provider, model) pairs need compat mode under `tools = "auto"`.
import type { ProxyError } from "../unified/errors.ts";

/**
 * `tools = "auto"`: native tools first; when the upstream refuses them (a 400/422 whose
 * message talks about tools or functions), the same request is retried once in compat mode
 * and the model is remembered, so later requests go to compat directly. Persisted as JSON.
 */
export class ToolModeMemory {
  private readonly compat = new Set<string>();
  private changed = false;

  static key(provider: string, model: string): string {
    return `${provider}/${model}`;
  }

  needsCompat(provider: string, model: string): boolean {
    return this.compat.has(ToolModeMemory.key(provider, model));
  }

  remember(provider: string, model: string): void {
    const key = ToolModeMemory.key(provider, model);
    if (this.compat.has(key)) return;
    this.compat.add(key);
    this.changed = true;
  }

  takeChanged(): boolean {
    const changed = this.changed;
    this.changed = false;
    return changed;
  }

  export(): string[] {
    return [...this.compat];
  }

  import(value: unknown): void {
    if (Array.isArray(value)) for (const item of value) if (typeof item === "string") this.compat.add(item);
  }
}

/** Whether an upstream error is a refusal of native tools (and compat mode may help). */
export function refusesTools(error: ProxyError): boolean {
  if (error.status !== 400 && error.status !== 422 && error.status !== 501) return false;
  return /\b(tools?|tool_choice|function[_ ]?call(ing)?|functions?)\b/i.test(error.message);
}
