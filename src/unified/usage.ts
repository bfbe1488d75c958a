// In charge of token accounting in one convention.
/**
 * `inputTokens` counts the whole prompt INCLUDING cache reads and writes
 * (OpenAI/Gemini/Ollama convention). Claude's `input_tokens` excludes them, so
 * the Claude codec adds/subtracts `cacheReadTokens` and `cacheWriteTokens`.
 */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
  reasoningTokens?: number;
  /** True when ccproxy estimated the numbers instead of the upstream counting them. */
  estimated?: boolean;
}

export function emptyUsage(): Usage {
  return { inputTokens: 0, outputTokens: 0 };
}

/** Later non-zero fields win: streams report usage piecemeal (Claude message_start + message_delta). */
export function mergeUsage(base: Usage | undefined, next: Partial<Usage>): Usage {
  const out: Usage = { ...(base ?? emptyUsage()) };
  for (const key of ["inputTokens", "outputTokens", "cacheReadTokens", "cacheWriteTokens", "reasoningTokens"] as const) {
    const value = next[key];
    if (typeof value === "number" && (value > 0 || out[key] === undefined)) out[key] = value;
  }
  if (next.estimated !== undefined) out.estimated = next.estimated;
  return out;
}
