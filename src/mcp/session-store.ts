// In charge of persisting streamable-HTTP MCP sessions in the store, so a client keeps its Mcp-Session-Id across a ccproxy restart.
import type { ClientCapabilities, Implementation } from "@modelcontextprotocol/sdk/types.js";
import type { Logger } from "../server/logger.ts";
import type { Store } from "../store/types.ts";

/** What is needed to rebuild a session: the client's half of the initialize handshake, and who owns it. */
export interface SessionRecord {
  id: string;
  /** The access key name that opened it; only that key may resume it. */
  keyName?: string;
  protocolVersion: string;
  clientInfo: Implementation;
  capabilities: ClientCapabilities;
  createdAt: number;
  lastSeenAt: number;
}

/** One state entry holds every record: sessions are few, and the Store offers no key listing. */
const STATE_KEY = "mcp.sessions";

function isRecord(value: unknown): value is SessionRecord {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Partial<SessionRecord>;
  return (
    typeof record.id === "string" &&
    typeof record.protocolVersion === "string" &&
    typeof record.clientInfo === "object" &&
    record.clientInfo !== null &&
    typeof record.capabilities === "object" &&
    typeof record.createdAt === "number" &&
    typeof record.lastSeenAt === "number" &&
    (record.keyName === undefined || typeof record.keyName === "string")
  );
}

export class SessionRecords {
  private cache?: Map<string, SessionRecord>;
  /** Writes are chained so two quick changes never overwrite each other with stale maps. */
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
  ) {}

  private async load(): Promise<Map<string, SessionRecord>> {
    if (this.cache) return this.cache;
    const records = new Map<string, SessionRecord>();
    try {
      const raw = await this.store.getState(STATE_KEY);
      const parsed: unknown = raw ? JSON.parse(raw) : [];
      if (Array.isArray(parsed)) for (const item of parsed) if (isRecord(item)) records.set(item.id, item);
    } catch (error) {
      this.logger.warn("mcp sessions in the store are unreadable; starting without them", { error: error instanceof Error ? error.message : String(error) });
    }
    this.cache ??= records;
    return this.cache;
  }

  private save(): Promise<void> {
    this.writing = this.writing.then(async () => {
      const records = [...(this.cache?.values() ?? [])];
      try {
        if (records.length === 0) await this.store.deleteState(STATE_KEY);
        else await this.store.setState(STATE_KEY, JSON.stringify(records));
      } catch (error) {
        this.logger.warn("could not save mcp sessions", { error: error instanceof Error ? error.message : String(error) });
      }
    });
    return this.writing;
  }

  async get(id: string): Promise<SessionRecord | undefined> {
    return (await this.load()).get(id);
  }

  async put(record: SessionRecord): Promise<void> {
    (await this.load()).set(record.id, record);
    await this.save();
  }

  async delete(id: string): Promise<void> {
    if ((await this.load()).delete(id)) await this.save();
  }

  /** Records the last activity of live sessions and drops records idle since before `expiredBefore`. */
  async refresh(lastSeen: Map<string, number>, expiredBefore: number): Promise<void> {
    const records = await this.load();
    let changed = false;
    for (const [id, record] of records) {
      const seen = lastSeen.get(id);
      if (seen !== undefined && seen !== record.lastSeenAt) {
        records.set(id, { ...record, lastSeenAt: seen });
        changed = true;
      } else if (seen === undefined && record.lastSeenAt < expiredBefore) {
        records.delete(id);
        changed = true;
      }
    }
    if (changed) await this.save();
  }
}
