// In charge of the admin API (config.md "Admin API"): runtime groups, keys, active group, config, reload, stats, logs.
import { Elysia, t } from "elysia";
import { Value } from "@sinclair/typebox/value";
import type { Runtime } from "../config/runtime.ts";
import { GroupSchema, KeySchema, type Config, type GroupConfig } from "../config/schema.ts";
import { maskConfig, maskSecret } from "../config/mask.ts";
import { BUCKET_MS, type Store, type StatsDimension } from "../store/types.ts";
import { ProxyError } from "../unified/errors.ts";
import { sameSecret } from "./auth.ts";
import { keyFingerprint, keyId, targetId, type Health } from "../routing/health.ts";
import { RESERVED_GROUP_NAMES } from "./prefixes.ts";

export interface AdminDeps {
  runtime: Runtime;
  store: Store;
  health: Health;
  /** Re-reads config.toml; throws ConfigError with the reason. */
  reloadConfig(): Promise<Config>;
}

const AdminError = t.Object({ error: t.Object({ type: t.String(), message: t.String() }) });
const GroupBody = t.Object({ ...GroupSchema.properties, name: t.Optional(GroupSchema.properties.name) }, { additionalProperties: false });
const KeyBody = t.Object({ name: t.Optional(KeySchema.properties.name), key: KeySchema.properties.key });
const security = [{ adminBearer: [] }];
const TimeseriesRowSchema = t.Object({
  time: t.Number({ description: "Bucket start, epoch ms" }),
  key: t.Optional(t.String({ description: "The series (with `by`); (none) when unset" })),
  requests: t.Number(),
  errors: t.Number(),
  cancelled: t.Number(),
  inputTokens: t.Number(),
  outputTokens: t.Number(),
  cacheReadTokens: t.Number(),
  cacheWriteTokens: t.Number(),
  p50LatencyMs: t.Number(),
  p95LatencyMs: t.Number(),
});
const TimeseriesAnswer = t.Object({
  from: t.Union([t.String(), t.Null()]),
  to: t.Union([t.String(), t.Null()]),
  bucket: t.String(),
  bucketMs: t.Number(),
  by: t.Union([t.String(), t.Null()]),
  rows: t.Array(TimeseriesRowSchema),
});

/** Admin routes answer 404 with no admin key configured, 401 with a wrong one. */
export function checkAdmin(runtime: Runtime, headers: Headers): void {
  const adminKey = runtime.snapshot.config.server.admin_key;
  if (!adminKey) throw new ProxyError("not_found", "the admin API is disabled: set [server].admin_key or CCPROXY_ADMIN_KEY");
  const match = /^Bearer\s+(.+)$/i.exec(headers.get("authorization")?.trim() ?? "");
  if (!match || !sameSecret(match[1]!.trim(), adminKey)) throw new ProxyError("authentication", "missing or wrong admin key (Authorization: Bearer <admin_key>)");
}

function checkedGroup(runtime: Runtime, raw: unknown, name: string): GroupConfig {
  const group = Value.Default(GroupSchema, structuredClone({ ...(raw as object), name })) as GroupConfig;
  const problems = [...Value.Errors(GroupSchema, group)].map((error) => `${error.path || "/"}: ${error.message}`);
  if (RESERVED_GROUP_NAMES.has(name)) problems.push(`name: '${name}' is reserved (it is a route prefix)`);
  group.aliases.forEach((alias, index) => {
    for (const target of alias.targets) {
      const slash = target.indexOf("/");
      const provider = slash === -1 ? "" : target.slice(0, slash);
      if (slash <= 0 || slash === target.length - 1) problems.push(`aliases[${index}].targets: '${target}' must be "<provider id>/<model>"`);
      else if (!runtime.snapshot.providers.has(provider)) problems.push(`aliases[${index}].targets: '${target}' names unknown provider '${provider}'`);
    }
  });
  if (problems.length) throw new ProxyError("invalid_request", `invalid group: ${problems.join("; ")}`);
  return group;
}

const maskedKeys = (runtime: Runtime) => runtime.snapshot.config.keys.map((key) => ({ name: key.name, key: maskSecret(key.key), source: runtime.snapshot.declaredKeys.has(key.name) ? "file" : "admin" }));

