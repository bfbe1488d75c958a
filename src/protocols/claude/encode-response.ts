// In charge of turning a UnifiedResponse into the Claude Messages answer a Claude client gets (pure).
import type { EncodeClientContext } from "../codec.ts";
import type { AssistantContent } from "../../unified/content.ts";
import type { UnifiedResponse } from "../../unified/response.ts";
import { toClaudeStopReason } from "./map-finish-reason.ts";
import { toClaudeUsage } from "./usage.ts";
import type { ClaudeAssistantBlock, ClaudeResponseBody } from "./wire.ts";

/** Keeps a Claude upstream's own msg_ id (same-protocol fidelity); anything else gets a fresh one. */
export function messageId(id: string | undefined, context: EncodeClientContext): string {
  return id !== undefined && /^msg_[A-Za-z0-9_-]+$/.test(id) ? id : context.newId("msg_");
}

/**
 * Reasoning is always shown as a `thinking` block. The SDK types make
 * `signature` a required string, so reasoning that has no Claude signature
 * (it came from another protocol) gets `signature: ""`: an empty string is
 * not a forged signature, and ccproxy's Claude decoder reads "" as "none", so
 * the block is dropped before history reaches a Claude upstream. (A client
 * sending that history straight to Anthropic would get a 400; ccproxy's
 * direct path should strip such blocks.)
 */
export function encodeAssistantBlock(part: AssistantContent, context: EncodeClientContext): ClaudeAssistantBlock | undefined {
  switch (part.type) {
    case "text":
      return part.text === "" ? undefined : { type: "text", text: part.text };
    case "reasoning": {
      if (part.signatureProtocol === "claude" && part.redactedData) return { type: "redacted_thinking", data: part.redactedData };
      const signature = part.signatureProtocol === "claude" && part.signature ? part.signature : "";
      if (part.text === "" && signature === "") return undefined;
      return { type: "thinking", thinking: part.text, signature };
    }
    case "tool-call":
      return { type: "tool_use", id: part.id || context.newId("toolu_"), name: part.name, input: part.arguments };
    default: {
      const unreachable: never = part;
      return unreachable;
    }
  }
}

/** `content: []` is a valid Claude answer (the SDK's `Message.content` is just an array), so nothing is padded in. */
export function encodeResponse(response: UnifiedResponse, context: EncodeClientContext): Record<string, unknown> {
  const id = messageId(response.id, context);
  const content: ClaudeAssistantBlock[] = [];
  for (const part of response.content) {
    const block = encodeAssistantBlock(part, context);
    if (block) content.push(block);
  }
  const body: ClaudeResponseBody = {
    id,
    type: "message",
    role: "assistant",
    model: context.model,
    content,
    stop_reason: toClaudeStopReason(response.finishReason, content.some((block) => block.type === "tool_use")),
    stop_sequence: null,
    usage: toClaudeUsage(response.usage),
  };
  return { ...body };
}
