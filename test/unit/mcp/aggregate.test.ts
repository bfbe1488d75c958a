// In charge of testing the pure merge of MCP servers' lists: clash prefixes, stable names, routing back.
import { describe, expect, test } from "bun:test";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { aggregate, resolveName, resolveResource, type ServerView } from "../../../src/mcp/aggregate.ts";
import { EMPTY_LISTING, type UpstreamListing } from "../../../src/mcp/upstream.ts";

const tool = (name: string, description = `${name} tool`): Tool => ({ name, description, inputSchema: { type: "object", properties: { x: { type: "string", description: "kept" } }, required: ["x"] } });

function view(server: string, listing: Partial<UpstreamListing>, ready = true, known?: string[]): ServerView {
  const full = { ...EMPTY_LISTING, ...listing };
  return { server, ready, listing: ready ? full : EMPTY_LISTING, knownTools: known ?? full.tools.map((entry) => entry.name), knownPrompts: full.prompts.map((entry) => entry.name) };
}

describe("aggregate tools", () => {
  test("unique names stay as they are; shared names get <server>__ on every server that has them", () => {
    const merged = aggregate([view("fs", { tools: [tool("read"), tool("search")] }), view("web", { tools: [tool("fetch"), tool("search")] })]);
    expect(merged.tools.map((entry) => entry.name)).toEqual(["read", "fs__search", "fetch", "web__search"]);
    expect(merged.toolRoutes.get("fs__search")).toEqual({ server: "fs", name: "search", ready: true });
    expect(merged.toolRoutes.get("web__search")).toEqual({ server: "web", name: "search", ready: true });
    expect(merged.toolRoutes.get("read")).toEqual({ server: "fs", name: "read", ready: true });
  });

  test("descriptions, schemas and every other field pass through unchanged", () => {
    const original: Tool = { ...tool("search"), title: "Search", annotations: { readOnlyHint: true }, outputSchema: { type: "object" }, _meta: { vendor: 1 } };
    const merged = aggregate([view("fs", { tools: [original] }), view("web", { tools: [tool("search")] })]);
    expect(merged.tools[0]).toEqual({ ...original, name: "fs__search" });
  });

  test("a down server's tools leave the list but keep their routes (marked not ready), and names stay stable", () => {
    const merged = aggregate([view("fs", { tools: [tool("search")] }, false, ["search", "read"]), view("web", { tools: [tool("search"), tool("fetch")] })]);
    expect(merged.tools.map((entry) => entry.name)).toEqual(["web__search", "fetch"]);
    expect(merged.toolRoutes.get("fs__search")).toEqual({ server: "fs", name: "search", ready: false });
    expect(merged.toolRoutes.get("read")?.ready).toBe(false);
  });

  test("a server never seen has no names: the other server's tool is not prefixed", () => {
    const merged = aggregate([view("fs", {}, false, []), view("web", { tools: [tool("search")] })]);
    expect(merged.tools.map((entry) => entry.name)).toEqual(["search"]);
  });

  test("resolveName: exposed name, or the explicit <server>__<name> form even without a clash", () => {
    const merged = aggregate([view("fs", { tools: [tool("read"), tool("a__b")] }), view("web_x", { tools: [tool("fetch")] })]);
    expect(resolveName(merged.toolRoutes, "read")?.server).toBe("fs");
    expect(resolveName(merged.toolRoutes, "fs__read")).toEqual({ server: "fs", name: "read", ready: true });
    expect(resolveName(merged.toolRoutes, "web_x__fetch")?.name).toBe("fetch");
    expect(resolveName(merged.toolRoutes, "a__b")).toEqual({ server: "fs", name: "a__b", ready: true });
    expect(resolveName(merged.toolRoutes, "web__fetch")).toBeUndefined();
    expect(resolveName(merged.toolRoutes, "nope")).toBeUndefined();
  });

  test("the same name twice on one server is not a clash", () => {
    const merged = aggregate([view("fs", { tools: [tool("read"), tool("read")] })]);
    expect(merged.tools.map((entry) => entry.name)).toEqual(["read", "read"]);
  });
});

describe("aggregate prompts and resources", () => {
  test("prompts clash and route like tools", () => {
    const merged = aggregate([view("a", { prompts: [{ name: "greet" }, { name: "only_a" }] }), view("b", { prompts: [{ name: "greet", description: "b's" }] })]);
    expect(merged.prompts).toEqual([{ name: "a__greet" }, { name: "only_a" }, { name: "b__greet", description: "b's" }]);
    expect(resolveName(merged.promptRoutes, "b__greet")).toEqual({ server: "b", name: "greet", ready: true });
  });

  test("resource URIs are never renamed; a URI on two servers is served by the first and reported", () => {
    const merged = aggregate([
      view("a", { resources: [{ uri: "file:///x", name: "x" }] }),
      view("b", { resources: [{ uri: "file:///x", name: "x too" }, { uri: "b://y", name: "y" }], resourceTemplates: [{ uriTemplate: "b://items/{id}", name: "item" }] }),
    ]);
    expect(merged.resources.map((entry) => entry.uri)).toEqual(["file:///x", "b://y"]);
    expect(merged.shadowedResources).toEqual([{ uri: "file:///x", server: "b", owner: "a" }]);
    expect(merged.resourceTemplates).toEqual([{ uriTemplate: "b://items/{id}", name: "item" }]);
    expect(resolveResource(merged, "file:///x")).toBe("a");
    expect(resolveResource(merged, "b://items/42")).toBe("b");
    expect(resolveResource(merged, "zzz://nothing")).toBeUndefined();
  });

  test("an unlisted URI goes to the only server that offers resources", () => {
    const merged = aggregate([view("a", { tools: [tool("t")] }), view("b", { resources: [{ uri: "b://y", name: "y" }] })]);
    expect(resolveResource(merged, "b://dynamic/1")).toBe("b");
  });

  test("down servers contribute no resources", () => {
    const merged = aggregate([view("a", { resources: [{ uri: "a://r", name: "r" }] }, false)]);
    expect(merged.resources).toEqual([]);
    expect(resolveResource(merged, "a://r")).toBeUndefined();
  });
});
