// In charge of reading what a fake upstream received into one protocol-neutral view, so assertions read the same for all four.
import { isRecord } from "../../../src/protocols/shared/json.ts";
import type { RecordedRequest } from "../../fakes/scenario.ts";
import type { Four, Params, ToolChoiceSpec } from "./conversation.ts";

export type ViewPart =
  | { type: "text"; text: string }
  | { type: "image"; data?: string; url?: string; mediaType?: string }
  | { type: "reasoning"; text: string; signature?: string }
  | { type: "call"; id?: string; name: string; args: Record<string, unknown>; signature?: string }
  | { type: "result"; id?: string; name?: string; text: string; isError?: boolean };

export interface ViewMessage {
  role: "system" | "user" | "assistant" | "tool";
  parts: ViewPart[];
}

export interface UpstreamView {
  system: string[];
  messages: ViewMessage[];
  params: Params;
  format?: "json" | "text" | { schema: Record<string, unknown> };
  tools: Array<{ name: string; parameters: unknown }>;
  toolChoice?: ToolChoiceSpec;
  /** The thinking setting as the upstream's own field holds it. */
  thinking: unknown;
  body: Record<string, unknown>;
}

type Json = Record<string, unknown>;
const records = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isRecord) : []);
const str = (value: unknown): string => (typeof value === "string" ? value : "");

function params(source: Json, names: Record<keyof Params, string>): Params {
  const out: Params = {};
  for (const [key, wire] of Object.entries(names) as Array<[keyof Params, string]>) {
    const value = source[wire];
    if (key === "stop") {
      if (typeof value === "string") out.stop = [value];
      else if (Array.isArray(value)) out.stop = value.map(String);
    } else if (typeof value === "number") out[key] = value;
  }
  return out;
}

function openaiUserParts(content: unknown): ViewPart[] {
  if (typeof content === "string") return [{ type: "text", text: content }];
  return records(content).map((part): ViewPart => {
    if (part.type === "image_url") {
      const url = str(isRecord(part.image_url) ? part.image_url.url : part.image_url);
      const data = /^data:([^;]+);base64,(.*)$/.exec(url);
      return data ? { type: "image", mediaType: data[1], data: data[2] } : { type: "image", url };
    }
    return { type: "text", text: str(part.text) };
  });
}

function openaiView(body: Json): UpstreamView {
  const view: UpstreamView = { system: [], messages: [], params: params(body, { temperature: "temperature", topP: "top_p", topK: "top_k", maxTokens: body.max_tokens !== undefined ? "max_tokens" : "max_completion_tokens", stop: "stop", seed: "seed", presencePenalty: "presence_penalty", frequencyPenalty: "frequency_penalty" }), tools: [], thinking: body.reasoning_effort, body };
  let leading = true;
  for (const message of records(body.messages)) {
    if (leading && (message.role === "system" || message.role === "developer")) {
      view.system.push(str(message.content));
      continue;
    }
    leading = false;
    if (message.role === "system") view.messages.push({ role: "system", parts: [{ type: "text", text: str(message.content) }] });
    else if (message.role === "user") view.messages.push({ role: "user", parts: openaiUserParts(message.content) });
    else if (message.role === "tool") view.messages.push({ role: "tool", parts: [{ type: "result", id: str(message.tool_call_id), text: str(message.content) }] });
    else if (message.role === "assistant") {
      const parts: ViewPart[] = [];
      if (typeof message.reasoning_content === "string") parts.push({ type: "reasoning", text: message.reasoning_content });
      if (typeof message.content === "string") parts.push({ type: "text", text: message.content });
      for (const call of records(message.tool_calls)) {
        const fn = isRecord(call.function) ? call.function : {};
        parts.push({ type: "call", id: str(call.id), name: str(fn.name), args: JSON.parse(str(fn.arguments) || "{}") as Json });
      }
      view.messages.push({ role: "assistant", parts });
    }
  }
  const format = isRecord(body.response_format) ? body.response_format : undefined;
  if (format?.type === "json_object") view.format = "json";
  if (format?.type === "json_schema" && isRecord(format.json_schema)) view.format = { schema: format.json_schema.schema as Json };
  view.tools = records(body.tools).map((tool) => (isRecord(tool.function) ? { name: str(tool.function.name), parameters: tool.function.parameters } : { name: "", parameters: undefined }));
  const choice = body.tool_choice;
  if (typeof choice === "string") view.toolChoice = choice as ToolChoiceSpec;
  else if (isRecord(choice) && isRecord(choice.function)) view.toolChoice = { name: str(choice.function.name) };
  return view;
}

