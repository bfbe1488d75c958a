// In charge of turning Chat Completions `messages` into the unified system prompt and message list.
import type { AssistantContent, ImagePart, TextPart, ToolCallPart, UnifiedMessage, UserContent } from "../../unified/content.ts";
import { invalidRequest } from "../../unified/errors.ts";
import type { Warning } from "../../unified/warnings.ts";
import { argumentsObject, isRecord } from "../shared/json.ts";
import { parseDataUrl } from "../shared/media-type.ts";

/** Per-request bookkeeping while walking the messages in order. */
interface DecodeState {
  system: TextPart[];
  messages: UnifiedMessage[];
  warnings: Warning[];
  /** Still inside the leading run of system/developer messages. */
  leading: boolean;
  /** tool_call_id → tool name, from earlier assistant messages (tool messages carry no name; Gemini needs it). */
  callNames: Map<string, string>;
  /** Legacy function_call ids not yet answered, per function name. */
  legacyCalls: Map<string, string[]>;
  /** The unified user message collecting the current run of tool messages, if the previous message was one. */
  openResults: UserContent[] | null;
}

function textPart(text: string): TextPart {
  return { type: "text", text };
}

/** A wire text part; OpenRouter's Anthropic-style `cache_control` marker is kept for Claude upstreams. */
function wireTextPart(part: Record<string, unknown>): TextPart {
  const text = textPart(typeof part.text === "string" ? part.text : "");
  const marker = part.cache_control;
  if (isRecord(marker) && marker.type === "ephemeral") text.cacheControl = typeof marker.ttl === "string" ? { type: "ephemeral", ttl: marker.ttl } : { type: "ephemeral" };
  return text;
}

/** Content of system, developer and tool messages: a string or text parts. */
function textContent(content: unknown, path: string, warnings: Warning[]): TextPart[] {
  if (content === undefined || content === null) return [];
  if (typeof content === "string") return content === "" ? [] : [textPart(content)];
  if (!Array.isArray(content)) throw invalidRequest(`${path}: expected a string or an array of content parts`);
  const parts: TextPart[] = [];
  content.forEach((part: unknown, index) => {
    if (!isRecord(part)) throw invalidRequest(`${path}[${index}]: expected an object`);
    if (part.type === "text") {
      if (typeof part.text !== "string") throw invalidRequest(`${path}[${index}].text: expected a string`);
      if (part.text !== "") parts.push(wireTextPart(part));
      return;
    }
    warnings.push({ feature: `content:${String(part.type)}`, detail: `${path}[${index}]: only text parts are allowed here; dropped` });
  });
  return parts;
}

function imagePart(part: Record<string, unknown>, path: string): ImagePart {
  // The API sends {url, detail}; a few clients send the URL string directly.
  const imageUrl = part.image_url;
  const url = typeof imageUrl === "string" ? imageUrl : isRecord(imageUrl) ? imageUrl.url : undefined;
  if (typeof url !== "string" || url === "") throw invalidRequest(`${path}.image_url.url: expected a string`);
  const data = parseDataUrl(url);
  const image: ImagePart = { type: "image", source: data ? { kind: "base64", mediaType: data.mediaType, data: data.data } : { kind: "url", url } };
  if (isRecord(imageUrl) && typeof imageUrl.detail === "string") image.detail = imageUrl.detail;
  return image;
}

/** Content of user messages (and tool results, which may carry images on some servers). */
function userContent(content: unknown, path: string, warnings: Warning[]): Array<TextPart | ImagePart> {
  if (content === undefined || content === null) return [];
  if (typeof content === "string") return content === "" ? [] : [textPart(content)];
  if (!Array.isArray(content)) throw invalidRequest(`${path}: expected a string or an array of content parts`);
  const parts: Array<TextPart | ImagePart> = [];
  content.forEach((part: unknown, index) => {
    const partPath = `${path}[${index}]`;
    if (!isRecord(part)) throw invalidRequest(`${partPath}: expected an object`);
    if (part.type === "text") {
      if (typeof part.text !== "string") throw invalidRequest(`${partPath}.text: expected a string`);
      if (part.text !== "") parts.push(wireTextPart(part));
    } else if (part.type === "image_url") {
      parts.push(imagePart(part, partPath));
    } else {
      const kind = typeof part.type === "string" ? part.type : "unknown";
      warnings.push({ feature: `content:${kind}`, detail: `${partPath}: '${kind}' content is not supported on the converted path; dropped` });
    }
  });
  return parts;
}

function decodeToolCall(value: unknown, path: string, fallbackId: string, state: DecodeState): ToolCallPart | null {
  if (!isRecord(value)) throw invalidRequest(`${path}: expected an object`);
  if (value.type !== undefined && value.type !== "function") {
    state.warnings.push({ feature: `tool_call:${String(value.type)}`, detail: `${path}: only function tool calls are supported; dropped` });
    return null;
  }
  const fn = value.function;
  if (!isRecord(fn) || typeof fn.name !== "string") throw invalidRequest(`${path}.function.name: expected a string`);
  if (value.id !== undefined && typeof value.id !== "string") throw invalidRequest(`${path}.id: expected a string`);
  const id = typeof value.id === "string" && value.id !== "" ? value.id : fallbackId;
  state.callNames.set(id, fn.name);
  return { type: "tool-call", id, name: fn.name, arguments: argumentsObject(fn.arguments) };
}

