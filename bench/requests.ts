// In charge of the client requests the benchmark sends: small chats, a Claude Code-like tool turn, a 200 KB agent context.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { BenchProtocol } from "./answers.ts";

export type PromptKind = "small" | "tools" | "big";

export interface ClientRequest {
  path: string;
  headers: Record<string, string>;
  body: Uint8Array<ArrayBuffer>;
}

const encoder = new TextEncoder();
export const ACCESS_KEY = "sk-ccp-bench-0001";
const ROOT = join(import.meta.dir, "..");

const SYSTEM = [
  "You are an interactive coding agent that helps users with software engineering tasks.",
  "Use the instructions below and the tools available to you to assist the user.",
  "Keep answers short and concrete. Prefer editing existing files to creating new ones.",
  "Never guess file contents: read them first. Run the tests after every change.",
].join(" ").repeat(6);

const USER = "Explain in two sentences how the configuration loader validates provider entries.";

/** Claude Code-like tools (JSON Schema with `$schema` and `additionalProperties`, as the CLI sends them). */
export const CLAUDE_TOOLS = [
  tool("Read", "Reads a file from the local filesystem. Returns it in cat -n form.", { file_path: { type: "string", description: "Absolute path" }, offset: { type: "integer", minimum: 0 }, limit: { type: "integer", exclusiveMinimum: 0, maximum: 9007199254740991 } }, ["file_path"]),
  tool("Bash", "Executes a bash command in a persistent shell session with an optional timeout.", { command: { type: "string" }, timeout: { type: "number", maximum: 600000 }, description: { type: "string" } }, ["command"]),
  tool("Edit", "Performs exact string replacements in files.", { file_path: { type: "string" }, old_string: { type: "string" }, new_string: { type: "string" }, replace_all: { type: "boolean", default: false } }, ["file_path", "old_string", "new_string"]),
  tool("Write", "Writes a file to the local filesystem, replacing it.", { file_path: { type: "string" }, content: { type: "string" } }, ["file_path", "content"]),
  tool("Grep", "Searches file contents with ripgrep.", { pattern: { type: "string" }, path: { type: "string" }, glob: { type: "string" }, output_mode: { type: "string", enum: ["content", "files_with_matches", "count"] } }, ["pattern"]),
  tool("Glob", "Finds files by glob pattern.", { pattern: { type: "string" }, path: { type: "string" } }, ["pattern"]),
  tool("TodoWrite", "Creates and manages a structured task list.", { todos: { type: "array", items: { type: "object", properties: { content: { type: "string" }, status: { type: "string", enum: ["pending", "in_progress", "completed"] } }, required: ["content", "status"], additionalProperties: false } } }, ["todos"]),
];

function tool(name: string, description: string, properties: Record<string, unknown>, required: string[]) {
  return { name, description, input_schema: { $schema: "http://json-schema.org/draft-07/schema#", type: "object", properties, required, additionalProperties: false } };
}

function claudeSystem(text: string): unknown[] {
  return [
    { type: "text", text: "x-anthropic-billing-header: cc_version=2.1.0; cc_entrypoint=cli" },
    { type: "text", text, cache_control: { type: "ephemeral" } },
  ];
}

/** This repository's TypeScript sources as lines, under a made-up project path: realistic code for prompts and tool calls. */
export function repositorySources(): { path: string; lines: string[] }[] {
  const glob = new Bun.Glob("src/**/*.ts");
  return [...glob.scanSync({ cwd: ROOT })].sort().map((path) => ({ path: `/work/project/${path}`, lines: readFileSync(join(ROOT, path), "utf8").split("\n") }));
}

/** Repository sources in `cat -n` form, as Read tool results carry them: realistic code to escape and parse. */
function sourceFiles(): { path: string; text: string }[] {
  return repositorySources().map(({ path, lines }) => ({ path, text: lines.map((line, index) => `${String(index + 1).padStart(6)}\t${line}`).join("\n") }));
}

