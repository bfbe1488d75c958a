import { describe, expect, test } from "bun:test";
import type { AliasConfig } from "../../../src/config/schema.ts";
import { matchAlias } from "../../../src/routing/match-alias.ts";

function aliases(...names: string[]): AliasConfig[] {
  return names.map((alias) => ({ alias, targets: [`p/${alias}`] }));
}

function matched(list: AliasConfig[], model: string): string | null {
  return matchAlias(list, model)?.alias ?? null;
}

describe("matchAlias", () => {
  test("exact match beats every wildcard, wherever it is declared", () => {
    const list = aliases("*", "claude-*", "claude-sonnet-4");
    expect(matched(list, "claude-sonnet-4")).toBe("claude-sonnet-4");
  });

  test("fewest wildcards, then longest literal text: claude-sonnet-* beats claude-* beats *", () => {
    const list = aliases("*", "claude-*", "claude-sonnet-*");
    expect(matched(list, "claude-sonnet-4-5")).toBe("claude-sonnet-*");
    expect(matched(list, "claude-opus-4")).toBe("claude-*");
    expect(matched(list, "gpt-4o")).toBe("*");
  });

  test("fewer wildcard characters wins over more literal text", () => {
    const list = aliases("claude-*-*-latest", "claude-*");
    expect(matched(list, "claude-sonnet-4-latest")).toBe("claude-*");
  });

  test("? matches exactly one character", () => {
    const list = aliases("gpt-?", "gpt-*");
    expect(matched(list, "gpt-4")).toBe("gpt-?");
    expect(matched(list, "gpt-4o")).toBe("gpt-*");
    expect(matched(aliases("gpt-?"), "gpt-")).toBeNull();
  });

  test("* matches the empty run", () => {
    expect(matched(aliases("qwen3*"), "qwen3")).toBe("qwen3*");
  });

  test("declaration order breaks a tie", () => {
    expect(matched(aliases("a*c", "*bc"), "abc")).toBe("a*c");
    expect(matched(aliases("*bc", "a*c"), "abc")).toBe("*bc");
  });

  test("is case-sensitive", () => {
    expect(matched(aliases("Claude-*"), "claude-x")).toBeNull();
    expect(matched(aliases("qwen"), "Qwen")).toBeNull();
  });

  test("regular-expression characters in aliases are literal", () => {
    const list = aliases("qwen/qwen3-coder:free", "a.b*", "x+(y)|[z]");
    expect(matched(list, "qwen/qwen3-coder:free")).toBe("qwen/qwen3-coder:free");
    expect(matched(list, "a.b-1")).toBe("a.b*");
    expect(matched(list, "aXb-1")).toBeNull();
    expect(matched(list, "x+(y)|[z]")).toBe("x+(y)|[z]");
  });

  test("no match answers null", () => {
    expect(matched(aliases("claude-*"), "gpt-4o")).toBeNull();
    expect(matchAlias([], "x")).toBeNull();
  });

  test("returns the alias object itself", () => {
    const list = aliases("*");
    expect(matchAlias(list, "anything")).toBe(list[0]);
  });
});
