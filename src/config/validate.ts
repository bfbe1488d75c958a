// In charge of the checks a schema cannot express: uniqueness, cross references, URL shapes.
import { splitTarget } from "../routing/targets.ts";
import { type ConfigIssue, type FieldPath, formatPath, renderValue } from "./errors.ts";
import { isPlainTable } from "./env.ts";

/**
 * Semantic issues of a whole document. It runs even when the schema check failed, so it reads
 * `unknown` defensively and skips what is malformed (the schema check already reported that).
 */
export function semanticIssues(document: Record<string, unknown>, source: string): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const keys = tables(document.keys);
  const providers = tables(document.providers);
  const groups = tables(document.groups);
  const mcpServers = tables(document.mcp_servers);

  issues.push(...duplicates(keys, "keys", "name", source));
  issues.push(...duplicates(keys, "keys", "key", source));
  issues.push(...duplicates(providers, "providers", "id", source));
  issues.push(...duplicates(groups, "groups", "name", source));
  issues.push(...duplicates(mcpServers, "mcp_servers", "name", source));

  for (const [index, provider] of providers) {
    const reason = httpUrlProblem(provider.base_url);
    if (reason) issues.push(issue(source, ["providers", index, "base_url"], provider.base_url, reason));
  }
  const providerIds = new Set(providers.map(([, provider]) => provider.id).filter((id): id is string => typeof id === "string"));
  for (const [index, group] of groups) issues.push(...groupIssues(group, providerIds, source, ["groups", index]));
  for (const [index, server] of mcpServers) issues.push(...mcpServerIssues(server, source, ["mcp_servers", index]));
  return issues;
}

/**
 * Issues of one group against the known provider ids: duplicate aliases and targets that are not
 * "<provider id>/<model>" with a declared provider. Exported so the admin API checks the groups it
 * creates exactly as the file's are checked.
 */
export function groupIssues(group: unknown, providerIds: ReadonlySet<string>, source: string, path: FieldPath): ConfigIssue[] {
  if (!isPlainTable(group)) return [];
  const issues: ConfigIssue[] = [];
  const aliases = tables(group.aliases);
  issues.push(...duplicates(aliases, [...path, "aliases"], "alias", source));
  for (const [aliasIndex, alias] of aliases) {
    if (!Array.isArray(alias.targets)) continue;
    alias.targets.forEach((target: unknown, targetIndex: number) => {
      if (typeof target !== "string") return;
      const reason = targetProblem(target, providerIds);
      if (reason) issues.push(issue(source, [...path, "aliases", aliasIndex, "targets", targetIndex], target, reason));
    });
  }
  return issues;
}

/** Why a target string is unusable, or null when it is fine. */
export function targetProblem(target: string, providerIds: ReadonlySet<string>): string | null {
  const parts = splitTarget(target);
  if (!parts) return `must be "<provider id>/<model>" (split at the first "/")`;
  if (!providerIds.has(parts.provider)) {
    const known = [...providerIds].join(", ") || "none declared";
    return `names unknown provider "${parts.provider}" (providers: ${known})`;
  }
  return null;
}

function mcpServerIssues(server: Record<string, unknown>, source: string, path: FieldPath): ConfigIssue[] {
  const hasCommand = server.command !== undefined;
  const hasUrl = server.url !== undefined;
  if (hasCommand && hasUrl) return [{ source, field: formatPath(path), reason: "set either command (stdio server) or url (HTTP server), not both" }];
  if (!hasCommand && !hasUrl) return [{ source, field: formatPath(path), reason: "needs command (stdio server) or url (HTTP server)" }];
  const reason = hasUrl ? httpUrlProblem(server.url) : null;
  return reason ? [issue(source, [...path, "url"], server.url, reason)] : [];
}

/** Why a value is not an absolute http(s) URL, or null (non-strings are the schema's business). */
export function httpUrlProblem(value: unknown): string | null {
  if (typeof value !== "string" || value === "") return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "must be an absolute http:// or https:// URL";
  }
  return url.protocol === "http:" || url.protocol === "https:" ? null : "must be an http:// or https:// URL";
}

/** Array items that are tables, with their original indices (so messages point at the right entry). */
function tables(value: unknown): Array<[number, Record<string, unknown>]> {
  if (!Array.isArray(value)) return [];
  const out: Array<[number, Record<string, unknown>]> = [];
  value.forEach((item: unknown, index: number) => {
    if (isPlainTable(item)) out.push([index, item]);
  });
  return out;
}

/** One issue per repeated string value of `field`, pointing back at its first occurrence. */
function duplicates(items: Array<[number, Record<string, unknown>]>, section: string | FieldPath, field: string, source: string): ConfigIssue[] {
  const base: FieldPath = typeof section === "string" ? [section] : section;
  const first = new Map<string, number>();
  const issues: ConfigIssue[] = [];
  for (const [index, item] of items) {
    const value = item[field];
    if (typeof value !== "string") continue;
    const earlier = first.get(value);
    if (earlier === undefined) first.set(value, index);
    else issues.push(issue(source, [...base, index, field], value, `duplicate of ${formatPath([...base, earlier, field])}`));
  }
  return issues;
}

function issue(source: string, path: FieldPath, value: unknown, reason: string): ConfigIssue {
  return { source, field: formatPath(path), value: renderValue(value, path), reason };
}

/**
 * Whether a listen address only accepts local connections. An open proxy (no access keys) is
 * only acceptable there; the startup code, which also knows the stored keys, enforces it.
 */
export function isLoopbackHost(host: string): boolean {
  const bare = host.trim().toLowerCase().replace(/^\[|\]$/g, "");
  return bare === "localhost" || bare === "::1" || /^127(\.\d{1,3}){3}$/.test(bare);
}
