// In charge of UnifiedResponse → the GenerateContentResponse a Gemini client reads.
import type { EncodeClientContext } from "../codec.ts";
import type { UnifiedResponse } from "../../unified/response.ts";
import { encodeAssistantParts } from "./encode-parts.ts";
import { finishReasonToWire } from "./map-finish-reason.ts";
import { metadataFromUsage } from "./usage.ts";
import type { GeminiResponseBody } from "./wire-types.ts";

/**
 * Calls carry their `id` (Gemini CLI matches its functionResponse by id);
 * thoughtSignature only when it came from Gemini. The model shown is the
 * client's alias.
 */
export function encodeResponse(response: UnifiedResponse, context: EncodeClientContext): Record<string, unknown> {
  const parts = encodeAssistantParts(response.content, { target: "client" }, []);
  const hasToolCalls = response.content.some((part) => part.type === "tool-call");
  const body: GeminiResponseBody = {
    candidates: [{ content: { role: "model", parts }, finishReason: finishReasonToWire(response.finishReason, hasToolCalls), index: 0 }],
    usageMetadata: metadataFromUsage(response.usage),
    modelVersion: context.model,
    responseId: response.id ?? context.newId(""),
  };
  return { ...body };
}
