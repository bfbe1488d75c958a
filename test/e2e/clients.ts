// In charge of driving each official SDK the same way, so one matrix can test every client × upstream pair.
import Anthropic from "@anthropic-ai/sdk";
import { GoogleGenAI, type Content, type FunctionDeclaration } from "@google/genai";
import { Ollama, type Message as OllamaMessage, type Tool as OllamaTool } from "ollama";
import OpenAI from "openai";
import type { ProtocolName } from "../../src/unified/protocol.ts";
import { ACCESS_KEY } from "./harness.ts";

export interface ToolSpec {
  name: string;
  description: string;
  parameters: { type: "object"; properties: Record<string, unknown>; required?: string[] };
}

export interface ChatSpec {
  model: string;
  stream: boolean;
  system?: string;
  user: string;
  tools?: ToolSpec[];
  temperature?: number;
  maxTokens?: number;
  /** A previous turn: the assistant called `call`, the tool answered `result`. */
  toolTurn?: { call: { id: string; name: string; arguments: Record<string, unknown> }; result: string };
}

export interface ChatOutcome {
  text: string;
  reasoning: string;
  toolCalls: Array<{ id?: string; name: string; arguments: Record<string, unknown> }>;
  /** The client protocol's own finish value. */
  finish: string;
  usage: { input: number; output: number };
  model?: string;
}

export type ClientDriver = (baseUrl: string, spec: ChatSpec) => Promise<ChatOutcome>;

/** What each protocol calls "stopped because of tool calls" / "stopped normally". */
export const FINISH: Record<ProtocolName, { stop: string; tools: string; length: string }> = {
  openai: { stop: "stop", tools: "tool_calls", length: "length" },
  claude: { stop: "end_turn", tools: "tool_use", length: "max_tokens" },
  gemini: { stop: "STOP", tools: "STOP", length: "MAX_TOKENS" },
  ollama: { stop: "stop", tools: "stop", length: "length" },
  // The Responses API has a status, not a finish reason; tool calls are items in `output`.
  "openai-responses": { stop: "completed", tools: "completed", length: "incomplete" },
};

const openai: ClientDriver = async (baseUrl, spec) => {
  const client = new OpenAI({ apiKey: ACCESS_KEY, baseURL: `${baseUrl}/v1`, maxRetries: 0 });
  const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [];
  if (spec.system) messages.push({ role: "system", content: spec.system });
  messages.push({ role: "user", content: spec.user });
  if (spec.toolTurn) {
    const { call, result } = spec.toolTurn;
    messages.push({ role: "assistant", content: null, tool_calls: [{ id: call.id, type: "function", function: { name: call.name, arguments: JSON.stringify(call.arguments) } }] });
    messages.push({ role: "tool", tool_call_id: call.id, content: result });
  }
  const tools = spec.tools?.map((tool) => ({ type: "function" as const, function: tool }));
  const params = { model: spec.model, messages, ...(tools ? { tools } : {}), ...(spec.temperature !== undefined ? { temperature: spec.temperature } : {}), ...(spec.maxTokens ? { max_tokens: spec.maxTokens } : {}) };
  const completion = spec.stream
    ? await client.chat.completions.stream({ ...params, stream: true, stream_options: { include_usage: true } }).finalChatCompletion()
    : await client.chat.completions.create(params);
  const choice = completion.choices[0]!;
  const message = choice.message as typeof choice.message & { reasoning_content?: string };
  return {
    text: message.content ?? "",
    reasoning: message.reasoning_content ?? "",
    toolCalls: (message.tool_calls ?? []).map((call) => {
      if (call.type !== "function") throw new Error("unexpected tool call type");
      return { id: call.id, name: call.function.name, arguments: JSON.parse(call.function.arguments) as Record<string, unknown> };
    }),
    finish: choice.finish_reason,
    usage: { input: completion.usage?.prompt_tokens ?? -1, output: completion.usage?.completion_tokens ?? -1 },
    model: completion.model,
  };
};

