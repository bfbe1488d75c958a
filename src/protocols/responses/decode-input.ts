// In charge of turning Responses `input` items into the unified system prompt and message list.
import type { AssistantContent, ImagePart, TextPart, UnifiedMessage, UserContent } from "../../unified/content.ts";
import { invalidRequest } from "../../unified/errors.ts";
import type { Warning } from "../../unified/warnings.ts";
import { argumentsObject, isRecord } from "../shared/json.ts";
import { parseDataUrl } from "../shared/media-type.ts";
import { packSignature } from "./signature.ts";
import { reverseLookup, type ToolNameMap } from "./tool-names.ts";

/** Per-request bookkeeping while walking the items in order. */
interface InputState {
  system: TextPart[];
  messages: UnifiedMessage[];
  warnings: Warning[];
  names: ToolNameMap;
  /** Still inside the leading run of system/developer messages. */
  leading: boolean;
  /** call_id → unified tool name (outputs carry no name; Gemini needs it). */
  callNames: Map<string, string>;
  /** The assistant turn being collected: reasoning, message and call items of one answer form one message. */
  assistant: AssistantContent[] | null;
  /** The user message collecting the current run of tool outputs. */
  results: UserContent[] | null;
}

function textPart(text: string): TextPart {
  return { type: "text", text };
}

function requireString(value: unknown, path: string): string {
  if (typeof value !== "string") throw invalidRequest(`${path}: expected a string`);
  return value;
}

function imagePart(part: Record<string, unknown>, path: string, warnings: Warning[]): ImagePart | null {
  const url = part.image_url;
  if (typeof url !== "string" || url === "") {
    // file_id images live in OpenAI's file store, which no other upstream can read.
    warnings.push({ feature: "content:input_image.file_id", detail: `${path}: images by file_id cannot be converted; dropped` });
    return null;
  }
  const data = parseDataUrl(url);
  const image: ImagePart = { type: "image", source: data ? { kind: "base64", mediaType: data.mediaType, data: data.data } : { kind: "url", url } };
  if (typeof part.detail === "string" && part.detail !== "auto") image.detail = part.detail;
  return image;
}

/** User-side content (messages and tool outputs): a string or input_text / input_image parts. */
function userParts(content: unknown, path: string, warnings: Warning[]): Array<TextPart | ImagePart> {
  if (typeof content === "string") return content === "" ? [] : [textPart(content)];
  if (!Array.isArray(content)) throw invalidRequest(`${path}: expected a string or an array of content parts`);
  const parts: Array<TextPart | ImagePart> = [];
  content.forEach((part: unknown, index) => {
    const partPath = `${path}[${index}]`;
    if (!isRecord(part)) throw invalidRequest(`${partPath}: expected an object`);
    // output_text / text appear when clients replay earlier answers as user-side content.
    if (part.type === "input_text" || part.type === "output_text" || part.type === "text") {
      const text = requireString(part.text, `${partPath}.text`);
      if (text !== "") parts.push(textPart(text));
    } else if (part.type === "input_image") {
      const image = imagePart(part, partPath, warnings);
      if (image) parts.push(image);
    } else {
      const kind = typeof part.type === "string" ? part.type : "unknown";
      warnings.push({ feature: `content:${kind}`, detail: `${partPath}: '${kind}' content is not supported on the converted path; dropped` });
    }
  });
  return parts;
}

function textOnly(content: unknown, path: string, warnings: Warning[]): TextPart[] {
  const parts = userParts(content, path, warnings);
  const texts = parts.filter((part): part is TextPart => part.type === "text");
  if (texts.length < parts.length) warnings.push({ feature: "content:image", detail: `${path}: images are not allowed in system messages; dropped` });
  return texts;
}

function assistantParts(content: unknown, path: string): TextPart[] {
  if (typeof content === "string") return content === "" ? [] : [textPart(content)];
  if (!Array.isArray(content)) throw invalidRequest(`${path}: expected a string or an array of content parts`);
  const parts: TextPart[] = [];
  content.forEach((part: unknown, index) => {
    if (!isRecord(part)) throw invalidRequest(`${path}[${index}]: expected an object`);
    const text = part.type === "refusal" ? part.refusal : part.text;
    if (typeof text !== "string") throw invalidRequest(`${path}[${index}]: expected an output_text or refusal part`);
    if (text !== "") parts.push(textPart(text));
  });
  return parts;
}

function openAssistant(state: InputState): AssistantContent[] {
  state.results = null;
  state.leading = false;
  if (!state.assistant) {
    state.assistant = [];
    state.messages.push({ role: "assistant", content: state.assistant });
  }
  return state.assistant;
}

/** Consecutive outputs form one unified user message, as Claude and Gemini need. */
function pushResult(state: InputState, part: UserContent): void {
  state.assistant = null;
  state.leading = false;
  if (state.results) {
    state.results.push(part);
    return;
  }
  state.results = [part];
  state.messages.push({ role: "user", content: state.results });
}

