// In charge of choosing which alias of a group serves a requested model name.
import type { AliasConfig } from "../config/schema.ts";

interface CompiledAlias {
  pattern: RegExp | null;
  /** `*` and `?` characters: fewer means more specific. */
  wildcards: number;
  /** Characters that must match literally: more means more specific. */
  literals: number;
}

// Aliases are long-lived config objects; compiling each once keeps matching allocation-free.
const compiled = new WeakMap<AliasConfig, CompiledAlias>();

function compile(alias: AliasConfig): CompiledAlias {
  const cached = compiled.get(alias);
  if (cached) return cached;
  let wildcards = 0;
  let source = "";
  for (const character of alias.alias) {
    if (character === "*") source += "[\\s\\S]*";
    else if (character === "?") source += "[\\s\\S]";
    else {
      source += character.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      continue;
    }
    wildcards++;
  }
  const result: CompiledAlias = {
    pattern: wildcards === 0 ? null : new RegExp(`^${source}$`, "u"),
    wildcards,
    literals: [...alias.alias].length - wildcards,
  };
  compiled.set(alias, result);
  return result;
}

/**
 * Exact match first (even for an alias whose text contains wildcard characters); otherwise the most
 * specific matching wildcard alias: fewest wildcard characters, then most literal characters, then
 * declaration order. `*` matches any run (empty included), `?` one character. Case-sensitive.
 * Callers strip protocol decorations (Ollama `:latest`, Gemini `models/`) before calling.
 */
export function matchAlias(aliases: readonly AliasConfig[], model: string): AliasConfig | null {
  const exact = aliases.find((alias) => alias.alias === model);
  if (exact) return exact;
  let best: AliasConfig | null = null;
  let bestRank: CompiledAlias | null = null;
  for (const alias of aliases) {
    const rank = compile(alias);
    if (!rank.pattern || !rank.pattern.test(model)) continue;
    // Strictly better only: on a tie the earlier declaration stays.
    if (!bestRank || rank.wildcards < bestRank.wildcards || (rank.wildcards === bestRank.wildcards && rank.literals > bestRank.literals)) {
      best = alias;
      bestRank = rank;
    }
  }
  return best;
}
