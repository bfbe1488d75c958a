// In charge of turning unified messages into Responses `input` items for a Responses upstream.
import type { AssistantContent, ImagePart, TextPart, UnifiedMessage, UserContent } from "../../unified/content.ts";
import type { Extensions } from "../../unified/extensions.ts";
import type { Warning } from "../../unified/warnings.ts";
import { toDataUrl } from "../shared/media-type.ts";
import { unpackSignature } from "./signature.ts";
import type { WireInputContent, WireInputItem } from "./wire-types.ts";

type ToolNames = NonNullable<NonNullable<Extensions["responses"]>["toolNames"]>;

/** What the encoder dropped along the way, reported once per request. */
interface DropCounts {
  signatures: number;
  reasoning: number;
}

function joinText(parts: ReadonlyArray<{ type: string; text?: string }>, separator: string): string {
  const texts: string[] = [];
  for (const part of parts) if (part.type === "text" && part.text) texts.push(part.text);
  return texts.join(separator);
}

function inputContent(parts: Array<TextPart | ImagePart>): WireInputContent[] {
  return parts.map((part): WireInputContent => {
    if (part.type === "text") return { type: "input_text", text: part.text };
    const url = part.source.kind === "base64" ? toDataUrl(part.source.mediaType, part.source.data) : part.source.url;
    return { type: "input_image", image_url: url, detail: part.detail ?? "auto" };
  });
}

/** Tool outputs are their own items; they come first, right after the calls they answer. */
function encodeUser(content: UserContent[], names: ToolNames, warnings: Warning[]): WireInputItem[] {
  const out: WireInputItem[] = [];
  const own: Array<TextPart | ImagePart> = [];
  for (const part of content) {
    if (part.type !== "tool-result") {
      own.push(part);
      continue;
    }
    const custom = part.name !== undefined && names[part.name]?.custom === true;
    const hasImages = part.content.some((item) => item.type === "image");
    if (custom) out.push({ type: "custom_tool_call_output", call_id: part.callId, output: joinText(part.content, "\n") });
    else out.push({ type: "function_call_output", call_id: part.callId, output: hasImages ? inputContent(part.content) : joinText(part.content, "\n") });
    if (part.isError) warnings.push({ feature: "tool_result.is_error", detail: `tool result ${part.callId}: the error flag has no Responses field; content sent as is` });
  }
  if (own.length > 0) out.push({ type: "message", role: "user", content: inputContent(own) });
  return out;
}

function encodeReasoning(part: Extract<AssistantContent, { type: "reasoning" }>, context: { newId(prefix: string): string }, drops: DropCounts): WireInputItem | null {
  // With store:false a reasoning item is only accepted with its own encrypted_content; others' reasoning cannot go back.
  if (part.signatureProtocol !== "openai-responses" || part.signature === undefined) {
    if (part.signature !== undefined || part.redactedData !== undefined) drops.signatures++;
    else if (part.text !== "") drops.reasoning++;
    return null;
  }
  const signature = unpackSignature(part.signature);
  return {
    type: "reasoning",
    id: signature.id ?? context.newId("rs_"),
    summary: part.text === "" ? [] : [{ type: "summary_text", text: part.text }],
    encrypted_content: signature.encryptedContent,
  };
}

function encodeAssistant(content: AssistantContent[], names: ToolNames, context: { newId(prefix: string): string }, drops: DropCounts): WireInputItem[] {
  const out: WireInputItem[] = [];
  let text: string[] = [];
  const flushText = () => {
    if (text.length > 0) out.push({ type: "message", role: "assistant", content: [{ type: "output_text", text: text.join(""), annotations: [] }] });
    text = [];
  };
  for (const part of content) {
    if (part.type === "text") {
      if (part.text) text.push(part.text);
      continue;
    }
    flushText();
    if (part.type === "reasoning") {
      const item = encodeReasoning(part, context, drops);
      if (item) out.push(item);
      continue;
    }
    if (part.signature !== undefined) drops.signatures++;
    const client = names[part.name];
    if (client?.custom) {
      const input = part.arguments.input;
      out.push({ type: "custom_tool_call", call_id: part.id, name: client.name, input: typeof input === "string" ? input : JSON.stringify(part.arguments) });
    } else {
      const call: Extract<WireInputItem, { type: "function_call" }> = { type: "function_call", call_id: part.id, name: client?.name ?? part.name, arguments: JSON.stringify(part.arguments) };
      if (client?.namespace !== undefined) call.namespace = client.namespace;
      out.push(call);
    }
  }
  flushText();
  return out;
}

function encodeMessage(message: UnifiedMessage, names: ToolNames, context: { newId(prefix: string): string }, warnings: Warning[], drops: DropCounts): WireInputItem[] {
  switch (message.role) {
    case "system":
      return [{ type: "message", role: "system", content: [{ type: "input_text", text: joinText(message.content, "\n\n") }] }];
    case "user":
      return encodeUser(message.content, names, warnings);
    case "assistant":
      return encodeAssistant(message.content, names, context, drops);
    default: {
      const unreachable: never = message;
      return unreachable;
    }
  }
}

export function encodeInput(messages: UnifiedMessage[], extensions: Extensions, context: { newId(prefix: string): string }, warnings: Warning[]): WireInputItem[] {
  const names: ToolNames = extensions.responses?.toolNames ?? {};
  const drops: DropCounts = { signatures: 0, reasoning: 0 };
  const out: WireInputItem[] = [];
  for (const message of messages) out.push(...encodeMessage(message, names, context, warnings, drops));
  if (drops.signatures > 0) warnings.push({ feature: "thinking.signature", detail: `${drops.signatures} reasoning/tool-call signature(s) from another protocol dropped` });
  if (drops.reasoning > 0) warnings.push({ feature: "reasoning", detail: `${drops.reasoning} reasoning part(s) without encrypted_content dropped from history (the Responses API cannot take them back)` });
  return out;
}
