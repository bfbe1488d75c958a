// In charge of the protocol-neutral complete (non-streamed) answer.
import type { AssistantContent } from "./content.ts";
import type { FinishReason } from "./finish-reason.ts";
import type { Usage } from "./usage.ts";

export interface UnifiedResponse {
  /** Upstream id when it has one; encoders create their own shape when it does not fit. */
  id?: string;
  /** The upstream model; the pipeline sets it to the client's alias before encoding. */
  model: string;
  content: AssistantContent[];
  finishReason: FinishReason;
  usage: Usage;
}
