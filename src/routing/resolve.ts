// In charge of turning (group, requested model) into the ordered upstream attempts.
import type { AliasConfig, GroupConfig, ProviderConfig } from "../config/schema.ts";
import { ProxyError } from "../unified/errors.ts";
import { matchAlias } from "./match-alias.ts";
import { aliasCursor, keyCursor, type RoundRobin } from "./rotation.ts";
import { parseTarget } from "./targets.ts";

export interface ResolvedTarget {
  provider: ProviderConfig;
  /** The model name sent upstream ("*" already replaced by the requested model). */
  upstreamModel: string;
  alias: AliasConfig;
}

export interface ResolveInput {
  group: GroupConfig;
  model: string;
  providers: ReadonlyMap<string, ProviderConfig>;
  rotation: RoundRobin;
}

/**
 * Every target of the matching alias once, starting at that alias's round-robin cursor, so load
 * spreads across requests and failover walks the rest in declaration order. Targets naming a
 * provider that no longer exists (a run-time group outliving a reload) are skipped.
 * Throws ProxyError not_found when no alias matches.
 */
export function resolveTargets(input: ResolveInput): ResolvedTarget[] {
  const { group, model, providers, rotation } = input;
  // Ollama clients often add ":latest" to a name the list showed without it.
  const alias = matchAlias(group.aliases, model) ?? (model.endsWith(":latest") ? matchAlias(group.aliases, model.slice(0, -":latest".length)) : null);
  if (!alias) throw new ProxyError("not_found", `model '${model}' is not served by group '${group.name}'`);
  const count = alias.targets.length;
  const start = rotation.next(aliasCursor(group.name, alias.alias), count);
  const resolved: ResolvedTarget[] = [];
  for (let step = 0; step < count; step++) {
    const parts = parseTarget(alias.targets[(start + step) % count], model);
    const provider = providers.get(parts.provider);
    if (provider) resolved.push({ provider, upstreamModel: parts.model, alias });
  }
  if (resolved.length === 0) {
    throw new ProxyError("internal", `alias '${alias.alias}' of group '${group.name}' names no configured provider (${alias.targets.join(", ")})`);
  }
  return resolved;
}

/** The provider key for this attempt, round-robin over api_keys; undefined when it has none. */
export function pickKey(provider: ProviderConfig, rotation: RoundRobin): string | undefined {
  if (provider.api_keys.length === 0) return undefined;
  return provider.api_keys[rotation.next(keyCursor(provider.id), provider.api_keys.length)];
}

/**
 * Whether this request runs in compat (XML tool) mode: the path asked for it, or the provider is
 * configured `tools = "compat"`. `tools = "auto"` is decided by the pipeline from upstream answers,
 * so it counts as native here.
 */
export function usesCompat(pathAskedCompat: boolean, provider: ProviderConfig): boolean {
  return pathAskedCompat || provider.tools === "compat";
}
