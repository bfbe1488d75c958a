import { describe, expect, test } from "bun:test";
import { baseUrl, clientSnippets, groupPrefix, KEY_PLACEHOLDER, type SnippetOptions } from "../../../src/ui/snippets.ts";

const base: SnippetOptions = { origin: "http://192.168.1.5:11435", group: "team", viaSwitch: false, compat: false, model: "qwen3-coder", keysRequired: true };
const snippet = (options: SnippetOptions, id: string) => clientSnippets(options).find((candidate) => candidate.id === id)!.text;

describe("groupPrefix and baseUrl", () => {
  test("default group has no prefix; named groups, /switch and compat mode add theirs", () => {
    expect(groupPrefix({ group: "default", viaSwitch: false, compat: false })).toBe("");
    expect(groupPrefix({ group: "default", viaSwitch: false, compat: true })).toBe("/compat_mode");
    expect(groupPrefix({ group: "team", viaSwitch: false, compat: false })).toBe("/team");
    expect(groupPrefix({ group: "team", viaSwitch: false, compat: true })).toBe("/team/compat_mode");
    expect(groupPrefix({ group: "team", viaSwitch: true, compat: false })).toBe("/switch");
    expect(groupPrefix({ group: "team", viaSwitch: true, compat: true })).toBe("/switch/compat_mode");
  });
  test("a trailing slash on the origin is not doubled", () => {
    expect(baseUrl({ ...base, origin: "http://h:1/" })).toBe("http://h:1/team");
  });
});

describe("clientSnippets", () => {
  test("Claude Code takes the group base URL as ANTHROPIC_BASE_URL", () => {
    expect(snippet(base, "claude-code")).toBe(`export ANTHROPIC_BASE_URL=http://192.168.1.5:11435/team\nexport ANTHROPIC_AUTH_TOKEN=${KEY_PLACEHOLDER}\nclaude`);
    expect(snippet({ ...base, compat: true }, "claude-code")).toContain("ANTHROPIC_BASE_URL=http://192.168.1.5:11435/team/compat_mode\n");
  });
  test("OpenAI clients add /v1 (Python SDK, environment, Codex with the Responses wire API)", () => {
    expect(snippet(base, "openai-python")).toContain('OpenAI(base_url="http://192.168.1.5:11435/team/v1", api_key="YOUR_ACCESS_KEY")');
    expect(snippet(base, "openai-python")).toContain('model="qwen3-coder"');
    expect(snippet({ ...base, viaSwitch: true, compat: true }, "openai-env")).toContain("OPENAI_BASE_URL=http://192.168.1.5:11435/switch/compat_mode/v1");
    expect(snippet(base, "codex")).toContain('base_url = "http://192.168.1.5:11435/team/v1"\nenv_key = "CCPROXY_KEY"\nwire_api = "responses"');
  });
  test("Gemini CLI and SDK take the base URL without /v1beta; the CLI note names settings.json", () => {
    expect(snippet(base, "gemini-cli")).toContain("GOOGLE_GEMINI_BASE_URL=http://192.168.1.5:11435/team\n");
    expect(clientSnippets(base).find((candidate) => candidate.id === "gemini-cli")!.note).toContain("gemini-api-key");
    expect(snippet(base, "gemini-sdk")).toContain('httpOptions: { baseUrl: "http://192.168.1.5:11435/team" }');
  });
  test("Ollama sends the key as a Bearer header only when keys are required", () => {
    expect(snippet(base, "ollama")).toContain('Client(host="http://192.168.1.5:11435/team", headers={"Authorization": "Bearer YOUR_ACCESS_KEY"})');
    expect(snippet({ ...base, keysRequired: false }, "ollama")).toContain('Client(host="http://192.168.1.5:11435/team")');
  });
  test("an open proxy needs no real key; every client gets a snippet", () => {
    const open = clientSnippets({ ...base, keysRequired: false });
    expect(open.map((candidate) => candidate.id)).toEqual(["claude-code", "openai-python", "openai-env", "codex", "gemini-cli", "gemini-sdk", "ollama"]);
    expect(open.some((candidate) => candidate.text.includes(KEY_PLACEHOLDER))).toBe(false);
  });
  test("values a shell would split are quoted", () => {
    expect(snippet({ ...base, origin: "http://my host" }, "claude-code")).toContain("ANTHROPIC_BASE_URL='http://my host/team'");
  });
});
