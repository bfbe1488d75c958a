// In charge of what the server hands the pipeline and what the pipeline needs around it.
import type { Runtime } from "../config/runtime.ts";
import type { GroupConfig } from "../config/schema.ts";
import type { ProtocolCodec } from "../protocols/codec.ts";
import type { Health } from "../routing/health.ts";
import type { RoundRobin } from "../routing/rotation.ts";
import type { ToolModeMemory } from "../routing/tool-mode.ts";
import type { Logger } from "../server/logger.ts";
import type { Store } from "../store/types.ts";
import type { ProtocolName } from "../unified/protocol.ts";
import type { Metrics } from "./metrics.ts";

export interface PipelineDeps {
  runtime: Runtime;
  store: Store;
  rotation: RoundRobin;
  health: Health;
  toolModes: ToolModeMemory;
  metrics: Metrics;
  logger: Logger;
}

export interface ChatInput {
  clientProtocol: ProtocolName;
  /**
   * The codec that decodes the client's body and encodes the answer, when it is not the
   * protocol's chat codec (Ollama /api/generate). Such requests always take the unified path.
   */
  client?: ProtocolCodec;
  body: unknown;
  /** The body's JSON text as received (passthrough forwards it with only the model swapped). */
  rawBody?: string;
  /** Gemini: model and stream come from the path; `sse` from `?alt=sse`. */
  pathModel?: string;
  stream?: boolean;
  sse?: boolean;
  group: GroupConfig;
  /** The path asked for compat mode. */
  compat: boolean;
  headers: Headers;
  /** Aborts when the client disconnects. */
  signal: AbortSignal;
  requestId: string;
  keyName?: string;
  /** performance.now() when the request arrived. */
  startedAt: number;
}
