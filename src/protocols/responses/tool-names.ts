// In charge of flattening namespaced and custom Responses tools into plain function names, and mapping names back.
import { isRecord } from "../shared/json.ts";

/** The client's own name for a tool whose unified name was flattened. */
export interface ClientToolName {
  name: string;
  /** The `namespace` tool that holds this function (Codex groups MCP tools this way). */
  namespace?: string;
  /** A custom (freeform) tool: the model writes raw `input` text instead of JSON arguments. */
  custom?: boolean;
  /** The custom tool's `format` (grammar or text), to rebuild it for Responses upstreams. */
  format?: unknown;
}

/** Unified tool name → client name; only tools that need mapping are in it. */
export type ToolNameMap = ReadonlyMap<string, ClientToolName>;

/** Other protocols accept `^[a-zA-Z0-9_-]{1,64}$` (Claude, Gemini): the strictest common rule. */
const MAX_NAME = 64;

function sanitize(name: string): string {
  return name.replace(/[^a-zA-Z0-9_-]/g, "_");
}

/** FNV-1a: a short deterministic tag so two long names cut to the same prefix stay distinct. */
function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}

function fit(name: string): string {
  if (name.length <= MAX_NAME) return name;
  const tag = shortHash(name);
  return `${name.slice(0, MAX_NAME - tag.length - 1)}_${tag}`;
}

/** `crm` + `lookup` → `crm__lookup` (the `mcp__server__tool` convention coding agents already use). */
export function flatName(namespace: string, name: string): string {
  return fit(sanitize(`${namespace}__${name}`));
}

/** The unified name of a function call item (namespace-qualified when it has one). */
export function unifiedCallName(name: string, namespace: unknown): string {
  return typeof namespace === "string" && namespace !== "" ? flatName(namespace, name) : name;
}

interface Entry {
  flat: string;
  client: ClientToolName;
}

function customEntry(tool: Record<string, unknown>, namespace?: string): Entry | null {
  if (typeof tool.name !== "string" || tool.name === "") return null;
  const client: ClientToolName = { name: tool.name, custom: true };
  if (namespace !== undefined) client.namespace = namespace;
  if (tool.format !== undefined) client.format = tool.format;
  return { flat: namespace !== undefined ? flatName(namespace, tool.name) : tool.name, client };
}

function namespaceEntries(tool: Record<string, unknown>): Entry[] {
  if (typeof tool.name !== "string" || tool.name === "" || !Array.isArray(tool.tools)) return [];
  const namespace = tool.name;
  const out: Entry[] = [];
  for (const inner of tool.tools) {
    if (!isRecord(inner) || typeof inner.name !== "string" || inner.name === "") continue;
    if (inner.type === "custom") {
      const entry = customEntry(inner, namespace);
      if (entry) out.push(entry);
    } else if (inner.type === "function" || inner.type === undefined) {
      out.push({ flat: flatName(namespace, inner.name), client: { name: inner.name, namespace } });
    }
  }
  return out;
}

/**
 * The name map of a request's `tools`. Pure and deterministic: the request decoder and the
 * route (which builds the client codec that maps answers back) compute the same map. A flat
 * name that collides with a plain function tool gets a numbered suffix.
 */
export function toolNameMap(tools: unknown): Map<string, ClientToolName> {
  const map = new Map<string, ClientToolName>();
  if (!Array.isArray(tools)) return map;
  const taken = new Set<string>();
  for (const tool of tools) if (isRecord(tool) && tool.type === "function" && typeof tool.name === "string") taken.add(tool.name);
  for (const tool of tools) {
    if (!isRecord(tool)) continue;
    const entries = tool.type === "namespace" ? namespaceEntries(tool) : tool.type === "custom" ? [customEntry(tool)].filter((entry): entry is Entry => entry !== null) : [];
    for (const entry of entries) {
      let flat = entry.flat;
      for (let suffix = 2; taken.has(flat); suffix++) flat = fit(`${entry.flat}_${suffix}`);
      taken.add(flat);
      map.set(flat, entry.client);
    }
  }
  return map;
}

/** Client name → unified name, for calls in the history (`function_call` with `namespace`, `custom_tool_call`). */
export function reverseLookup(map: ToolNameMap, name: string, namespace: unknown): string {
  const wanted = typeof namespace === "string" && namespace !== "" ? namespace : undefined;
  for (const [flat, client] of map) if (client.name === name && client.namespace === wanted) return flat;
  return unifiedCallName(name, namespace);
}
