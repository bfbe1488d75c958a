// In charge of the path prefixes every chat and list route also answers under, and what each selects.
import type { Runtime } from "../config/runtime.ts";
import type { GroupConfig } from "../config/schema.ts";
import { ProxyError } from "../unified/errors.ts";

export type GroupSelector = "default" | "active" | "param";

export interface RoutePrefix {
  /** Elysia path prefix ("" for none). */
  path: string;
  group: GroupSelector;
  compat: boolean;
  /** OpenAPI tag suffix shown in Swagger. */
  label: string;
}

/**
 * Static prefixes win over `/:group` in Elysia's router, so a group named
 * `v1` or `api` never shadows a route: it is reached as `/v1/v1/...`. Group
 * names equal to a static prefix (`switch`, `compat`, `compat_mode`) could
 * never be reached and are refused (RESERVED_GROUP_NAMES).
 */
export const PREFIXES: readonly RoutePrefix[] = [
  { path: "", group: "default", compat: false, label: "default group" },
  { path: "/switch", group: "active", compat: false, label: "active group (/switch)" },
  { path: "/compat_mode", group: "default", compat: true, label: "default group, compat mode" },
  { path: "/compat", group: "default", compat: true, label: "default group, compat mode (short)" },
  { path: "/switch/compat_mode", group: "active", compat: true, label: "active group, compat mode" },
  { path: "/:group", group: "param", compat: false, label: "named group" },
  { path: "/:group/compat_mode", group: "param", compat: true, label: "named group, compat mode" },
  { path: "/:group/compat", group: "param", compat: true, label: "named group, compat mode (short)" },
];

export const RESERVED_GROUP_NAMES = new Set(["switch", "compat", "compat_mode", "admin", "swagger", "healthz", "metrics", "ui", "mcp", "sse", "message"]);

export function selectGroup(runtime: Runtime, prefix: RoutePrefix, params: Record<string, string | undefined>): GroupConfig {
  const name = prefix.group === "default" ? "default" : prefix.group === "active" ? runtime.activeGroup : (params.group ?? "");
  const group = runtime.snapshot.groups.get(name);
  if (!group) throw new ProxyError("not_found", `group '${name}' does not exist`);
  return group;
}
