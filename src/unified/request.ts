// In charge of the protocol-neutral chat request every codec decodes into and encodes from.
import type { TextPart, UnifiedMessage } from "./content.ts";
import type { Extensions } from "./extensions.ts";

/** A function tool. `parameters` is plain lower-case JSON Schema (decoders normalise Gemini's upper-case types). */
export interface UnifiedTool {
  name: string;
  description?: string;
  parameters: JsonSchema;
  /** OpenAI `strict`; kept for OpenAI targets. */
  strict?: boolean;
}

export type JsonSchema = { [key: string]: unknown };

export type ToolChoice =
  | { type: "auto" }
  | { type: "none" }
  | { type: "required" }
  | { type: "tool"; name: string };

export type ResponseFormat =
  | { type: "text" }
  | { type: "json" }
  | { type: "json-schema"; schema: JsonSchema; name?: string; strict?: boolean };

export type ReasoningEffort = "minimal" | "low" | "medium" | "high";

export interface ThinkingConfig {
  /** false: the client explicitly turned reasoning off. */
  enabled: boolean;
  budgetTokens?: number;
  effort?: ReasoningEffort;
  /** Whether the client wants reasoning text back (Gemini includeThoughts, Claude display). */
  includeThoughts?: boolean;
}

export interface UnifiedRequest {
  /** The model the client asked for (the alias); the pipeline replaces it with the upstream model before encoding. */
  model: string;
  /** The leading system prompt (OpenAI leading system/developer messages, Claude `system`, Gemini `systemInstruction`). */
  system: TextPart[];
  messages: UnifiedMessage[];
  tools: UnifiedTool[];
  toolChoice?: ToolChoice;
  parallelToolCalls?: boolean;
  stream: boolean;
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  stop?: string[];
  seed?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  responseFormat?: ResponseFormat;
  thinking?: ThinkingConfig;
  /** End-user id (OpenAI `user`, Claude `metadata.user_id`). */
  user?: string;
  extensions: Extensions;
}

export function emptyRequest(model: string): UnifiedRequest {
  return { model, system: [], messages: [], tools: [], stream: false, extensions: {} };
}