/** DeepSeek and vLLM send `reasoning_content`, OpenRouter and newer vLLM `reasoning`. Neither has a signature. */
function reasoningText(message: Record<string, unknown>, path: string): string | undefined {
  const value = message.reasoning_content ?? message.reasoning;
  if (value === undefined || value === null || isRecord(value)) return undefined;
  if (typeof value !== "string") throw invalidRequest(`${path}.reasoning_content: expected a string`);
  return value === "" ? undefined : value;
}

function assistantContent(content: unknown, path: string): AssistantContent[] {
  if (content === undefined || content === null) return [];
  if (typeof content === "string") return content === "" ? [] : [textPart(content)];
  if (!Array.isArray(content)) throw invalidRequest(`${path}: expected a string, null or an array of content parts`);
  const parts: AssistantContent[] = [];
  content.forEach((part: unknown, index) => {
    if (!isRecord(part)) throw invalidRequest(`${path}[${index}]: expected an object`);
    const text = part.type === "refusal" ? part.refusal : part.text;
    if (typeof text !== "string") throw invalidRequest(`${path}[${index}]: expected a text or refusal part`);
    if (text !== "") parts.push(textPart(text));
  });
  return parts;
}

function decodeAssistant(message: Record<string, unknown>, index: number, state: DecodeState): void {
  const path = `messages[${index}]`;
  const content: AssistantContent[] = [];
  const reasoning = reasoningText(message, path);
  if (reasoning !== undefined) content.push({ type: "reasoning", text: reasoning });
  content.push(...assistantContent(message.content, `${path}.content`));
  if (typeof message.refusal === "string" && message.refusal !== "") content.push(textPart(message.refusal));
  if (message.tool_calls !== undefined && message.tool_calls !== null) {
    if (!Array.isArray(message.tool_calls)) throw invalidRequest(`${path}.tool_calls: expected an array`);
    message.tool_calls.forEach((call: unknown, callIndex) => {
      const part = decodeToolCall(call, `${path}.tool_calls[${callIndex}]`, `call_${index}_${callIndex}`, state);
      if (part) content.push(part);
    });
  }
  if (isRecord(message.function_call)) {
    // Legacy single function call: give it a deterministic id so the `function` message can link to it.
    const call = decodeToolCall({ function: message.function_call }, `${path}.function_call`, `call_legacy_${index}`, state);
    if (call) {
      content.push(call);
      state.legacyCalls.set(call.name, [...(state.legacyCalls.get(call.name) ?? []), call.id]);
    }
  }
  if (message.audio !== undefined && message.audio !== null) {
    state.warnings.push({ feature: "message.audio", detail: `${path}.audio: audio replies cannot be converted; dropped` });
  }
  state.messages.push({ role: "assistant", content });
}

/** Consecutive tool (and legacy function) messages form one unified user message, as Claude and Gemini need. */
function pushResult(state: DecodeState, part: UserContent): void {
  if (state.openResults) {
    state.openResults.push(part);
    return;
  }
  const content: UserContent[] = [part];
  state.messages.push({ role: "user", content });
  state.openResults = content;
}

function decodeTool(message: Record<string, unknown>, index: number, state: DecodeState): void {
  const path = `messages[${index}]`;
  if (typeof message.tool_call_id !== "string") throw invalidRequest(`${path}.tool_call_id: expected a string`);
  const callId = message.tool_call_id;
  const name = state.callNames.get(callId) ?? (typeof message.name === "string" ? message.name : undefined);
  const content = userContent(message.content, `${path}.content`, state.warnings);
  pushResult(state, name === undefined ? { type: "tool-result", callId, content } : { type: "tool-result", callId, name, content });
}

function decodeFunctionResult(message: Record<string, unknown>, index: number, state: DecodeState): void {
  const path = `messages[${index}]`;
  if (typeof message.name !== "string") throw invalidRequest(`${path}.name: expected a string`);
  const pending = state.legacyCalls.get(message.name) ?? [];
  const callId = pending.shift() ?? `call_legacy_${message.name}`;
  const content = userContent(message.content, `${path}.content`, state.warnings);
  pushResult(state, { type: "tool-result", callId, name: message.name, content });
}

function decodeOne(message: Record<string, unknown>, index: number, state: DecodeState): void {
  const role = message.role;
  const path = `messages[${index}]`;
  if (role === "system" || role === "developer") {
    const parts = textContent(message.content, `${path}.content`, state.warnings);
    if (state.leading) state.system.push(...parts);
    else if (parts.length > 0) state.messages.push({ role: "system", content: parts });
    state.openResults = null;
    return;
  }
  state.leading = false;
  if (role === "tool") return decodeTool(message, index, state);
  if (role === "function") return decodeFunctionResult(message, index, state);
  state.openResults = null;
  if (role === "user") {
    state.messages.push({ role: "user", content: userContent(message.content, `${path}.content`, state.warnings) });
  } else if (role === "assistant") {
    decodeAssistant(message, index, state);
  } else if (typeof role === "string") {
    throw invalidRequest(`${path}.role: unknown role '${role}'`);
  } else {
    throw invalidRequest(`${path}.role: expected a string`);
  }
}

export function decodeMessages(messages: unknown[], warnings: Warning[]): { system: TextPart[]; messages: UnifiedMessage[] } {
  const state: DecodeState = { system: [], messages: [], warnings, leading: true, callNames: new Map(), legacyCalls: new Map(), openResults: null };
  messages.forEach((message: unknown, index) => {
    if (!isRecord(message)) throw invalidRequest(`messages[${index}]: expected an object`);
    decodeOne(message, index, state);
  });
  return { system: state.system, messages: state.messages };
}
