// In charge of each group's ready-to-paste client settings (Claude Code, OpenAI, Codex, Gemini, Ollama), as README documents them (pure).

export interface SnippetOptions {
  /** Where the browser reached ccproxy, e.g. "http://192.168.1.5:11435". */
  origin: string;
  group: string;
  /** Through /switch: follows whatever group is active, instead of naming one. */
  viaSwitch: boolean;
  /** XML tool compatibility mode (the /compat_mode prefix). */
  compat: boolean;
  /** A model name the group answers to (its first alias), for the examples. */
  model?: string;
  /** Whether clients must send an access key. */
  keysRequired: boolean;
}

export interface Snippet {
  id: "claude-code" | "openai-python" | "openai-env" | "codex" | "gemini-cli" | "gemini-sdk" | "ollama";
  title: string;
  text: string;
  note?: string;
}

export const KEY_PLACEHOLDER = "YOUR_ACCESS_KEY";

/**
 * The path prefix that selects the group and mode: "" (default group), "/team", "/switch",
 * plus "/compat_mode". The default group is reached without a prefix, as README shows it.
 */
export function groupPrefix(options: Pick<SnippetOptions, "group" | "viaSwitch" | "compat">): string {
  const group = options.viaSwitch ? "/switch" : options.group === "default" ? "" : `/${encodeURIComponent(options.group)}`;
  return options.compat ? `${group}/compat_mode` : group;
}

/** The base URL a Claude, Gemini or Ollama client takes; OpenAI clients add "/v1". */
export function baseUrl(options: SnippetOptions): string {
  return `${options.origin.replace(/\/+$/, "")}${groupPrefix(options)}`;
}

/** Quotes a value for a POSIX shell line only when it needs it. */
const shellValue = (value: string) => (/^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`);

export function clientSnippets(options: SnippetOptions): Snippet[] {
  const base = baseUrl(options);
  const key = options.keysRequired ? KEY_PLACEHOLDER : "unused";
  const model = options.model ?? "MODEL";
  const keyNote = options.keysRequired ? `Replace ${KEY_PLACEHOLDER} with one of your access keys (Keys tab).` : "No access key is configured, so any key value works.";
  return [
    {
      id: "claude-code",
      title: "Claude Code",
      text: [`export ANTHROPIC_BASE_URL=${shellValue(base)}`, `export ANTHROPIC_AUTH_TOKEN=${key}`, "claude"].join("\n"),
      note: `Claude Code asks for names like claude-sonnet-4-5; give the group an alias such as claude-* for them. ${keyNote}`,
    },
    {
      id: "openai-python",
      title: "OpenAI SDK (Python)",
      text: [
        "from openai import OpenAI",
        `client = OpenAI(base_url=${JSON.stringify(`${base}/v1`)}, api_key=${JSON.stringify(key)})`,
        `client.chat.completions.create(model=${JSON.stringify(model)}, messages=[{"role": "user", "content": "hi"}])`,
      ].join("\n"),
      note: "Any OpenAI-compatible client (Cline, Continue, Zed, LibreChat …) takes the same base URL.",
    },
    {
      id: "openai-env",
      title: "OpenAI-compatible tools (environment)",
      text: [`export OPENAI_BASE_URL=${shellValue(`${base}/v1`)}`, `export OPENAI_API_KEY=${key}`].join("\n"),
    },
    {
      id: "codex",
      title: "Codex CLI (~/.codex/config.toml)",
      text: [
        `model = ${JSON.stringify(model)}`,
        'model_provider = "ccproxy"',
        "[model_providers.ccproxy]",
        'name = "ccproxy"',
        `base_url = ${JSON.stringify(`${base}/v1`)}`,
        'env_key = "CCPROXY_KEY"',
        'wire_api = "responses"',
      ].join("\n"),
      note: `Then export CCPROXY_KEY=${key}.`,
    },
    {
      id: "gemini-cli",
      title: "Gemini CLI",
      text: [`export GOOGLE_GEMINI_BASE_URL=${shellValue(base)}`, `export GEMINI_API_KEY=${key}`, "gemini"].join("\n"),
      note: 'With a custom base URL, Gemini CLI also needs ~/.gemini/settings.json: {"security":{"auth":{"selectedType":"gemini-api-key"}}}',
    },
    {
      id: "gemini-sdk",
      title: "Gemini SDK (JavaScript)",
      text: [
        'import { GoogleGenAI } from "@google/genai";',
        `const ai = new GoogleGenAI({ apiKey: ${JSON.stringify(key)}, httpOptions: { baseUrl: ${JSON.stringify(base)} } });`,
        `await ai.models.generateContent({ model: ${JSON.stringify(model)}, contents: "hi" });`,
      ].join("\n"),
    },
    {
      id: "ollama",
      title: "Ollama clients (Open WebUI, Continue, ollama libraries)",
      text: [
        "from ollama import Client",
        `client = Client(host=${JSON.stringify(base)}${options.keysRequired ? `, headers={"Authorization": "Bearer ${key}"}` : ""})`,
        `client.chat(model=${JSON.stringify(model)}, messages=[{"role": "user", "content": "hi"}])`,
      ].join("\n"),
      note: `Ollama URL: ${base}${options.keysRequired ? " — send Authorization: Bearer with an access key." : ""}`,
    },
  ];
}
