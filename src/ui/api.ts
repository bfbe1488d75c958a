// In charge of talking to the admin API from the browser: the admin key header, JSON, and errors as readable messages.
import type { GroupConfig } from "../config/schema.ts";
import type { RequestLogEntry, StatsDimension, StatsRow, TimeseriesBucket, TimeseriesRow } from "../store/types.ts";

/** An admin API answer that was not 2xx, with the server's own message (shown where the action was). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type: string = "error",
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export interface StoredGroup extends GroupConfig {
  /** "file": declared in config.toml (the file wins again at restart or reload); "admin": created at run time. */
  source: "file" | "admin";
}

export interface MaskedKey {
  name: string;
  key: string;
  source: "file" | "admin";
}

export interface HealthState {
  state: "ok" | "cooldown" | "disabled";
  until?: string | null;
  failures?: number;
  status?: number | null;
  reason?: string;
}

export interface ProviderStatus {
  id: string;
  protocol: string;
  base_url: string;
  tools: string;
  timeout_ms: number;
  keys: (HealthState & { key: string; fingerprint: string })[];
  targets: (HealthState & { model: string })[];
}

export interface McpServerStatus {
  name: string;
  transport: string;
  target: string;
  state: string;
  restarts: number;
  lastError?: string;
  tools: { name: string; original: string }[];
  prompts: string[];
  resources: number;
}

export interface TimeseriesAnswer {
  bucket: TimeseriesBucket;
  bucketMs: number;
  rows: TimeseriesRow[];
}

/** Turns any admin error body ({error: {type, message}}) or a bare text into one sentence. */
export async function errorFrom(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => "");
  try {
    const body = JSON.parse(text) as { error?: { type?: string; message?: string } | string; message?: string };
    if (typeof body.error === "object" && body.error?.message) return new ApiError(response.status, body.error.message, body.error.type);
    if (typeof body.error === "string") return new ApiError(response.status, body.error);
    if (body.message) return new ApiError(response.status, body.message);
  } catch {
    // Not JSON: fall through to the text itself.
  }
  return new ApiError(response.status, text.trim() || `${response.status} ${response.statusText}`);
}

export class AdminApi {
  /** Called when the key stops working (401), so the app can ask for it again. */
  onUnauthorized: () => void = () => {};

  constructor(private readonly key: string) {}

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`/admin${path}`, {
        method,
        headers: { authorization: `Bearer ${this.key}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: "no-store",
      });
    } catch (error) {
      throw new ApiError(0, `ccproxy did not answer (${error instanceof Error ? error.message : String(error)}). Is it running?`, "network");
    }
    if (!response.ok) {
      const error = await errorFrom(response);
      if (response.status === 401) this.onUnauthorized();
      throw error;
    }
    return (await response.json()) as T;
  }

  activeGroup = () => this.request<{ group: string }>("GET", "/active-group");
  setActiveGroup = (group: string) => this.request<{ group: string }>("PUT", "/active-group", { group });
  groups = () => this.request<StoredGroup[]>("GET", "/groups");
  createGroup = (group: GroupConfig) => this.request<GroupConfig>("POST", "/groups", group);
  replaceGroup = (group: GroupConfig) => this.request<GroupConfig>("PUT", `/groups/${encodeURIComponent(group.name)}`, group);
  deleteGroup = (name: string) => this.request<{ deleted: string }>("DELETE", `/groups/${encodeURIComponent(name)}`);
  keys = () => this.request<MaskedKey[]>("GET", "/keys");
  createKey = (name: string, key: string) => this.request<{ name: string; key: string }>("POST", "/keys", { name, key });
  deleteKey = (name: string) => this.request<{ deleted: string }>("DELETE", `/keys/${encodeURIComponent(name)}`);
  providers = () => this.request<ProviderStatus[]>("GET", "/providers");
  mcp = () => this.request<{ servers: McpServerStatus[]; sessions: Record<string, number> }>("GET", "/mcp");
  reload = () => this.request<{ status: string; groups: string[]; providers: string[] }>("POST", "/reload");
  logs = (limit: number) => this.request<{ logs: RequestLogEntry[] }>("GET", `/logs?limit=${limit}`);
  log = (id: string) => this.request<RequestLogEntry>("GET", `/logs/${encodeURIComponent(id)}`);

  stats(from: number, to: number, by: StatsDimension) {
    return this.request<{ rows: StatsRow[] }>("GET", `/stats?${new URLSearchParams({ from: new Date(from).toISOString(), to: new Date(to).toISOString(), by })}`);
  }

  timeseries(from: number, to: number, bucket: TimeseriesBucket, by?: Exclude<StatsDimension, "day">) {
    const query = new URLSearchParams({ from: new Date(from).toISOString(), to: new Date(to).toISOString(), bucket });
    if (by) query.set("by", by);
    return this.request<TimeseriesAnswer>("GET", `/timeseries?${query}`);
  }
}

/** Strips what GET /admin/groups adds, so the group can be sent back (the API refuses unknown fields). */
export function plainGroup(group: StoredGroup): GroupConfig {
  const { source: _source, ...plain } = group;
  return plain;
}

export type AdminState = "enabled" | "disabled";

/** Without a key: 404 means the admin API is off (no admin_key), 401 means it wants a key. */
export async function probeAdmin(): Promise<AdminState> {
  const response = await fetch("/admin/active-group", { cache: "no-store" });
  return response.status === 404 ? "disabled" : "enabled";
}
