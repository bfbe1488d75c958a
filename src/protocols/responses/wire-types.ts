// In charge of the plain TS shapes of the Responses API bodies and events ccproxy WRITES.
/**
 * Written from the official SDK's definitions (node_modules/openai/resources/responses/responses.d.ts),
 * narrowed to what ccproxy emits. Incoming bodies stay `unknown` and are narrowed in the decoders.
 * @see https://platform.openai.com/docs/api-reference/responses
 */

export type WireStatus = "in_progress" | "completed" | "incomplete";

export interface WireOutputText {
  type: "output_text";
  text: string;
  annotations: unknown[];
  logprobs?: unknown[];
}

export interface WireMessageItem {
  type: "message";
  id: string;
  status: WireStatus;
  role: "assistant";
  content: WireOutputText[];
}

export interface WireSummaryText {
  type: "summary_text";
  text: string;
}

export interface WireReasoningItem {
  type: "reasoning";
  id: string;
  summary: WireSummaryText[];
  encrypted_content?: string;
  status?: WireStatus;
}

export interface WireFunctionCallItem {
  type: "function_call";
  id: string;
  call_id: string;
  name: string;
  arguments: string;
  status: WireStatus;
  /** Set for a function inside a `namespace` tool. */
  namespace?: string;
}

export interface WireCustomToolCallItem {
  type: "custom_tool_call";
  id: string;
  call_id: string;
  name: string;
  input: string;
  status: WireStatus;
  namespace?: string;
}

export type WireOutputItem = WireMessageItem | WireReasoningItem | WireFunctionCallItem | WireCustomToolCallItem;

export interface WireUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

export interface WireResponse {
  id: string;
  object: "response";
  created_at: number;
  status: "in_progress" | "completed" | "incomplete" | "failed";
  completed_at?: number | null;
  error: { code: string; message: string } | null;
  incomplete_details: { reason: "max_output_tokens" | "content_filter" } | null;
  instructions: null;
  max_output_tokens: null;
  model: string;
  output: WireOutputItem[];
  parallel_tool_calls: boolean;
  previous_response_id: null;
  reasoning: { effort: null; summary: null };
  store: boolean;
  temperature: null;
  text: { format: { type: "text" } };
  tool_choice: "auto";
  tools: unknown[];
  top_p: null;
  truncation: "disabled";
  usage: WireUsage | null;
  user: null;
  metadata: Record<string, string>;
}

/** Input items ccproxy sends to a Responses upstream. */
export type WireInputContent =
  | { type: "input_text"; text: string }
  | { type: "input_image"; image_url: string; detail: string };

export type WireInputItem =
  | { type: "message"; role: "user" | "system" | "developer"; content: WireInputContent[] }
  | { type: "message"; role: "assistant"; content: Array<{ type: "output_text"; text: string; annotations: unknown[] }> }
  | { type: "reasoning"; id: string; summary: WireSummaryText[]; encrypted_content: string }
  | { type: "function_call"; call_id: string; name: string; arguments: string; namespace?: string }
  | { type: "custom_tool_call"; call_id: string; name: string; input: string }
  | { type: "function_call_output"; call_id: string; output: string | WireInputContent[] }
  | { type: "custom_tool_call_output"; call_id: string; output: string };

export interface WireFunctionTool {
  type: "function";
  name: string;
  description?: string;
  parameters: Record<string, unknown>;
  strict: boolean;
}

export interface WireCustomTool {
  type: "custom";
  name: string;
  description?: string;
  format?: unknown;
}

export interface WireNamespaceTool {
  type: "namespace";
  name: string;
  description: string;
  tools: Array<WireFunctionTool | WireCustomTool>;
}

export type WireTool = WireFunctionTool | WireCustomTool | WireNamespaceTool | Record<string, unknown>;

export type WireToolChoice = "auto" | "none" | "required" | { type: "function"; name: string } | { type: "custom"; name: string };

export type WireTextFormat =
  | { type: "text" }
  | { type: "json_object" }
  | { type: "json_schema"; name: string; schema: Record<string, unknown>; strict?: boolean };

export interface WireRequest {
  model: string;
  input: WireInputItem[];
  instructions?: string;
  tools?: WireTool[];
  tool_choice?: WireToolChoice;
  parallel_tool_calls?: boolean;
  max_output_tokens?: number;
  temperature?: number;
  top_p?: number;
  text?: { format?: WireTextFormat; verbosity?: unknown };
  reasoning?: { effort?: string; summary?: string };
  include?: string[];
  store: boolean;
  stream?: boolean;
  user?: string;
  [field: string]: unknown;
}

export interface WireError {
  error: { message: string; type: string; param: string | null; code: string | null };
}
