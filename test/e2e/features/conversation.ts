// In charge of the protocol-neutral conversation every feature test sends, and the outcome every client driver reports.
/** The four chat protocols of the conversion core (other protocols may join PROTOCOLS; these tests cover these four). */
export const FOUR = ["openai", "claude", "gemini", "ollama"] as const;
export type Four = (typeof FOUR)[number];

/** What each protocol calls "stopped", "stopped for tool calls" and "cut by the token limit". */
export const FINISH: Record<Four, { stop: string; tools: string; length: string }> = {
  openai: { stop: "stop", tools: "tool_calls", length: "length" },
  claude: { stop: "end_turn", tools: "tool_use", length: "max_tokens" },
  gemini: { stop: "STOP", tools: "STOP", length: "MAX_TOKENS" },
  ollama: { stop: "stop", tools: "stop", length: "length" },
};

export interface ToolDef {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

export type ImageSpec = { kind: "base64"; mediaType: string; data: string } | { kind: "url"; url: string };

export interface CallSpec {
  id: string;
  name: string;
  arguments: Record<string, unknown>;
  /** Gemini thoughtSignature on the functionCall part (Gemini clients only). */
  signature?: string;
}

export interface ResultSpec {
  id: string;
  name: string;
  content: string;
  isError?: boolean;
}

export type Turn =
  | { role: "system"; text: string }
  | { role: "user"; text?: string; images?: ImageSpec[] }
  | { role: "assistant"; text?: string; reasoning?: { text: string; signature?: string }; calls?: CallSpec[] }
  | { role: "tool"; results: ResultSpec[] };

export interface Params {
  temperature?: number;
  topP?: number;
  topK?: number;
  maxTokens?: number;
  stop?: string[];
  seed?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
}

export type ToolChoiceSpec = "auto" | "none" | "required" | { name: string };

export interface Conversation {
  system?: string;
  turns: Turn[];
  tools?: ToolDef[];
  toolChoice?: ToolChoiceSpec;
  params?: Params;
  format?: { type: "json" } | { type: "json-schema"; name: string; schema: Record<string, unknown> };
  /** Ask for reasoning: an effort (OpenAI, Gemini level, Ollama think level, Claude output_config) or a token budget. */
  reasoning?: { effort?: "low" | "medium" | "high"; budget?: number };
  /** Send calls and results without ids where the protocol allows it (Gemini API clients usually do). */
  omitIds?: boolean;
}

export interface OutcomeCall {
  id?: string;
  name: string;
  arguments: Record<string, unknown>;
  /** Gemini thoughtSignature on the call part, when the client protocol shows one. */
  signature?: string;
}

export interface Outcome {
  text: string;
  reasoning: string;
  /** Claude thinking-block signatures or Gemini thoughtSignatures the client received ("" kept: it is what arrived). */
  signatures: string[];
  toolCalls: OutcomeCall[];
  /** The client protocol's own finish value. */
  finish: string;
  usage: { input: number; output: number; cacheRead?: number; cacheWrite?: number };
  /** The exact JSON body the client sent to ccproxy. */
  sent: Record<string, unknown>;
  /** Stream chunks / events as the SDK yielded them (empty when not streaming). */
  chunks: unknown[];
  /** The final answer object as the SDK assembled it (chat completion, Message, last response, last part). */
  raw: unknown;
}

export type FeatureDriver = (baseUrl: string, model: string, stream: boolean, conversation: Conversation) => Promise<Outcome>;

/** What a client protocol can express at all; a feature it lacks is not sent by that client. */
export interface ClientCapabilities {
  inPlaceSystem: boolean;
  seedAndPenalties: boolean;
  topK: boolean;
  jsonMode: boolean;
  toolChoice: boolean;
  toolErrorFlag: boolean;
  imageUrl: boolean;
}

export const CAPABILITIES: Record<Four, ClientCapabilities> = {
  openai: { inPlaceSystem: true, seedAndPenalties: true, topK: true, jsonMode: true, toolChoice: true, toolErrorFlag: false, imageUrl: true },
  // Claude has no seed, penalties or plain JSON mode (only output_config.format with a schema).
  claude: { inPlaceSystem: true, seedAndPenalties: false, topK: true, jsonMode: false, toolChoice: true, toolErrorFlag: true, imageUrl: true },
  // Gemini contents have no system role: a Gemini client cannot put a system message mid-conversation.
  gemini: { inPlaceSystem: false, seedAndPenalties: true, topK: true, jsonMode: true, toolChoice: true, toolErrorFlag: true, imageUrl: true },
  // Ollama has no tool_choice, no error flag on tool messages and only base64 images.
  ollama: { inPlaceSystem: true, seedAndPenalties: true, topK: true, jsonMode: true, toolChoice: false, toolErrorFlag: false, imageUrl: false },
};

/** A fetch that records every JSON body it sends, so a test can compare what the client sent with what the upstream got. */
export function recordingFetch(): { fetch: typeof fetch; bodies: Array<Record<string, unknown>> } {
  const bodies: Array<Record<string, unknown>> = [];
  const wrapped = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    if (typeof init?.body === "string") bodies.push(JSON.parse(init.body) as Record<string, unknown>);
    return fetch(input, init);
  };
  return { fetch: wrapped as typeof fetch, bodies };
}

export function lastBody(bodies: Array<Record<string, unknown>>): Record<string, unknown> {
  const body = bodies[bodies.length - 1];
  if (!body) throw new Error("the client sent no JSON body");
  return body;
}
