// In charge of the group editor's model: group ↔ form text, and the checks made before saving (pure).
import type { AliasConfig, GroupConfig } from "../config/schema.ts";

/** What the editor's inputs hold, all as typed text. */
export interface GroupDraft {
  name: string;
  prompt_injection: GroupConfig["prompt_injection"];
  prompt_text: string;
  prompt_position: GroupConfig["prompt_position"];
  /** Comma- or newline-separated tool names. */
  tool_filter: string;
  temperature_ratio: string;
  aliases: AliasDraft[];
}

export interface AliasDraft {
  alias: string;
  /** One "<provider>/<model>" per line (commas also split). */
  targets: string;
}

/** A problem tied to the input that shows it: "name", "temperature_ratio", "aliases.0.alias", "aliases.1.targets". */
export interface FieldProblem {
  field: string;
  message: string;
}

const NAME_PATTERN = /^[a-zA-Z0-9_.-]+$/;
/** Names that are route prefixes; the server refuses them too (server/prefixes.ts). */
const RESERVED = new Set(["switch", "compat", "compat_mode", "admin", "swagger", "healthz", "metrics", "ui", "mcp", "sse", "message"]);

export function splitList(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

export function emptyDraft(): GroupDraft {
  return { name: "", prompt_injection: "off", prompt_text: "", prompt_position: "system", tool_filter: "", temperature_ratio: "1", aliases: [{ alias: "", targets: "" }] };
}

export function draftFromGroup(group: GroupConfig): GroupDraft {
  return {
    name: group.name,
    prompt_injection: group.prompt_injection,
    prompt_text: group.prompt_text,
    prompt_position: group.prompt_position,
    tool_filter: group.tool_filter.join(", "),
    temperature_ratio: String(group.temperature_ratio),
    aliases: group.aliases.map((alias) => ({ alias: alias.alias, targets: alias.targets.join("\n") })),
  };
}

/** The JSON body POST/PUT /admin/groups takes. */
export type GroupBody = GroupConfig;

export interface DraftResult {
  group?: GroupBody;
  problems: FieldProblem[];
}

/**
 * Checks the draft and builds the body. Settings the editor does not show (max_tokens_cap,
 * extra_body, and whatever the schema grows later, on the group or on an alias of the same name)
 * are carried over from `original`, so saving through the dashboard never drops what the TOML or
 * the API set. `original` must be a plain group (no `source` field: the API refuses unknown fields).
 */
export function groupFromDraft(draft: GroupDraft, options: { original?: GroupConfig; providers?: readonly string[] } = {}): DraftResult {
  const problems: FieldProblem[] = [];
  const name = draft.name.trim();
  if (!name) problems.push({ field: "name", message: "A name is required." });
  else if (!NAME_PATTERN.test(name)) problems.push({ field: "name", message: "Use letters, digits, '.', '_' or '-' only." });
  else if (RESERVED.has(name)) problems.push({ field: "name", message: `'${name}' is a route prefix and cannot be a group name.` });
  const ratio = Number(draft.temperature_ratio.trim());
  if (draft.temperature_ratio.trim() === "" || !Number.isFinite(ratio) || ratio < 0) problems.push({ field: "temperature_ratio", message: "Enter a number of 0 or more (1 keeps the client's temperature)." });
  if ((draft.prompt_injection !== "off") && draft.prompt_text.trim() === "") problems.push({ field: "prompt_text", message: "Enter the prompt text to inject, or turn injection off." });
  const aliases: AliasConfig[] = [];
  const seen = new Set<string>();
  draft.aliases.forEach((aliasDraft, index) => {
    const alias = aliasDraft.alias.trim();
    const targets = splitList(aliasDraft.targets);
    if (!alias) problems.push({ field: `aliases.${index}.alias`, message: "Enter the model name clients ask for (wildcards * and ? allowed)." });
    else if (seen.has(alias)) problems.push({ field: `aliases.${index}.alias`, message: `'${alias}' is already an alias of this group.` });
    seen.add(alias);
    problems.push(...targetProblems(targets, index, options.providers));
    const originalAlias = options.original?.aliases.find((candidate) => candidate.alias === alias);
    aliases.push({ ...originalAlias, alias, targets });
  });
  if (problems.length) return { problems };
  const group: GroupBody = {
    ...options.original,
    name,
    prompt_injection: draft.prompt_injection,
    prompt_text: draft.prompt_text,
    prompt_position: draft.prompt_position,
    tool_filter: splitList(draft.tool_filter),
    temperature_ratio: ratio,
    aliases,
  };
  return { group, problems };
}

function targetProblems(targets: string[], index: number, providers: readonly string[] | undefined): FieldProblem[] {
  const field = `aliases.${index}.targets`;
  if (targets.length === 0) return [{ field, message: "Add at least one target as provider/model." }];
  const problems: FieldProblem[] = [];
  for (const target of targets) {
    const slash = target.indexOf("/");
    if (slash <= 0 || slash === target.length - 1) problems.push({ field, message: `'${target}' must be written provider/model.` });
    else if (providers && !providers.includes(target.slice(0, slash))) problems.push({ field, message: `'${target}' names an unknown provider '${target.slice(0, slash)}' (known: ${providers.join(", ") || "none"}).` });
  }
  return problems;
}