function decodeMessage(item: Record<string, unknown>, path: string, state: InputState): void {
  const role = item.role;
  if (role === "system" || role === "developer") {
    const parts = textOnly(item.content, `${path}.content`, state.warnings);
    state.assistant = null;
    state.results = null;
    if (state.leading) state.system.push(...parts);
    else if (parts.length > 0) state.messages.push({ role: "system", content: parts });
    return;
  }
  if (role === "assistant") {
    openAssistant(state).push(...assistantParts(item.content, `${path}.content`));
    return;
  }
  if (role === "user") {
    state.assistant = null;
    state.results = null;
    state.leading = false;
    state.messages.push({ role: "user", content: userParts(item.content, `${path}.content`, state.warnings) });
    return;
  }
  if (typeof role === "string") throw invalidRequest(`${path}.role: unknown role '${role}'`);
  throw invalidRequest(`${path}.role: expected a string`);
}

function decodeFunctionCall(item: Record<string, unknown>, path: string, state: InputState, custom: boolean): void {
  const callId = requireString(item.call_id, `${path}.call_id`);
  const name = requireString(item.name, `${path}.name`);
  const unifiedName = reverseLookup(state.names, name, item.namespace);
  const args = custom ? { input: typeof item.input === "string" ? item.input : "" } : argumentsObject(item.arguments);
  state.callNames.set(callId, unifiedName);
  openAssistant(state).push({ type: "tool-call", id: callId, name: unifiedName, arguments: args });
}

function decodeOutput(item: Record<string, unknown>, path: string, state: InputState): void {
  const callId = requireString(item.call_id, `${path}.call_id`);
  const output = item.output ?? "";
  const content = userParts(output, `${path}.output`, state.warnings);
  const name = state.callNames.get(callId);
  pushResult(state, name === undefined ? { type: "tool-result", callId, content } : { type: "tool-result", callId, name, content });
}

function joinTexts(value: unknown): string {
  if (!Array.isArray(value)) return "";
  const texts: string[] = [];
  for (const part of value) if (isRecord(part) && typeof part.text === "string" && part.text !== "") texts.push(part.text);
  return texts.join("\n\n");
}

/** Summaries (or, from open-weight models, `reasoning_text` content) become the text; encrypted_content the signature. */
function decodeReasoning(item: Record<string, unknown>, path: string, state: InputState): void {
  const text = joinTexts(item.summary) || joinTexts(item.content);
  const encrypted = typeof item.encrypted_content === "string" && item.encrypted_content !== "" ? item.encrypted_content : undefined;
  if (encrypted === undefined && text === "") {
    state.warnings.push({ feature: "reasoning", detail: `${path}: a reasoning item without encrypted_content or summary refers to server-side state; dropped` });
    return;
  }
  const id = typeof item.id === "string" && item.id !== "" ? item.id : undefined;
  openAssistant(state).push(
    encrypted === undefined
      ? { type: "reasoning", text }
      : { type: "reasoning", text, signature: packSignature({ id, encryptedContent: encrypted }), signatureProtocol: "openai-responses" },
  );
}

function decodeItem(item: Record<string, unknown>, path: string, state: InputState): void {
  const type = item.type ?? (item.role !== undefined ? "message" : undefined);
  switch (type) {
    case "message":
      return decodeMessage(item, path, state);
    case "function_call":
      return decodeFunctionCall(item, path, state, false);
    case "custom_tool_call":
      return decodeFunctionCall(item, path, state, true);
    case "function_call_output":
    case "custom_tool_call_output":
      return decodeOutput(item, path, state);
    case "reasoning":
      return decodeReasoning(item, path, state);
    default:
      if (typeof type !== "string") throw invalidRequest(`${path}: expected a message (with a role) or an item with a type`);
      // Hosted-tool items (web_search_call, file_search_call …), item_reference, compaction: nothing else can replay them.
      state.warnings.push({ feature: `input:${type}`, detail: `${path}: '${type}' items are not carried across protocols; dropped` });
  }
}

export function decodeInput(input: unknown, names: ToolNameMap, warnings: Warning[]): { system: TextPart[]; messages: UnifiedMessage[] } {
  const state: InputState = { system: [], messages: [], warnings, names, leading: true, callNames: new Map(), assistant: null, results: null };
  if (typeof input === "string") {
    if (input === "") throw invalidRequest("input: must not be empty");
    state.messages.push({ role: "user", content: [textPart(input)] });
    return { system: state.system, messages: state.messages };
  }
  if (!Array.isArray(input)) throw invalidRequest("input: expected a string or an array of input items");
  input.forEach((item: unknown, index) => {
    if (!isRecord(item)) throw invalidRequest(`input[${index}]: expected an object`);
    decodeItem(item, `input[${index}]`, state);
  });
  return { system: state.system, messages: state.messages };
}
