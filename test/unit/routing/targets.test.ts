import { describe, expect, test } from "bun:test";
import { parseTarget, splitTarget } from "../../../src/routing/targets.ts";
import { ProxyError } from "../../../src/unified/errors.ts";

describe("targets", () => {
  test("split at the first slash", () => {
    expect(parseTarget("openrouter/qwen/qwen3-coder:free")).toEqual({ provider: "openrouter", model: "qwen/qwen3-coder:free" });
    expect(parseTarget("ollama/qwen3-coder")).toEqual({ provider: "ollama", model: "qwen3-coder" });
  });

  test("a * model passes the requested model through", () => {
    expect(parseTarget("ollama/*", "llama3.2:3b")).toEqual({ provider: "ollama", model: "llama3.2:3b" });
    expect(parseTarget("ollama/*")).toEqual({ provider: "ollama", model: "*" });
    expect(parseTarget("ollama/qwen3", "claude-sonnet-4")).toEqual({ provider: "ollama", model: "qwen3" });
  });

  test("targets without a provider or a model are rejected", () => {
    expect(splitTarget("qwen3")).toBeNull();
    expect(splitTarget("/qwen3")).toBeNull();
    expect(splitTarget("ollama/")).toBeNull();
    expect(() => parseTarget("qwen3")).toThrow(ProxyError);
  });
});
