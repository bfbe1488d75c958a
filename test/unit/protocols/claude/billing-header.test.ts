// Claude Code's per-request billing-header system block must not reach other upstreams (it defeats their prompt caching).
import { describe, expect, test } from "bun:test";
import { claudeCodec } from "../../../../src/protocols/claude/index.ts";
import { openaiCodec } from "../../../../src/protocols/openai/index.ts";

const context = { newId: (prefix: string) => `${prefix}1`, now: () => 0 };
const body = {
  model: "claude-sonnet-4-5",
  max_tokens: 100,
  system: [
    { type: "text", text: "x-anthropic-billing-header: cc_version=2.1.3; cc_entrypoint=cli" },
    { type: "text", text: "You are Claude Code.", cache_control: { type: "ephemeral" } },
  ],
  messages: [{ role: "user", content: "hi" }],
};

describe("x-anthropic-billing-header", () => {
  test("is kept out of the unified system prompt and other protocols' bodies", () => {
    const request = claudeCodec.decodeRequest({ body }).value;
    expect(request.system.map((part) => part.text)).toEqual(["You are Claude Code."]);
    const openai = openaiCodec.encodeRequest(request, context).value;
    expect(JSON.stringify(openai)).not.toContain("x-anthropic-billing-header");
  });

  test("goes back first, unchanged, to a Claude upstream", () => {
    const request = claudeCodec.decodeRequest({ body }).value;
    const claude = claudeCodec.encodeRequest(request, context).value as { system: Array<{ text: string; cache_control?: unknown }> };
    expect(claude.system.map((block) => block.text)).toEqual(["x-anthropic-billing-header: cc_version=2.1.3; cc_entrypoint=cli", "You are Claude Code."]);
    expect(claude.system[1]!.cache_control).toEqual({ type: "ephemeral" });
  });
});