const claude: ClientDriver = async (baseUrl, spec) => {
  const client = new Anthropic({ apiKey: ACCESS_KEY, baseURL: baseUrl, maxRetries: 0 });
  const messages: Anthropic.MessageParam[] = [{ role: "user", content: spec.user }];
  if (spec.toolTurn) {
    const { call, result } = spec.toolTurn;
    messages.push({ role: "assistant", content: [{ type: "tool_use", id: call.id, name: call.name, input: call.arguments }] });
    messages.push({ role: "user", content: [{ type: "tool_result", tool_use_id: call.id, content: result }] });
  }
  const params: Anthropic.MessageCreateParamsNonStreaming = {
    model: spec.model,
    max_tokens: spec.maxTokens ?? 1024,
    messages,
    ...(spec.system ? { system: spec.system } : {}),
    ...(spec.tools ? { tools: spec.tools.map((tool) => ({ name: tool.name, description: tool.description, input_schema: tool.parameters })) } : {}),
    ...(spec.temperature !== undefined ? { temperature: spec.temperature } : {}),
  };
  const message = spec.stream ? await client.messages.stream(params).finalMessage() : await client.messages.create(params);
  let text = "";
  let reasoning = "";
  const toolCalls: ChatOutcome["toolCalls"] = [];
  for (const block of message.content) {
    if (block.type === "text") text += block.text;
    else if (block.type === "thinking") reasoning += block.thinking;
    else if (block.type === "tool_use") toolCalls.push({ id: block.id, name: block.name, arguments: block.input as Record<string, unknown> });
  }
  return { text, reasoning, toolCalls, finish: message.stop_reason ?? "", usage: { input: message.usage.input_tokens, output: message.usage.output_tokens }, model: message.model };
};

const gemini: ClientDriver = async (baseUrl, spec) => {
  const ai = new GoogleGenAI({ apiKey: ACCESS_KEY, httpOptions: { baseUrl } });
  const contents: Content[] = [{ role: "user", parts: [{ text: spec.user }] }];
  if (spec.toolTurn) {
    const { call, result } = spec.toolTurn;
    contents.push({ role: "model", parts: [{ functionCall: { id: call.id, name: call.name, args: call.arguments } }] });
    contents.push({ role: "user", parts: [{ functionResponse: { id: call.id, name: call.name, response: { output: result } } }] });
  }
  const config = {
    ...(spec.system ? { systemInstruction: spec.system } : {}),
    ...(spec.tools ? { tools: [{ functionDeclarations: spec.tools.map((tool) => ({ name: tool.name, description: tool.description, parametersJsonSchema: tool.parameters }) satisfies FunctionDeclaration) }] } : {}),
    ...(spec.temperature !== undefined ? { temperature: spec.temperature } : {}),
    ...(spec.maxTokens ? { maxOutputTokens: spec.maxTokens } : {}),
  };
  let text = "";
  let reasoning = "";
  let finish = "";
  let usage = { input: -1, output: -1 };
  let model: string | undefined;
  const toolCalls: ChatOutcome["toolCalls"] = [];
  const responses = spec.stream ? await ai.models.generateContentStream({ model: spec.model, contents, config }) : [await ai.models.generateContent({ model: spec.model, contents, config })];
  for await (const response of responses) {
    const candidate = response.candidates?.[0];
    for (const part of candidate?.content?.parts ?? []) {
      if (part.functionCall) toolCalls.push({ id: part.functionCall.id, name: part.functionCall.name ?? "", arguments: (part.functionCall.args ?? {}) as Record<string, unknown> });
      else if (part.thought && part.text) reasoning += part.text;
      else if (part.text) text += part.text;
    }
    if (candidate?.finishReason) finish = candidate.finishReason;
    if (response.usageMetadata) usage = { input: response.usageMetadata.promptTokenCount ?? -1, output: (response.usageMetadata.candidatesTokenCount ?? 0) + (response.usageMetadata.thoughtsTokenCount ?? 0) };
    model = response.modelVersion ?? model;
  }
  return { text, reasoning, toolCalls, finish, usage, model };
};

