// In charge of protocol-only extras that have no place in the shared model (the "rule of 3").
/**
 * A codec reads only its own namespace when encoding, so these survive a
 * same-protocol hop through the unified path (compat mode) and are ignored
 * elsewhere.
 */
export interface Extensions {
  openai?: {
    /** stream_options.include_usage: the client wants the final usage chunk. */
    includeUsage?: boolean;
    logprobs?: boolean;
    topLogprobs?: number;
    n?: number;
    serviceTier?: string;
    metadata?: Record<string, string>;
    store?: boolean;
  };
  claude?: {
    /** Claude-only body fields kept verbatim (metadata, context_management, output_config, container, mcp_servers …). */
    passthrough?: Record<string, unknown>;
    /** Whether `system` was sent as a string (re-encode the same way). */
    systemAsString?: boolean;
    /**
     * Claude Code's `x-anthropic-billing-header: …` system block. It changes between requests,
     * so other upstreams never see it (it would defeat their prompt caching); a Claude upstream
     * gets it back first.
     */
    billingHeader?: string;
  };
  gemini?: {
    safetySettings?: unknown[];
    cachedContent?: string;
    /** Client asked for the SSE stream (`alt=sse`) rather than the streamed JSON array. */
    sse?: boolean;
    responseModalities?: string[];
    candidateCount?: number;
  };
  responses?: {
    /** Responses-only body fields kept verbatim (include, prompt_cache_key, truncation, service_tier, metadata, text.verbosity …). */
    passthrough?: Record<string, unknown>;
    /**
     * Unified tool name → the client's own name for tools that were flattened on decode:
     * functions inside a `namespace` tool and custom (freeform) tools.
     */
    toolNames?: Record<string, { name: string; namespace?: string; custom?: boolean; format?: unknown }>;
    /** Namespace tool descriptions by namespace name (to rebuild the namespace for Responses upstreams). */
    namespaces?: Record<string, string>;
    /** Hosted tools (web_search, file_search …) only a Responses upstream can run, kept verbatim. */
    hostedTools?: Array<Record<string, unknown>>;
  };
  ollama?: {
    keepAlive?: string | number;
    /** Ollama `options` fields we do not model (num_ctx, repeat_penalty, mirostat …), passed on to Ollama upstreams. */
    options?: Record<string, unknown>;
    raw?: boolean;
  };
}
