// In charge of the live configuration: the file plus what the admin API changed, swapped atomically.
import type { Store } from "../store/types.ts";
import type { Config, GroupConfig, KeyConfig, ProviderConfig } from "./schema.ts";

/** An immutable view a request reads from start to end, so a reload never changes a request midway. */
export interface Snapshot {
  config: Config;
  providers: Map<string, ProviderConfig>;
  groups: Map<string, GroupConfig>;
  /** access key value → key name */
  keys: Map<string, string>;
  /** Every provider key and auth-like header value, for scrubbing upstream errors and logs. */
  secrets: string[];
  /** Names declared in config.toml (the file wins for these at startup). */
  declaredGroups: Set<string>;
  declaredKeys: Set<string>;
}

export function buildSnapshot(file: Config, storedGroups: GroupConfig[], storedKeys: KeyConfig[]): Snapshot {
  const groups = new Map<string, GroupConfig>();
  for (const group of file.groups) groups.set(group.name, group);
  for (const group of storedGroups) groups.set(group.name, group);
  const keyList = new Map<string, KeyConfig>();
  for (const key of file.keys) keyList.set(key.name, key);
  for (const key of storedKeys) keyList.set(key.name, key);
  const keys = new Map<string, string>();
  for (const key of keyList.values()) keys.set(key.key, key.name);
  const providers = new Map(file.providers.map((provider) => [provider.id, provider]));
  const secrets: string[] = [];
  for (const provider of file.providers) {
    secrets.push(...provider.api_keys.filter(Boolean));
    for (const [name, value] of Object.entries(provider.headers)) if (/auth|key|token|secret/i.test(name)) secrets.push(value);
  }
  for (const key of keyList.values()) secrets.push(key.key);
  for (const server of file.mcp_servers) {
    for (const [name, value] of [...Object.entries(server.env ?? {}), ...Object.entries(server.headers ?? {})]) {
      if (/auth|key|token|secret|password/i.test(name) && value.length >= 8) secrets.push(value);
    }
  }
  if (file.server.admin_key) secrets.push(file.server.admin_key);
  const config: Config = { ...file, groups: [...groups.values()], keys: [...keyList.values()] };
  return {
    config,
    providers,
    groups,
    keys,
    secrets: secrets.sort((a, b) => b.length - a.length),
    declaredGroups: new Set(file.groups.map((group) => group.name)),
    declaredKeys: new Set(file.keys.map((key) => key.name)),
  };
}

export class Runtime {
  snapshot: Snapshot;
  activeGroup: string;
  private file: Config;

  constructor(
    file: Config,
    private readonly store: Store,
    storedGroups: GroupConfig[],
    storedKeys: KeyConfig[],
    activeGroup: string | null,
  ) {
    this.file = file;
    this.snapshot = buildSnapshot(file, storedGroups, storedKeys);
    this.activeGroup = activeGroup && this.snapshot.groups.has(activeGroup) ? activeGroup : "default";
  }

  static async open(file: Config, store: Store): Promise<Runtime> {
    await store.syncDeclared({ groups: file.groups.map((group) => group.name), keys: file.keys.map((key) => key.name) });
    const [groups, keys, active] = await Promise.all([store.listGroups(), store.listKeys(), store.getActiveGroup()]);
    return new Runtime(file, store, groups, keys, active);
  }

  /** Swaps in a new file configuration; groups and keys created at run time stay. */
  async replaceFile(file: Config): Promise<void> {
    const [groups, keys] = await Promise.all([this.store.listGroups(), this.store.listKeys()]);
    this.file = file;
    this.snapshot = buildSnapshot(file, groups.filter((group) => !file.groups.some((g) => g.name === group.name)), keys.filter((key) => !file.keys.some((k) => k.name === key.name)));
  }

  private async rebuild(): Promise<void> {
    const [groups, keys] = await Promise.all([this.store.listGroups(), this.store.listKeys()]);
    this.snapshot = buildSnapshot(this.file, groups, keys);
  }

  async putGroup(group: GroupConfig): Promise<void> {
    await this.store.putGroup(group);
    await this.rebuild();
  }

  async deleteGroup(name: string): Promise<boolean> {
    const fromStore = await this.store.deleteGroup(name);
    if (this.file.groups.some((group) => group.name === name)) {
      this.file = { ...this.file, groups: this.file.groups.filter((group) => group.name !== name) };
      await this.rebuild();
      return true;
    }
    await this.rebuild();
    return fromStore;
  }

  async putKey(key: KeyConfig): Promise<void> {
    await this.store.putKey(key);
    await this.rebuild();
  }

  async deleteKey(name: string): Promise<boolean> {
    const fromStore = await this.store.deleteKey(name);
    if (this.file.keys.some((key) => key.name === name)) {
      this.file = { ...this.file, keys: this.file.keys.filter((key) => key.name !== name) };
      await this.rebuild();
      return true;
    }
    await this.rebuild();
    return fromStore;
  }

  async setActiveGroup(name: string): Promise<void> {
    await this.store.setActiveGroup(name);
    this.activeGroup = name;
  }
}
