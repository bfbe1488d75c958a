// In charge of what the server hands the pipeline and what the pipeline needs around it.
import type { Runtime } from "../config/runtime.ts";
import type { GroupConfig } from "../config/schema.ts";
import type { RoundRobin } from "../routing/rotation.ts";
import type { Store } from "../store/types.ts";
import type { ProtocolName } from "../unified/protocol.ts";
import type { Logger } from "../server/logger.ts";

export interface PipelineDeps {
  runtime: Runtime;
  store: Store;
  rotation: RoundRobin;
  logger: Logger;
}

export interface ChatInput {
  clientProtocol: ProtocolName;
  body: unknown;
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
