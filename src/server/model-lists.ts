// In charge of listing a group's aliases in each protocol's model-list shape (never upstream names).
import type { AliasConfig, GroupConfig } from "../config/schema.ts";

/** Fixed so lists are stable across restarts (clients cache them). */
const CREATED_SECONDS = 1735689600; // 2025-01-01T00:00:00Z
const CREATED_ISO = "2025-01-01T00:00:00Z";

export function aliasNames(group: GroupConfig): string[] {
  return group.aliases.map((alias) => alias.alias);
}

export function findAlias(group: GroupConfig, name: string): string | undefined {
  const bare = stripModelName(name);
  return aliasNames(group).find((alias) => alias === name || alias === bare);
}

/** Gemini sends `models/x`, Ollama clients may add `:latest`. */
export function stripModelName(name: string): string {
  let out = name.startsWith("models/") ? name.slice("models/".length) : name;
  if (out.endsWith(":latest")) out = out.slice(0, -":latest".length);
  return out;
}

export const openaiModel = (id: string) => ({ id, object: "model", created: CREATED_SECONDS, owned_by: "ccproxy" });

export function openaiModelList(group: GroupConfig) {
  return { object: "list", data: aliasNames(group).map(openaiModel) };
}

export const claudeModel = (id: string) => ({ type: "model", id, display_name: id, created_at: CREATED_ISO });

export function claudeModelList(group: GroupConfig) {
  const data = aliasNames(group).map(claudeModel);
  return { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data[data.length - 1]?.id ?? null };
}

export const geminiModel = (id: string) => ({
  name: `models/${id}`,
  baseModelId: id,
  version: "ccproxy",
  displayName: id,
  description: `ccproxy alias ${id}`,
  inputTokenLimit: 1048576,
  outputTokenLimit: 65536,
  supportedGenerationMethods: ["generateContent", "streamGenerateContent", "countTokens", "embedContent", "batchEmbedContents"],
});

export function geminiModelList(group: GroupConfig) {
  return { models: aliasNames(group).map(geminiModel) };
}

/**
 * The proxy does not know what runs behind an alias, so sizes and quantization say "unknown"
 * rather than a guess; clients only display these strings.
 */
const ollamaDetails = { parent_model: "", format: "gguf", family: "ccproxy", families: ["ccproxy"], parameter_size: "unknown", quantization_level: "unknown" };

/** Context length clients read from model_info["<arch>.context_length"] (Zed, Continue, Copilot) to size their prompts. */
export const OLLAMA_CONTEXT_LENGTH = 131072;

const digestOf = (name: string) => new Bun.CryptoHasher("sha256").update(name).digest("hex");

export function ollamaTags(group: GroupConfig) {
  return {
    models: aliasNames(group).map((name) => ({
      name,
      model: name,
      modified_at: CREATED_ISO,
      size: 0,
      digest: digestOf(name),
      details: ollamaDetails,
    })),
  };
}

/**
 * Embedding aliases are told apart by name, as Ollama's own library names them (nomic-embed-text,
 * text-embedding-3-small, gemini-embedding-001): the alias or one of its target models says
 * "embed". They report only "embedding", so clients that list chat models (Zed, Copilot, Open
 * WebUI) leave them out; every other alias reports what a modern chat model offers. Either kind
 * still answers both /api/chat and /api/embed: capabilities are a hint, not a gate.
 */
export function ollamaCapabilities(name: string, alias?: AliasConfig): string[] {
  const looksLikeEmbedding = /embed/i.test(name) || (alias?.targets.some((target) => /embed/i.test(target)) ?? false);
  return looksLikeEmbedding ? ["embedding"] : ["completion", "tools", "thinking", "vision"];
}

export function ollamaShow(name: string, alias?: AliasConfig) {
  return {
    license: "",
    modelfile: `# ccproxy alias ${name}\nFROM ${name}\n`,
    parameters: "",
    template: "{{ .Prompt }}",
    system: "",
    details: ollamaDetails,
    model_info: {
      "general.architecture": "ccproxy",
      "general.basename": name,
      "general.parameter_count": 0,
      "ccproxy.context_length": OLLAMA_CONTEXT_LENGTH,
    },
    capabilities: ollamaCapabilities(name, alias),
    modified_at: CREATED_ISO,
  };
}

/**
 * /api/ps: every alias counts as loaded (an upstream needs no loading) and never unloads, so
 * `expires_at` is far in the future, as Ollama reports for keep_alive -1. Sizes are unknown (0).
 */
export const OLLAMA_NEVER_EXPIRES = "2099-12-31T23:59:59Z";

export function ollamaPs(group: GroupConfig) {
  return {
    models: aliasNames(group).map((name) => ({
      name,
      model: name,
      size: 0,
      digest: digestOf(name),
      details: ollamaDetails,
      expires_at: OLLAMA_NEVER_EXPIRES,
      size_vram: 0,
      context_length: OLLAMA_CONTEXT_LENGTH,
    })),
  };
}
