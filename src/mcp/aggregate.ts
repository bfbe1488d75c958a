// In charge of merging the upstream servers' lists into one (names prefixed only where they clash) and routing names back. Pure.
import { UriTemplate } from "@modelcontextprotocol/sdk/shared/uriTemplate.js";
import type { Prompt, Resource, ResourceTemplate, Tool } from "@modelcontextprotocol/sdk/types.js";
import type { UpstreamListing } from "./upstream.ts";

/** `<server>__<name>`: double underscore is valid in every client's tool-name pattern (^[a-zA-Z0-9_-]{1,64}$). */
export const PREFIX_SEPARATOR = "__";

/** What the aggregate needs to know of one server, in declaration order. */
export interface ServerView {
  server: string;
  ready: boolean;
  listing: UpstreamListing;
  /** Names from the last successful listing, kept while the server is down. */
  knownTools: readonly string[];
  knownPrompts: readonly string[];
}

export interface Route {
  server: string;
  /** The server's own name for the tool or prompt. */
  name: string;
  ready: boolean;
}

export interface Aggregate {
  /** Only ready servers' entries: a dead server's tools disappear instead of failing the list. */
  tools: Tool[];
  prompts: Prompt[];
  resources: Resource[];
  resourceTemplates: ResourceTemplate[];
  /** Exposed name → server and original name, for every known name (down servers too, marked not ready). */
  toolRoutes: Map<string, Route>;
  promptRoutes: Map<string, Route>;
  /** Resource URI → server (the first server in declaration order wins a shared URI). */
  resourceOwners: Map<string, string>;
  templateOwners: Array<{ template: string; server: string }>;
  /** Ready servers that list resources or templates (a lone one gets unknown URIs). */
  resourceServers: string[];
  /** URIs offered by several servers: only the first is reachable (logged by the hub). */
  shadowedResources: Array<{ uri: string; server: string; owner: string }>;
}

/** Names more than one server offers; computed over known names so they don't flip while a server restarts. */
function clashingNames(lists: Array<readonly string[]>): Set<string> {
  const seen = new Set<string>();
  const clashing = new Set<string>();
  for (const names of lists) {
    for (const name of new Set(names)) {
      if (seen.has(name)) clashing.add(name);
      seen.add(name);
    }
  }
  return clashing;
}

export function exposedName(server: string, name: string, clashing: ReadonlySet<string>): string {
  return clashing.has(name) ? `${server}${PREFIX_SEPARATOR}${name}` : name;
}

/** Exposed-name routes for every server's known names; the first claimant keeps a name (declaration order). */
function routesOf(views: ServerView[], known: (view: ServerView) => readonly string[], clashing: ReadonlySet<string>): Map<string, Route> {
  const routes = new Map<string, Route>();
  for (const view of views) {
    for (const name of known(view)) {
      const exposed = exposedName(view.server, name, clashing);
      if (!routes.has(exposed)) routes.set(exposed, { server: view.server, name, ready: view.ready });
    }
  }
  return routes;
}

/** Renames entries of ready servers to their exposed names, keeping every other field as the server sent it. */
function exposedEntries<T extends { name: string }>(views: ServerView[], entries: (listing: UpstreamListing) => T[], routes: Map<string, Route>, clashing: ReadonlySet<string>): T[] {
  const out: T[] = [];
  for (const view of views) {
    if (!view.ready) continue;
    for (const entry of entries(view.listing)) {
      const exposed = exposedName(view.server, entry.name, clashing);
      const route = routes.get(exposed);
      if (route?.server === view.server && route.name === entry.name) out.push({ ...entry, name: exposed });
    }
  }
  return out;
}

function mergeResources(views: ServerView[]): Pick<Aggregate, "resources" | "resourceTemplates" | "resourceOwners" | "templateOwners" | "resourceServers" | "shadowedResources"> {
  const resources: Resource[] = [];
  const resourceTemplates: ResourceTemplate[] = [];
  const resourceOwners = new Map<string, string>();
  const templateOwners: Array<{ template: string; server: string }> = [];
  const resourceServers: string[] = [];
  const shadowedResources: Array<{ uri: string; server: string; owner: string }> = [];
  for (const view of views) {
    if (!view.ready) continue;
    const { resources: own, resourceTemplates: templates } = view.listing;
    if (own.length > 0 || templates.length > 0) resourceServers.push(view.server);
    for (const resource of own) {
      const owner = resourceOwners.get(resource.uri);
      if (owner !== undefined) {
        if (owner !== view.server) shadowedResources.push({ uri: resource.uri, server: view.server, owner });
        continue;
      }
      resourceOwners.set(resource.uri, view.server);
      resources.push(resource);
    }
    for (const template of templates) {
      templateOwners.push({ template: template.uriTemplate, server: view.server });
      resourceTemplates.push(template);
    }
  }
  return { resources, resourceTemplates, resourceOwners, templateOwners, resourceServers, shadowedResources };
}

export function aggregate(views: ServerView[]): Aggregate {
  const toolClashes = clashingNames(views.map((view) => view.knownTools));
  const promptClashes = clashingNames(views.map((view) => view.knownPrompts));
  const toolRoutes = routesOf(views, (view) => view.knownTools, toolClashes);
  const promptRoutes = routesOf(views, (view) => view.knownPrompts, promptClashes);
  return {
    tools: exposedEntries(views, (listing) => listing.tools, toolRoutes, toolClashes),
    prompts: exposedEntries(views, (listing) => listing.prompts, promptRoutes, promptClashes),
    toolRoutes,
    promptRoutes,
    ...mergeResources(views),
  };
}

/**
 * The route of a requested tool or prompt name: its exposed name, or else the explicit
 * `<server>__<name>` form (accepted even when the name does not clash, so a client may always qualify).
 */
export function resolveName(routes: Map<string, Route>, name: string): Route | undefined {
  const exact = routes.get(name);
  if (exact) return exact;
  for (let at = name.indexOf(PREFIX_SEPARATOR); at > 0; at = name.indexOf(PREFIX_SEPARATOR, at + 1)) {
    const server = name.slice(0, at);
    const original = name.slice(at + PREFIX_SEPARATOR.length);
    for (const route of routes.values()) if (route.server === server && route.name === original) return route;
  }
  return undefined;
}

/** The server a resource URI belongs to: listed URI, else a matching template, else the only resource server. */
export function resolveResource(merged: Aggregate, uri: string): string | undefined {
  const owner = merged.resourceOwners.get(uri);
  if (owner !== undefined) return owner;
  for (const { template, server } of merged.templateOwners) {
    try {
      if (new UriTemplate(template).match(uri)) return server;
    } catch {
      // a malformed template of one server must not break routing for the others
    }
  }
  return merged.resourceServers.length === 1 ? merged.resourceServers[0] : undefined;
}
