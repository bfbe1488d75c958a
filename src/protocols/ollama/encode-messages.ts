// In charge of turning unified messages into Ollama chat messages (tool results as role "tool", images as bare base64).
import type { AssistantContent, ImagePart, TextPart, UnifiedMessage, UserContent } from "../../unified/content.ts";
import type { Warning } from "../../unified/warnings.ts";
import type { OllamaMessage, OllamaToolCall } from "./wire-types.ts";

/** Call id → tool name, so results without a name still get Ollama's `tool_name`. */
type CallNames = Map<string, string>;

function joinText(parts: ReadonlyArray<TextPart>): string {
  return parts.map((part) => part.text).join("\n");
}

function base64Of(image: ImagePart, where: string, warnings: Warning[]): string | null {
  if (image.source.kind === "base64") return image.source.data;
  // The pipeline inlines URL images before encoding for Ollama; one left over cannot be sent.
  warnings.push({ feature: "image.url", detail: `${where}: Ollama accepts only inline base64 images; URL image dropped` });
  return null;
}

function userMessage(texts: TextPart[], images: ImagePart[], warnings: Warning[]): OllamaMessage {
  const message: OllamaMessage = { role: "user", content: joinText(texts) };
  const data = images.map((image) => base64Of(image, "user message", warnings)).filter((item): item is string => item !== null);
  if (data.length > 0) message.images = data;
  return message;
}

function encodeUser(content: UserContent[], names: CallNames, warnings: Warning[]): OllamaMessage[] {
  const out: OllamaMessage[] = [];
  let texts: TextPart[] = [];
  let images: ImagePart[] = [];
  const flush = () => {
    if (texts.length > 0 || images.length > 0) out.push(userMessage(texts, images, warnings));
    texts = [];
    images = [];
  };
  for (const part of content) {
    switch (part.type) {
      case "text":
        texts.push(part);
        break;
      case "image":
        images.push(part);
        break;
      case "tool-result": {
        // Ollama wants one role:"tool" message per result, in the order the results stood.
        flush();
        const tool: OllamaMessage = { role: "tool", content: joinText(part.content.filter((item): item is TextPart => item.type === "text")) };
        const name = part.name ?? names.get(part.callId);
        if (name) tool.tool_name = name;
        tool.tool_call_id = part.callId;
        if (part.content.some((item) => item.type === "image")) {
          warnings.push({ feature: "tool_result.image", detail: `tool result ${part.callId}: Ollama tool messages carry text only; image dropped` });
        }
        if (part.isError) warnings.push({ feature: "tool_result.is_error", detail: `tool result ${part.callId}: Ollama has no error flag; sent as a plain result` });
        out.push(tool);
        break;
      }
      default: {
        const unreachable: never = part;
        return unreachable;
      }
    }
  }
  flush();
  return out;
}

function encodeAssistant(content: AssistantContent[], names: CallNames, warnings: Warning[]): OllamaMessage {
  const texts: TextPart[] = [];
  const thinking: string[] = [];
  const calls: OllamaToolCall[] = [];
  for (const part of content) {
    switch (part.type) {
      case "text":
        texts.push(part);
        break;
      case "reasoning":
        // Ollama has no signatures: the text is kept, a foreign signature is not ours to send.
        if (part.text) thinking.push(part.text);
        else if (part.redactedData) warnings.push({ feature: "reasoning.redacted", detail: "redacted reasoning cannot be sent to Ollama; dropped" });
        break;
      case "tool-call":
        names.set(part.id, part.name);
        calls.push({ id: part.id, function: { index: calls.length, name: part.name, arguments: part.arguments } });
        break;
      default: {
        const unreachable: never = part;
        return unreachable;
      }
    }
  }
  const message: OllamaMessage = { role: "assistant", content: texts.map((part) => part.text).join("") };
  if (thinking.length > 0) message.thinking = thinking.join("\n");
  if (calls.length > 0) message.tool_calls = calls;
  return message;
}

export function encodeMessages(system: TextPart[], messages: UnifiedMessage[], warnings: Warning[]): OllamaMessage[] {
  const out: OllamaMessage[] = system.map((part) => ({ role: "system", content: part.text }));
  const names: CallNames = new Map();
  for (const message of messages) {
    switch (message.role) {
      case "system":
        out.push({ role: "system", content: joinText(message.content) });
        break;
      case "user":
        out.push(...encodeUser(message.content, names, warnings));
        break;
      case "assistant":
        out.push(encodeAssistant(message.content, names, warnings));
        break;
      default: {
        const unreachable: never = message;
        return unreachable;
      }
    }
  }
  return out;
}