function claudeBlocks(content: unknown): ViewPart[] {
  if (typeof content === "string") return [{ type: "text", text: content }];
  return records(content).map((block): ViewPart => {
    switch (block.type) {
      case "image": {
        const source = isRecord(block.source) ? block.source : {};
        return source.type === "url" ? { type: "image", url: str(source.url) } : { type: "image", data: str(source.data), mediaType: str(source.media_type) };
      }
      case "tool_result": {
        const text = typeof block.content === "string" ? block.content : records(block.content).map((inner) => str(inner.text)).join("");
        return { type: "result", id: str(block.tool_use_id), text, ...(block.is_error === true ? { isError: true } : {}) };
      }
      case "thinking":
        return { type: "reasoning", text: str(block.thinking), signature: str(block.signature) };
      case "redacted_thinking":
        return { type: "reasoning", text: "", signature: str(block.data) };
      case "tool_use":
        return { type: "call", id: str(block.id), name: str(block.name), args: isRecord(block.input) ? block.input : {} };
      default:
        return { type: "text", text: str(block.text) };
    }
  });
}

function claudeView(body: Json): UpstreamView {
  const system = typeof body.system === "string" ? [body.system] : records(body.system).map((block) => str(block.text));
  const view: UpstreamView = { system, messages: [], params: params(body, { temperature: "temperature", topP: "top_p", topK: "top_k", maxTokens: "max_tokens", stop: "stop_sequences", seed: "seed", presencePenalty: "presence_penalty", frequencyPenalty: "frequency_penalty" }), tools: [], thinking: body.thinking, body };
  for (const message of records(body.messages)) {
    const role = message.role === "assistant" ? "assistant" : message.role === "system" ? "system" : "user";
    view.messages.push({ role, parts: claudeBlocks(message.content) });
  }
  const output = isRecord(body.output_config) ? body.output_config : {};
  if (isRecord(output.format)) view.format = { schema: output.format.schema as Json };
  view.tools = records(body.tools).map((tool) => ({ name: str(tool.name), parameters: tool.input_schema }));
  const choice = isRecord(body.tool_choice) ? body.tool_choice : undefined;
  if (choice?.type === "any") view.toolChoice = "required";
  else if (choice?.type === "tool") view.toolChoice = { name: str(choice.name) };
  else if (choice?.type === "auto" || choice?.type === "none") view.toolChoice = choice.type;
  return view;
}

function geminiParts(parts: unknown, role: "user" | "assistant"): ViewPart[] {
  return records(parts).map((part): ViewPart => {
    const signature = typeof part.thoughtSignature === "string" ? part.thoughtSignature : undefined;
    if (isRecord(part.inlineData)) return { type: "image", data: str(part.inlineData.data), mediaType: str(part.inlineData.mimeType) };
    if (isRecord(part.fileData)) return { type: "image", url: str(part.fileData.fileUri), mediaType: str(part.fileData.mimeType) };
    if (isRecord(part.functionCall)) return { type: "call", ...(typeof part.functionCall.id === "string" ? { id: part.functionCall.id } : {}), name: str(part.functionCall.name), args: isRecord(part.functionCall.args) ? part.functionCall.args : {}, ...(signature ? { signature } : {}) };
    if (isRecord(part.functionResponse)) {
      const response = isRecord(part.functionResponse.response) ? part.functionResponse.response : {};
      // {output} / {error} (Gemini CLI, ccproxy), {name, content} (Vercel AI SDK).
      const value = response.output ?? response.content ?? response.error;
      const text = typeof value === "string" ? value : JSON.stringify(response);
      return { type: "result", ...(typeof part.functionResponse.id === "string" ? { id: part.functionResponse.id } : {}), name: str(part.functionResponse.name), text, ...("error" in response ? { isError: true } : {}) };
    }
    if (part.thought === true && role === "assistant") return { type: "reasoning", text: str(part.text), ...(signature ? { signature } : {}) };
    return { type: "text", text: str(part.text) };
  });
}

