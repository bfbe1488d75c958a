// In charge of removing, before a Claude→Claude passthrough, thinking blocks that no Anthropic model signed.
import { isObject } from "../shared/policy.ts";

/**
 * Reasoning from another protocol reaches Claude clients as `thinking` blocks with
 * `signature: ""` (the SDK requires the field; ccproxy never forges one). Sent back to
 * Anthropic they would be rejected, so they are dropped here, as the unified path drops them.
 */
export function prepareClaudePassthrough(body: Record<string, unknown>): Record<string, unknown> {
  const messages = body.messages;
  if (!Array.isArray(messages)) return body;
  let changed = false;
  const cleaned = messages.map((message) => {
    if (!isObject(message) || message.role !== "assistant" || !Array.isArray(message.content)) return message;
    const content = message.content.filter((block) => !(isObject(block) && block.type === "thinking" && !block.signature));
    if (content.length === message.content.length) return message;
    changed = true;
    return { ...message, content: content.length > 0 ? content : [{ type: "text", text: "(no content)" }] };
  });
  return changed ? { ...body, messages: cleaned } : body;
}