/** A coding-agent turn: Read calls and their results until the JSON body reaches `targetBytes`. */
function bigClaudeMessages(targetBytes: number): unknown[] {
  const messages: unknown[] = [{ role: "user", content: "Read the sources under src/ and tell me where the request body size is limited." }];
  let size = 4096 + JSON.stringify(CLAUDE_TOOLS).length + SYSTEM.length;
  let index = 0;
  for (const file of sourceFiles()) {
    if (size >= targetBytes) break;
    const id = `toolu_01Bench${String(index++).padStart(4, "0")}`;
    const room = targetBytes - size;
    const text = file.text.length > room ? file.text.slice(0, room) : file.text;
    messages.push({ role: "assistant", content: [{ type: "text", text: `Reading ${file.path}.` }, { type: "tool_use", id, name: "Read", input: { file_path: file.path } }] });
    messages.push({ role: "user", content: [{ type: "tool_result", tool_use_id: id, content: text }] });
    size += JSON.stringify(text).length + 300;
  }
  return messages;
}

function claudeBody(prompt: PromptKind, model: string, stream: boolean): Record<string, unknown> {
  const base = { model, max_tokens: 32000, stream, metadata: { user_id: "user_bench_session_0001" } };
  switch (prompt) {
    case "small":
      return { ...base, system: claudeSystem(SYSTEM), messages: [{ role: "user", content: USER }] };
    case "tools":
      return { ...base, system: claudeSystem(SYSTEM), tools: CLAUDE_TOOLS, messages: [{ role: "user", content: "Look at the configuration loader and tell me how it validates providers." }] };
    case "big":
      return { ...base, system: claudeSystem(SYSTEM), tools: CLAUDE_TOOLS, messages: bigClaudeMessages(200 * 1024) };
    default: {
      const unreachable: never = prompt;
      return unreachable;
    }
  }
}

function chatMessages(): { role: string; content: string }[] {
  return [
    { role: "system", content: SYSTEM },
    { role: "user", content: USER },
  ];
}

function bodyFor(client: BenchProtocol, prompt: PromptKind, model: string, stream: boolean): Record<string, unknown> {
  if (prompt !== "small" && client !== "claude") throw new Error(`the ${prompt} prompt is written for Claude clients`);
  switch (client) {
    case "claude":
      return claudeBody(prompt, model, stream);
    case "openai":
      return stream ? { model, messages: chatMessages(), stream, stream_options: { include_usage: true } } : { model, messages: chatMessages(), stream };
    case "ollama":
      return { model, messages: chatMessages(), stream, options: { temperature: 0.2 } };
    case "gemini":
      return { systemInstruction: { parts: [{ text: SYSTEM }] }, contents: [{ role: "user", parts: [{ text: USER }] }], generationConfig: { temperature: 0.2 } };
    default: {
      const unreachable: never = client;
      return unreachable;
    }
  }
}

function pathFor(client: BenchProtocol, model: string, stream: boolean): string {
  switch (client) {
    case "claude":
      return "/v1/messages?beta=true";
    case "openai":
      return "/v1/chat/completions";
    case "ollama":
      return "/api/chat";
    case "gemini":
      return `/v1beta/models/${model}:${stream ? "streamGenerateContent?alt=sse" : "generateContent"}`;
    default: {
      const unreachable: never = client;
      return unreachable;
    }
  }
}

function headersFor(client: BenchProtocol): Record<string, string> {
  const json = { "content-type": "application/json" };
  switch (client) {
    case "claude":
      return { ...json, "x-api-key": ACCESS_KEY, "anthropic-version": "2023-06-01", "anthropic-beta": "claude-code-20250219,interleaved-thinking-2025-05-14", "x-app": "cli" };
    case "gemini":
      return { ...json, "x-goog-api-key": ACCESS_KEY };
    case "openai":
    case "ollama":
      return { ...json, authorization: `Bearer ${ACCESS_KEY}` };
    default: {
      const unreachable: never = client;
      return unreachable;
    }
  }
}

/** The request a client of `client` sends to ccproxy (path relative to ccproxy's root, `prefix` e.g. "/compat_mode"). */
export function clientRequest(client: BenchProtocol, prompt: PromptKind, model: string, stream: boolean, prefix = ""): ClientRequest {
  return { path: prefix + pathFor(client, model, stream), headers: headersFor(client), body: encoder.encode(JSON.stringify(bodyFor(client, prompt, model, stream))) };
}

/** What a finished answer of `protocol` ends with (checked on the last bytes of every answer). */
export function endMarker(protocol: BenchProtocol, stream: boolean): string {
  switch (protocol) {
    case "openai":
      return stream ? "[DONE]" : '"finish_reason"';
    case "claude":
      return stream ? "message_stop" : '"stop_reason"';
    case "gemini":
      return '"finishReason"';
    case "ollama":
      return '"done":true';
    default: {
      const unreachable: never = protocol;
      return unreachable;
    }
  }
}
