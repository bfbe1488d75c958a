// In charge of turning a Claude Messages response body into a UnifiedResponse (pure).
import { argumentsObject, isRecord } from "../shared/json.ts";
import type { CodecContext } from "../codec.ts";
import type { AssistantContent } from "../../unified/content.ts";
import { ProxyError } from "../../unified/errors.ts";
import type { UnifiedResponse } from "../../unified/response.ts";
import { fromClaudeFinalStopReason } from "./map-finish-reason.ts";
import { fromClaudeUsage } from "./usage.ts";

/**
 * text, thinking, redacted_thinking and tool_use are kept. Server-side blocks
 * (server_tool_use, web_search_tool_result …) are results of tools Anthropic
 * already ran; the model's own text carries what the client needs.
 */
function decodeContentBlock(block: unknown): AssistantContent | undefined {
  if (!isRecord(block)) return undefined;
  switch (block.type) {
    case "text":
      return typeof block.text === "string" ? { type: "text", text: block.text } : undefined;
    case "thinking": {
      const text = typeof block.thinking === "string" ? block.thinking : "";
      const signature = typeof block.signature === "string" && block.signature !== "" ? block.signature : undefined;
      return signature ? { type: "reasoning", text, signature, signatureProtocol: "claude" } : { type: "reasoning", text };
    }
    case "redacted_thinking":
      return typeof block.data === "string" ? { type: "reasoning", text: "", redactedData: block.data, signatureProtocol: "claude" } : undefined;
    case "tool_use":
      if (typeof block.id !== "string" || typeof block.name !== "string") return undefined;
      return { type: "tool-call", id: block.id, name: block.name, arguments: argumentsObject(block.input) };
    default:
      return undefined;
  }
}

export function decodeResponse(body: unknown, _context: CodecContext): UnifiedResponse {
  if (!isRecord(body)) throw new ProxyError("upstream", "upstream answer is not a JSON object");
  if (body.type === "error") {
    const message = isRecord(body.error) && typeof body.error.message === "string" ? body.error.message : "upstream answered with an error";
    throw new ProxyError("upstream", message);
  }
  if (!Array.isArray(body.content)) throw new ProxyError("upstream", "upstream answer has no content array (not a Claude message)");
  const content: AssistantContent[] = [];
  for (const block of body.content) {
    const part = decodeContentBlock(block);
    if (part) content.push(part);
  }
  return {
    ...(typeof body.id === "string" ? { id: body.id } : {}),
    model: typeof body.model === "string" ? body.model : "",
    content,
    finishReason: fromClaudeFinalStopReason(body.stop_reason, content.some((part) => part.type === "tool-call")),
    usage: fromClaudeUsage(body.usage),
  };
}
