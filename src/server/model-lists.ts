// In charge of listing a group's aliases in each protocol's model-list shape (never upstream names).
import type { GroupConfig } from "../config/schema.ts";

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

const ollamaDetails = { parent_model: "", format: "gguf", family: "ccproxy", families: ["ccproxy"], parameter_size: "", quantization_level: "" };

export function ollamaTags(group: GroupConfig) {
  return {
    models: aliasNames(group).map((name) => ({
      name,
      model: name,
      modified_at: CREATED_ISO,
      size: 0,
      digest: new Bun.CryptoHasher("sha256").update(name).digest("hex"),
      details: ollamaDetails,
    })),
  };
}

export function ollamaShow(name: string) {
  return {
    license: "",
    modelfile: `# ccproxy alias ${name}\nFROM ${name}\n`,
    parameters: "",
    template: "{{ .Prompt }}",
    details: ollamaDetails,
    model_info: { "general.architecture": "ccproxy", "general.basename": name, "ccproxy.context_length": 131072 },
    capabilities: ["completion", "tools", "thinking", "vision"],
    modified_at: CREATED_ISO,
  };
}
