import { describe, expect, test } from "bun:test";
import type { GroupConfig, ProviderConfig } from "../../../src/config/schema.ts";
import { pickKey, resolveTargets, usesCompat } from "../../../src/routing/resolve.ts";
import { RoundRobin } from "../../../src/routing/rotation.ts";
import { ProxyError } from "../../../src/unified/errors.ts";

function provider(id: string, overrides: Partial<ProviderConfig> = {}): ProviderConfig {
  return { id, protocol: "openai", base_url: `http://${id}.test/v1`, api_keys: [], tools: "native", timeout_ms: 1000, headers: {}, ...overrides };
}

const providers = new Map([provider("a"), provider("b"), provider("c")].map((entry) => [entry.id, entry]));

const group: GroupConfig = {
  name: "default",
  prompt_injection: "off",
  prompt_text: "",
  prompt_position: "system",
  tool_filter: [],
  temperature_ratio: 1,
  aliases: [
    { alias: "claude-*", targets: ["a/m1", "b/m2", "c/vendor/m3"] },
    { alias: "*", targets: ["a/*"] },
  ],
};

function attempts(model: string, rotation: RoundRobin): string[] {
  return resolveTargets({ group, model, providers, rotation }).map((target) => `${target.provider.id}/${target.upstreamModel}`);
}

describe("resolveTargets", () => {
  test("each target once, starting at the alias cursor, advancing per request", () => {
    const rotation = new RoundRobin();
    expect(attempts("claude-sonnet-4", rotation)).toEqual(["a/m1", "b/m2", "c/vendor/m3"]);
    expect(attempts("claude-opus-4", rotation)).toEqual(["b/m2", "c/vendor/m3", "a/m1"]);
    expect(attempts("claude-haiku", rotation)).toEqual(["c/vendor/m3", "a/m1", "b/m2"]);
    expect(attempts("claude-haiku", rotation)).toEqual(["a/m1", "b/m2", "c/vendor/m3"]);
  });

  test("carries the matched alias and the pass-through model", () => {
    const [target] = resolveTargets({ group, model: "llama3.2:3b", providers, rotation: new RoundRobin() });
    expect(target.alias.alias).toBe("*");
    expect(target.provider.id).toBe("a");
    expect(target.upstreamModel).toBe("llama3.2:3b");
  });

  test("no matching alias is not_found naming model and group", () => {
    const narrow: GroupConfig = { ...group, name: "work", aliases: [{ alias: "claude-*", targets: ["a/m"] }] };
    try {
      resolveTargets({ group: narrow, model: "gpt-4o", providers, rotation: new RoundRobin() });
      throw new Error("expected not_found");
    } catch (error) {
      expect(error).toBeInstanceOf(ProxyError);
      expect((error as ProxyError).kind).toBe("not_found");
      expect((error as ProxyError).status).toBe(404);
      expect((error as ProxyError).message).toBe("model 'gpt-4o' is not served by group 'work'");
    }
  });

  test("targets of providers that no longer exist are skipped", () => {
    const stale: GroupConfig = { ...group, aliases: [{ alias: "x", targets: ["gone/m", "b/m"] }] };
    expect(resolveTargets({ group: stale, model: "x", providers, rotation: new RoundRobin() }).map((target) => target.provider.id)).toEqual(["b"]);
    const dead: GroupConfig = { ...group, aliases: [{ alias: "x", targets: ["gone/m"] }] };
    expect(() => resolveTargets({ group: dead, model: "x", providers, rotation: new RoundRobin() })).toThrow("names no configured provider");
  });
});

describe("pickKey", () => {
  test("round-robin over api_keys, per provider", () => {
    const rotation = new RoundRobin();
    const keyed = provider("k", { api_keys: ["k1", "k2", "k3"] });
    const other = provider("o", { api_keys: ["o1", "o2"] });
    expect([pickKey(keyed, rotation), pickKey(keyed, rotation), pickKey(other, rotation), pickKey(keyed, rotation), pickKey(keyed, rotation)]).toEqual(["k1", "k2", "o1", "k3", "k1"]);
  });

  test("undefined when the provider has no keys", () => {
    expect(pickKey(provider("a"), new RoundRobin())).toBeUndefined();
  });
});

describe("usesCompat", () => {
  test("the path or tools = compat turns it on", () => {
    expect(usesCompat(true, provider("a"))).toBe(true);
    expect(usesCompat(false, provider("a", { tools: "compat" }))).toBe(true);
    expect(usesCompat(false, provider("a", { tools: "auto" }))).toBe(false);
    expect(usesCompat(false, provider("a"))).toBe(false);
  });
});

describe("ollama-style names", () => {
  test("a model asked for with :latest resolves to the alias listed without it", () => {
    const group: GroupConfig = { name: "g", prompt_injection: "off", prompt_text: "", prompt_position: "system", tool_filter: [], temperature_ratio: 1, aliases: [{ alias: "qwen3-coder", targets: ["a/qwen3-coder:30b"] }] };
    const [target] = resolveTargets({ group, model: "qwen3-coder:latest", providers, rotation: new RoundRobin() });
    expect(target!.upstreamModel).toBe("qwen3-coder:30b");
    expect(() => resolveTargets({ group, model: "other:latest", providers, rotation: new RoundRobin() })).toThrow(ProxyError);
  });
});
