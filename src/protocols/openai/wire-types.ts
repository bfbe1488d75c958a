// In charge of the plain TS shapes of the Chat Completions bodies ccproxy WRITES (requests upstream, answers to clients).
/**
 * Written from the official SDK's definitions
 * (node_modules/openai/resources/chat/completions/completions.d.ts), narrowed to
 * what ccproxy emits. Incoming bodies are `unknown` and narrowed in the decoders,
 * because clients and OpenAI-compatible servers send far more than these types say.
 * `reasoning_content` is not in the SDK: it is DeepSeek's (and vLLM's, LM Studio's)
 * reasoning field, the de-facto standard among OpenAI-compatible servers.
 */

export type WireFinishReason = "stop" | "length" | "tool_calls" | "content_filter" | "function_call";

export interface WireTextPart {
  type: "text";
  text: string;
}

export interface WireImagePart {
  type: "image_url";
  image_url: { url: string; detail?: string };
}

export type WireUserPart = WireTextPart | WireImagePart;

export interface WireToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

export type WireMessage =
  | { role: "system"; content: string }
  | { role: "user"; content: string | WireUserPart[] }
  | { role: "assistant"; content: string | null; reasoning_content?: string; tool_calls?: WireToolCall[] }
  | { role: "tool"; tool_call_id: string; content: string };

export interface WireTool {
  type: "function";
  function: { name: string; description?: string; parameters: Record<string, unknown>; strict?: boolean };
}

export type WireToolChoice = "auto" | "none" | "required" | { type: "function"; function: { name: string } };

export type WireResponseFormat =
  | { type: "text" }
  | { type: "json_object" }
  | { type: "json_schema"; json_schema: { name: string; schema: Record<string, unknown>; strict?: boolean } };

export interface WireRequest {
  model: string;
  messages: WireMessage[];
  max_tokens?: number;
  temperature?: number;
  top_p?: number;
  /** Not in the OpenAI API; vLLM, OpenRouter, LM Studio and Ollama's /v1 read it. */
  top_k?: number;
  stop?: string[];
  seed?: number;
  presence_penalty?: number;
  frequency_penalty?: number;
  response_format?: WireResponseFormat;
  tools?: WireTool[];
  tool_choice?: WireToolChoice;
  parallel_tool_calls?: boolean;
  reasoning_effort?: string;
  stream?: boolean;
  stream_options?: { include_usage: boolean };
  user?: string;
  n?: number;
  logprobs?: boolean;
  top_logprobs?: number;
  service_tier?: string;
  metadata?: Record<string, string>;
  store?: boolean;
}

export interface WireUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number; cache_write_tokens?: number };
  completion_tokens_details: { reasoning_tokens: number };
}

export interface WireResponseMessage {
  role: "assistant";
  content: string | null;
  refusal: null;
  reasoning_content?: string;
  tool_calls?: WireToolCall[];
}

export interface WireCompletion {
  id: string;
  object: "chat.completion";
  created: number;
  model: string;
  choices: Array<{ index: number; message: WireResponseMessage; logprobs: null; finish_reason: WireFinishReason }>;
  usage: WireUsage;
}

export interface WireDeltaToolCall {
  index: number;
  id?: string;
  type?: "function";
  function: { name?: string; arguments: string };
}

export interface WireDelta {
  role?: "assistant";
  content?: string;
  refusal?: null;
  reasoning_content?: string;
  tool_calls?: WireDeltaToolCall[];
}

export interface WireChunk {
  id: string;
  object: "chat.completion.chunk";
  created: number;
  model: string;
  choices: Array<{ index: number; delta: WireDelta; logprobs: null; finish_reason: WireFinishReason | null }>;
  usage?: WireUsage | null;
}

export interface WireError {
  error: { message: string; type: string; param: string | null; code: string | null };
}
