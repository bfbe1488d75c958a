// In charge of the Ollama /api/chat wire shapes we write (from ollama/api/types.go and ollama-js dist/browser.d.ts).
/**
 * Outgoing bodies are typed here; incoming bodies are `unknown` and narrowed
 * field by field in the decoders. `id` and `function.index` on tool calls and
 * `tool_call_id` on tool messages exist in current Ollama (api/types.go) but not
 * in ollama-js 0.6 types; extra JSON fields are accepted by both.
 */
export interface OllamaToolCall {
  id?: string;
  function: { index?: number; name: string; arguments: Record<string, unknown> };
}

export interface OllamaMessage {
  role: "system" | "user" | "assistant" | "tool";
  content: string;
  thinking?: string;
  /** Bare base64 (no data: prefix). */
  images?: string[];
  tool_calls?: OllamaToolCall[];
  tool_name?: string;
  tool_call_id?: string;
}

export interface OllamaTool {
  type: "function";
  function: { name: string; description?: string; parameters: Record<string, unknown> };
}

export type OllamaThink = boolean | "low" | "medium" | "high";

export interface OllamaChatRequest {
  model: string;
  messages: OllamaMessage[];
  stream: boolean;
  tools?: OllamaTool[];
  format?: "json" | Record<string, unknown>;
  options?: Record<string, unknown>;
  think?: OllamaThink;
  keep_alive?: string | number;
}

/** Durations are integers in nanoseconds (docs/api.md "Durations"). */
export interface OllamaMetrics {
  total_duration: number;
  load_duration: number;
  prompt_eval_count: number;
  prompt_eval_duration: number;
  eval_count: number;
  eval_duration: number;
}

export interface OllamaChatChunk {
  model: string;
  created_at: string;
  message: OllamaMessage;
  done: boolean;
}

export interface OllamaChatResponse extends OllamaChatChunk, OllamaMetrics {
  done: true;
  done_reason: string;
}

export interface OllamaErrorBody {
  error: string;
}