const ollama: ClientDriver = async (baseUrl, spec) => {
  const client = new Ollama({ host: baseUrl, headers: { Authorization: `Bearer ${ACCESS_KEY}` } });
  const messages: OllamaMessage[] = [];
  if (spec.system) messages.push({ role: "system", content: spec.system });
  messages.push({ role: "user", content: spec.user });
  if (spec.toolTurn) {
    const { call, result } = spec.toolTurn;
    messages.push({ role: "assistant", content: "", tool_calls: [{ function: { name: call.name, arguments: call.arguments } }] });
    messages.push({ role: "tool", content: result, tool_name: call.name } as OllamaMessage);
  }
  const base = {
    model: spec.model,
    messages,
    ...(spec.tools ? { tools: spec.tools.map((tool) => ({ type: "function", function: tool }) as OllamaTool) } : {}),
    options: { ...(spec.temperature !== undefined ? { temperature: spec.temperature } : {}), ...(spec.maxTokens ? { num_predict: spec.maxTokens } : {}) },
  };
  let text = "";
  let reasoning = "";
  let finish = "";
  let usage = { input: -1, output: -1 };
  let model: string | undefined;
  const toolCalls: ChatOutcome["toolCalls"] = [];
  const parts = spec.stream ? await client.chat({ ...base, stream: true }) : [await client.chat({ ...base, stream: false })];
  for await (const part of parts) {
    text += part.message.content ?? "";
    reasoning += part.message.thinking ?? "";
    for (const call of part.message.tool_calls ?? []) toolCalls.push({ name: call.function.name, arguments: call.function.arguments as Record<string, unknown> });
    if (part.done) {
      finish = part.done_reason ?? "";
      usage = { input: part.prompt_eval_count, output: part.eval_count };
    }
    model = part.model;
  }
  return { text, reasoning, toolCalls, finish, usage, model };
};

const responses: ClientDriver = async (baseUrl, spec) => {
  const client = new OpenAI({ apiKey: ACCESS_KEY, baseURL: `${baseUrl}/v1`, maxRetries: 0 });
  const input: OpenAI.Responses.ResponseInputItem[] = [{ role: "user", content: spec.user }];
  if (spec.toolTurn) {
    const { call, result } = spec.toolTurn;
    input.push({ type: "function_call", call_id: call.id, name: call.name, arguments: JSON.stringify(call.arguments) });
    input.push({ type: "function_call_output", call_id: call.id, output: result });
  }
  const params: OpenAI.Responses.ResponseCreateParamsNonStreaming = {
    model: spec.model,
    input,
    ...(spec.system ? { instructions: spec.system } : {}),
    ...(spec.tools ? { tools: spec.tools.map((tool) => ({ type: "function" as const, name: tool.name, description: tool.description, parameters: tool.parameters, strict: false })) } : {}),
    ...(spec.temperature !== undefined ? { temperature: spec.temperature } : {}),
    ...(spec.maxTokens ? { max_output_tokens: spec.maxTokens } : {}),
  };
  const response = spec.stream ? await client.responses.stream({ ...params, stream: true }).finalResponse() : await client.responses.create(params);
  let reasoning = "";
  const toolCalls: ChatOutcome["toolCalls"] = [];
  for (const item of response.output) {
    if (item.type === "reasoning") reasoning += item.summary.map((part) => part.text).join("");
    else if (item.type === "function_call") toolCalls.push({ id: item.call_id, name: item.name, arguments: JSON.parse(item.arguments) as Record<string, unknown> });
  }
  return {
    text: response.output_text,
    reasoning,
    toolCalls,
    finish: response.status ?? "",
    usage: { input: response.usage?.input_tokens ?? -1, output: response.usage?.output_tokens ?? -1 },
    model: response.model,
  };
};

export const DRIVERS: Record<ProtocolName, ClientDriver> = { openai, claude, gemini, ollama, "openai-responses": responses };
