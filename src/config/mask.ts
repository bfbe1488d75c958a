// In charge of hiding secrets before configuration is shown (admin API, logs, error messages).
import type { Config } from "./schema.ts";

/** Secrets shorter than this are fully masked: a few visible characters would be a large share of them. */
const MIN_PARTLY_SHOWN = 12;

/**
 * "sk-or-v1-abcdef…" → "sk…f3 (24 chars)": at most 4 characters are ever shown (2 first, 2 last),
 * enough to tell keys apart in a list without giving any away. Empty stays empty (it means "not set").
 */
export function maskSecret(secret: string): string {
  if (secret === "") return "";
  const length = [...secret].length;
  if (length < MIN_PARTLY_SHOWN) return `*** (${length} chars)`;
  const characters = [...secret];
  return `${characters.slice(0, 2).join("")}…${characters.slice(-2).join("")} (${length} chars)`;
}

/** Header / env names whose values are credentials. */
export function looksLikeSecretName(name: string): boolean {
  return /authorization|cookie|key|token|secret|password/i.test(name);
}

function maskRecord(record: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(record)) out[name] = looksLikeSecretName(name) ? maskSecret(value) : value;
  return out;
}

/** A deep copy of the configuration with every credential masked (the input is not changed). */
export function maskConfig(config: Config): Config {
  return {
    server: { ...config.server, admin_key: maskSecret(config.server.admin_key) },
    keys: config.keys.map((key) => ({ ...key, key: maskSecret(key.key) })),
    providers: config.providers.map((provider) => ({
      ...provider,
      api_keys: provider.api_keys.map(maskSecret),
      headers: maskRecord(provider.headers),
    })),
    groups: config.groups.map((group) => ({
      ...group,
      tool_filter: [...group.tool_filter],
      aliases: group.aliases.map((alias) => ({ ...alias, targets: [...alias.targets] })),
    })),
    mcp_servers: config.mcp_servers.map((server) => ({
      ...server,
      ...(server.command ? { command: [...server.command] } : {}),
      ...(server.env ? { env: maskRecord(server.env) } : {}),
      ...(server.headers ? { headers: maskRecord(server.headers) } : {}),
    })),
  };
}
