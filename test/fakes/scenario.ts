// In charge of describing, protocol-neutrally, what a fake upstream answers.
export interface FakeToolCall {
  /** Protocols without ids (Gemini, Ollama) ignore it. */
  id?: string;
  name: string;
  arguments: Record<string, unknown>;
}

export interface FakeScenario {
  /** Assistant text; streamed in pieces of `chunkSize` characters. */
  text?: string;
  reasoning?: string;
  /** Claude thinking signature / Gemini thoughtSignature. */
  reasoningSignature?: string;
  toolCalls?: FakeToolCall[];
  finish?: "stop" | "length" | "tool-calls" | "content-filter";
  usage?: { input: number; output: number; cacheRead?: number; cacheWrite?: number };
  /** Model name the fake reports (default: the model the request named). */
  model?: string;
  /** Answer with this HTTP error (the protocol's own error body) instead of a result. */
  error?: { status: number; message: string; retryAfter?: number };
  /** Streaming: write this many frames, then break the connection without a terminator. */
  failAfterFrames?: number;
  /** Streaming: write this many frames, then an in-band error event of the protocol. */
  errorEventAfterFrames?: number;
  /** Characters per streamed text delta (default 4). */
  chunkSize?: number;
  /** Wait this long before answering at all (ms). */
  delayMs?: number;
  /** Wait this long between stream frames (ms). */
  frameDelayMs?: number;
  /** Non-streaming: answer 200 with this raw body (garbage tests). */
  rawBody?: string;
  /** Streaming: write exactly these frames (wire text, terminators included) instead of the scenario's own. */
  rawFrames?: string[];
  /** The protocol's own finish value to report instead of the mapped one (e.g. Claude `end_turn` next to a tool_use). */
  rawFinish?: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  search: string;
  headers: Record<string, string>;
  body: unknown;
  /** Set when the client (ccproxy) aborted the request before the fake finished answering. */
  aborted: boolean;
}

/** One protocol's fake upstream behaviour. */
export interface FakeProtocol {
  /** Whether the request asks for a stream (body flag, Gemini action). */
  isStream(request: RecordedRequest): boolean;
  /** The complete JSON answer for the scenario. */
  response(scenario: FakeScenario, request: RecordedRequest): unknown;
  /** The stream frames (complete wire text per frame) for the scenario, terminator included. */
  streamFrames(scenario: FakeScenario, request: RecordedRequest): string[];
  /** The in-band error frame (for errorEventAfterFrames). */
  errorFrame(message: string): string;
  /** The protocol's error body for an HTTP error. */
  errorBody(status: number, message: string): unknown;
  streamContentType: string;
  /**
   * Non-chat paths (token counting, embeddings …): the answer, or null when the
   * request is a chat call the scenario answers.
   */
  handle?(request: RecordedRequest): Response | null;
}

/** Splits text into deltas of `size` characters (the last may be shorter). */
export function chunkText(text: string, size = 4): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}