function geminiView(body: Json): UpstreamView {
  const config = isRecord(body.generationConfig) ? body.generationConfig : {};
  const system = isRecord(body.systemInstruction) ? records(body.systemInstruction.parts).map((part) => str(part.text)) : [];
  const view: UpstreamView = { system, messages: [], params: params(config, { temperature: "temperature", topP: "topP", topK: "topK", maxTokens: "maxOutputTokens", stop: "stopSequences", seed: "seed", presencePenalty: "presencePenalty", frequencyPenalty: "frequencyPenalty" }), tools: [], thinking: config.thinkingConfig, body };
  for (const content of records(body.contents)) {
    const role = content.role === "model" ? "assistant" : "user";
    view.messages.push({ role, parts: geminiParts(content.parts, role) });
  }
  if (config.responseMimeType === "application/json") {
    const schema = config.responseSchema ?? config.responseJsonSchema;
    view.format = isRecord(schema) ? { schema } : "json";
  } else if (config.responseMimeType === "text/plain") view.format = "text";
  view.tools = records(body.tools).flatMap((tool) => records(tool.functionDeclarations).map((declaration) => ({ name: str(declaration.name), parameters: declaration.parameters ?? declaration.parametersJsonSchema })));
  const calling = isRecord(body.toolConfig) && isRecord(body.toolConfig.functionCallingConfig) ? body.toolConfig.functionCallingConfig : undefined;
  const allowed = Array.isArray(calling?.allowedFunctionNames) ? calling.allowedFunctionNames.map(String) : [];
  if (calling?.mode === "AUTO") view.toolChoice = "auto";
  else if (calling?.mode === "NONE") view.toolChoice = "none";
  else if (calling?.mode === "ANY") view.toolChoice = allowed.length === 1 ? { name: allowed[0]! } : "required";
  return view;
}

function ollamaView(body: Json): UpstreamView {
  const options = isRecord(body.options) ? body.options : {};
  const view: UpstreamView = { system: [], messages: [], params: params(options, { temperature: "temperature", topP: "top_p", topK: "top_k", maxTokens: "num_predict", stop: "stop", seed: "seed", presencePenalty: "presence_penalty", frequencyPenalty: "frequency_penalty" }), tools: [], thinking: body.think, body };
  let leading = true;
  for (const message of records(body.messages)) {
    if (leading && message.role === "system") {
      view.system.push(str(message.content));
      continue;
    }
    leading = false;
    if (message.role === "tool") {
      view.messages.push({ role: "tool", parts: [{ type: "result", ...(typeof message.tool_call_id === "string" ? { id: message.tool_call_id } : {}), name: str(message.tool_name), text: str(message.content) }] });
      continue;
    }
    const parts: ViewPart[] = [];
    if (typeof message.thinking === "string") parts.push({ type: "reasoning", text: message.thinking });
    if (str(message.content) !== "" || message.role !== "assistant") parts.push({ type: "text", text: str(message.content) });
    for (const image of Array.isArray(message.images) ? message.images : []) parts.push({ type: "image", data: str(image) });
    for (const call of records(message.tool_calls)) {
      const fn = isRecord(call.function) ? call.function : {};
      parts.push({ type: "call", ...(typeof call.id === "string" ? { id: call.id } : {}), name: str(fn.name), args: isRecord(fn.arguments) ? fn.arguments : {} });
    }
    view.messages.push({ role: message.role === "assistant" ? "assistant" : message.role === "system" ? "system" : "user", parts });
  }
  if (body.format === "json") view.format = "json";
  else if (isRecord(body.format)) view.format = { schema: body.format };
  view.tools = records(body.tools).map((tool) => (isRecord(tool.function) ? { name: str(tool.function.name), parameters: tool.function.parameters } : { name: "", parameters: undefined }));
  return view;
}

export function upstreamView(protocol: Four, request: RecordedRequest): UpstreamView {
  const body = isRecord(request.body) ? request.body : {};
  switch (protocol) {
    case "openai":
      return openaiView(body);
    case "claude":
      return claudeView(body);
    case "gemini":
      return geminiView(body);
    case "ollama":
      return ollamaView(body);
  }
}

/** Every part of one type, in order, across all messages. */
export function partsOf<T extends ViewPart["type"]>(view: UpstreamView, type: T): Array<Extract<ViewPart, { type: T }>> {
  return view.messages.flatMap((message) => message.parts.filter((part): part is Extract<ViewPart, { type: T }> => part.type === type));
}

/** All visible text of the conversation (system prompt, messages, results) in order. */
export function allText(view: UpstreamView): string {
  const texts = [...view.system];
  for (const part of view.messages.flatMap((message) => message.parts)) {
    if (part.type === "text" || part.type === "result") texts.push(part.text);
  }
  return texts.join("\n");
}
