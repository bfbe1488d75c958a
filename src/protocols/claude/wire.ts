// In charge of the Claude Messages API wire shapes ccproxy writes (outgoing bodies, blocks, stream events).
/**
 * Plain TS types, narrower than @anthropic-ai/sdk's (which we must not import at
 * run time): only the fields ccproxy writes. Shapes follow
 * @anthropic-ai/sdk/resources/messages/messages.d.ts.
 * @see https://docs.anthropic.com/en/api/messages
 */
export interface ClaudeCacheControl {
  type: "ephemeral";
  ttl?: string;
}

export interface ClaudeTextBlock {
  type: "text";
  text: string;
  cache_control?: ClaudeCacheControl;
}

export type ClaudeImageSource = { type: "base64"; media_type: string; data: string } | { type: "url"; url: string };

export interface ClaudeImageBlock {
  type: "image";
  source: ClaudeImageSource;
}

export interface ClaudeToolUseBlock {
  type: "tool_use";
  id: string;
  name: string;
  input: Record<string, unknown>;
}

export interface ClaudeToolResultBlock {
  type: "tool_result";
  tool_use_id: string;
  content?: string | Array<ClaudeTextBlock | ClaudeImageBlock>;
  is_error?: boolean;
  cache_control?: ClaudeCacheControl;
}

export interface ClaudeThinkingBlock {
  type: "thinking";
  thinking: string;
  signature: string;
}

export interface ClaudeRedactedThinkingBlock {
  type: "redacted_thinking";
  data: string;
}

export type ClaudeUserBlock = ClaudeTextBlock | ClaudeImageBlock | ClaudeToolResultBlock;
export type ClaudeAssistantBlock = ClaudeTextBlock | ClaudeThinkingBlock | ClaudeRedactedThinkingBlock | ClaudeToolUseBlock;

/** `role: "system"` inside `messages` is part of the API (SDK `SystemMessageParam`); Claude Code sends it. */
export type ClaudeMessage =
  | { role: "user"; content: ClaudeUserBlock[] }
  | { role: "assistant"; content: ClaudeAssistantBlock[] }
  | { role: "system"; content: ClaudeTextBlock[] };

export interface ClaudeTool {
  name: string;
  description?: string;
  input_schema: Record<string, unknown>;
}

export type ClaudeToolChoice =
  | { type: "auto"; disable_parallel_tool_use?: boolean }
  | { type: "any"; disable_parallel_tool_use?: boolean }
  | { type: "tool"; name: string; disable_parallel_tool_use?: boolean }
  | { type: "none" };

export type ClaudeThinkingConfig = { type: "enabled"; budget_tokens: number } | { type: "disabled" };

export type ClaudeStopReason = "end_turn" | "max_tokens" | "stop_sequence" | "tool_use" | "pause_turn" | "refusal" | "model_context_window_exceeded";

export interface ClaudeUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

export interface ClaudeResponseBody {
  id: string;
  type: "message";
  role: "assistant";
  model: string;
  content: ClaudeAssistantBlock[];
  stop_reason: ClaudeStopReason | null;
  stop_sequence: string | null;
  usage: ClaudeUsage;
}

export type ClaudeErrorType =
  | "invalid_request_error"
  | "authentication_error"
  | "billing_error"
  | "permission_error"
  | "not_found_error"
  | "request_too_large"
  | "rate_limit_error"
  | "timeout_error"
  | "api_error"
  | "overloaded_error";

export interface ClaudeErrorBody {
  type: "error";
  error: { type: ClaudeErrorType; message: string };
}