export function adminRoutes(deps: AdminDeps) {
  const { runtime, store } = deps;
  const detail = (summary: string) => ({ tags: ["Admin"], summary, security });
  const answers = { 400: AdminError, 401: AdminError, 404: AdminError };
  return new Elysia({ name: "ccproxy-admin", prefix: "/admin" })
    .onBeforeHandle(({ request }) => checkAdmin(runtime, request.headers))
    .get("/active-group", () => ({ group: runtime.activeGroup }), { detail: detail("The group /switch routes use"), response: { 200: t.Object({ group: t.String() }), ...answers } })
    .put("/active-group", async ({ body }) => {
      if (!runtime.snapshot.groups.has(body.group)) throw new ProxyError("not_found", `group '${body.group}' does not exist`);
      await runtime.setActiveGroup(body.group);
      return { group: body.group };
    }, { parse: "json", body: t.Object({ group: t.String() }), detail: detail("Set the active group (persisted)"), response: { 200: t.Object({ group: t.String() }), ...answers } })
    .get("/config", () => ({ ...maskConfig(runtime.snapshot.config), active_group: runtime.activeGroup }), { detail: detail("Effective configuration (file + database), secrets masked") })
    .post("/reload", async () => {
      let config: Config;
      try {
        config = await deps.reloadConfig();
      } catch (error) {
        throw new ProxyError("invalid_request", `reload failed, the running configuration is kept: ${error instanceof Error ? error.message : String(error)}`);
      }
      await runtime.replaceFile(config);
      // New keys and targets start healthy; a key taken out for 401 gets another chance.
      deps.health.clear();
      return { status: "reloaded", groups: [...runtime.snapshot.groups.keys()], providers: [...runtime.snapshot.providers.keys()] };
    }, { detail: detail("Re-read config.toml; a bad file keeps the running configuration (400)") })
    .get("/groups", () => runtime.snapshot.config.groups.map((group) => ({ ...group, source: runtime.snapshot.declaredGroups.has(group.name) ? "file" : "admin" })), { detail: detail("List groups with their aliases") })
    .get("/groups/:name", ({ params }) => {
      const group = runtime.snapshot.groups.get(params.name);
      if (!group) throw new ProxyError("not_found", `group '${params.name}' does not exist`);
      return group;
    }, { detail: detail("One group") })
    .post("/groups", async ({ body, set }) => {
      const name = body.name ?? "";
      if (runtime.snapshot.groups.has(name)) throw new ProxyError("invalid_request", `group '${name}' already exists (use PUT /admin/groups/${name})`);
      const group = checkedGroup(runtime, body, name);
      await runtime.putGroup(group);
      set.status = 201;
      return group;
    }, { parse: "json", body: GroupBody, detail: detail("Create a group (TOML shape as JSON)") })
    .put("/groups/:name", async ({ body, params }) => {
      const group = checkedGroup(runtime, body, params.name);
      await runtime.putGroup(group);
      return group;
    }, { parse: "json", body: GroupBody, detail: detail("Create or replace a group") })
    .delete("/groups/:name", async ({ params }) => {
      if (params.name === "default") throw new ProxyError("invalid_request", "the default group cannot be deleted");
      if (!(await runtime.deleteGroup(params.name))) throw new ProxyError("not_found", `group '${params.name}' does not exist`);
      if (runtime.activeGroup === params.name) await runtime.setActiveGroup("default");
      return { deleted: params.name };
    }, { detail: detail("Delete a group") })
    .get("/keys", () => maskedKeys(runtime), { detail: detail("List access keys (masked)") })
    .post("/keys", async ({ body, set }) => {
      const name = body.name ?? "";
      if (!name) throw new ProxyError("invalid_request", "name is required");
      if (runtime.snapshot.config.keys.some((key) => key.name === name)) throw new ProxyError("invalid_request", `key '${name}' already exists`);
      if (runtime.snapshot.keys.has(body.key)) throw new ProxyError("invalid_request", "that key value is already in use");
      await runtime.putKey({ name, key: body.key });
      set.status = 201;
      return { name, key: maskSecret(body.key) };
    }, { parse: "json", body: KeyBody, detail: detail("Create an access key") })
    .put("/keys/:name", async ({ body, params }) => {
      const owner = runtime.snapshot.keys.get(body.key);
      if (owner !== undefined && owner !== params.name) throw new ProxyError("invalid_request", "that key value is already in use");
      await runtime.putKey({ name: params.name, key: body.key });
      return { name: params.name, key: maskSecret(body.key) };
    }, { parse: "json", body: KeyBody, detail: detail("Create or replace an access key") })
    .delete("/keys/:name", async ({ params }) => {
      if (!(await runtime.deleteKey(params.name))) throw new ProxyError("not_found", `key '${params.name}' does not exist`);
      return { deleted: params.name };
    }, { detail: detail("Delete an access key") })
    .get("/providers", () => {
      const now = Date.now();
      const resting = new Map(deps.health.list(now).map((entry) => [entry.id, entry]));
      const state = (id: string) => {
        const entry = resting.get(id);
        if (!entry) return { state: "ok" as const };
        return {
          state: entry.until === Number.POSITIVE_INFINITY ? ("disabled" as const) : ("cooldown" as const),
          until: entry.until === Number.POSITIVE_INFINITY ? null : new Date(entry.until).toISOString(),
          failures: entry.failures,
          status: entry.status ?? null,
          reason: entry.reason,
        };
      };
      const targets = new Map<string, string[]>();
      for (const group of runtime.snapshot.groups.values()) {
        for (const alias of group.aliases) {
          for (const target of alias.targets) {
            const slash = target.indexOf("/");
            const provider = target.slice(0, slash);
            const list = targets.get(provider) ?? [];
            if (!list.includes(target.slice(slash + 1))) list.push(target.slice(slash + 1));
            targets.set(provider, list);
          }
        }
      }
      return [...runtime.snapshot.providers.values()].map((provider) => ({
        id: provider.id,
        protocol: provider.protocol,
        base_url: provider.base_url,
        tools: provider.tools,
        timeout_ms: provider.timeout_ms,
        keys: provider.api_keys.map((key) => ({ key: maskSecret(key), fingerprint: keyFingerprint(key), ...state(keyId(provider.id, key)) })),
        targets: (targets.get(provider.id) ?? []).map((model) => ({ model, ...state(targetId(provider.id, model)) })),
      }));
    }, { detail: detail("Providers with masked keys and the health (cooldown) of each key and target") })
    .get("/stats", async ({ query }) => {
      const from = query.from ? Date.parse(query.from) : undefined;
      const to = query.to ? Date.parse(query.to) : undefined;
      if ((query.from && Number.isNaN(from)) || (query.to && Number.isNaN(to))) throw new ProxyError("invalid_request", "from/to must be ISO 8601 times");
      await store.flush();
      const by = (query.by ?? "alias") as StatsDimension;
      return { from: query.from ?? null, to: query.to ?? null, by, rows: await store.stats({ from, to, by }) };
    }, {
      query: t.Object({ from: t.Optional(t.String()), to: t.Optional(t.String()), by: t.Optional(t.Union([t.Literal("alias"), t.Literal("provider"), t.Literal("model"), t.Literal("key"), t.Literal("day")])) }),
      detail: detail("Request counts, errors, tokens, p50/p95 latency"),
    })
    .get("/logs", async ({ query }) => {
      await store.flush();
      const limit = Math.min(Math.max(Number(query.limit ?? 100) || 100, 1), 1000);
      return { logs: await store.recentLogs(limit) };
    }, { query: t.Object({ limit: t.Optional(t.String()) }), detail: detail("The latest requests") })
    .get("/logs/:id", async ({ params }) => {
      await store.flush();
      const entry = await store.getLog(params.id);
      if (!entry) throw new ProxyError("not_found", `no log for request '${params.id}' (unknown or pruned)`);
      return entry;
    }, { detail: detail("One request's log, with its bodies when [server].log_requests is on (secrets redacted)") })
    .get("/timeseries", async ({ query }) => {
      const { from, to } = timeRange(query.from, query.to);
      const width = BUCKET_MS[query.bucket];
      // Empty buckets are not sent, but a reader fills them: keep that bounded.
      if (from !== undefined && ((to ?? Date.now()) - from) / width > MAX_BUCKETS) throw new ProxyError("invalid_request", `more than ${MAX_BUCKETS} ${query.bucket} buckets between from and to: pick a larger bucket`);
      await store.flush();
      return { from: query.from ?? null, to: query.to ?? null, bucket: query.bucket, bucketMs: width, by: query.by ?? null, rows: await store.timeseries({ from, to, bucket: query.bucket, by: query.by }) };
    }, {
      query: t.Object({
        from: t.Optional(t.String({ description: "ISO 8601, inclusive; absent: from the first log" })),
        to: t.Optional(t.String({ description: "ISO 8601, exclusive; absent: now" })),
        bucket: t.Union([t.Literal("minute"), t.Literal("hour"), t.Literal("day")], { description: "Bucket width; buckets are aligned to UTC" }),
        by: t.Optional(t.Union([t.Literal("alias"), t.Literal("provider"), t.Literal("model"), t.Literal("key")], { description: "One series per value; absent: one series" })),
      }),
      response: { 200: TimeseriesAnswer, ...answers },
      detail: detail("Requests, errors, tokens and p50/p95 latency per time bucket (dashboard charts); empty buckets are left out"),
    });
}

const MAX_BUCKETS = 10_000;

/** from/to query strings → epoch ms; a 400 naming the rule when one is not a time. */
function timeRange(fromText: string | undefined, toText: string | undefined): { from?: number; to?: number } {
  const from = fromText ? Date.parse(fromText) : undefined;
  const to = toText ? Date.parse(toText) : undefined;
  if (Number.isNaN(from) || Number.isNaN(to)) throw new ProxyError("invalid_request", "from/to must be ISO 8601 times");
  return { from, to };
}
