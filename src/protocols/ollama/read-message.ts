// In charge of validating one Ollama chat message from a client body into a typed shape.
import type { ImagePart } from "../../unified/content.ts";
import { invalidRequest } from "../../unified/errors.ts";
import { argumentsObject, isRecord } from "../shared/json.ts";
import { parseDataUrl, sniffImageMediaType } from "../shared/media-type.ts";

export type OllamaRole = "system" | "user" | "assistant" | "tool";

export interface InputToolCall {
  id?: string;
  name: string;
  arguments: Record<string, unknown>;
}

export interface InputMessage {
  role: OllamaRole;
  content: string;
  images: ImagePart[];
  thinking?: string;
  toolCalls: InputToolCall[];
  toolName?: string;
  toolCallId?: string;
}

const ROLES: ReadonlySet<string> = new Set(["system", "user", "assistant", "tool"]);

function optionalString(value: unknown, path: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw invalidRequest(`${path}: must be a string`);
  return value;
}

/** Ollama images are bare base64; a data: URL is tolerated because some clients send one. */
export function imageFromOllama(data: string): ImagePart {
  const dataUrl = data.startsWith("data:") ? parseDataUrl(data) : null;
  if (dataUrl) return { type: "image", source: { kind: "base64", mediaType: dataUrl.mediaType, data: dataUrl.data } };
  return { type: "image", source: { kind: "base64", mediaType: sniffImageMediaType(data), data } };
}

function readImages(value: unknown, path: string): ImagePart[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidRequest(`${path}: must be an array of base64 strings`);
  return value.map((item, index) => {
    if (typeof item !== "string") throw invalidRequest(`${path}[${index}]: must be a base64 string`);
    return imageFromOllama(item);
  });
}

function readArguments(value: unknown, path: string): Record<string, unknown> {
  // Ollama sends an object; a JSON string (the OpenAI habit) is tolerated.
  if (value === undefined || value === null || isRecord(value) || typeof value === "string") return argumentsObject(value);
  throw invalidRequest(`${path}: must be an object`);
}

function readToolCall(value: unknown, path: string): InputToolCall {
  if (!isRecord(value)) throw invalidRequest(`${path}: must be an object`);
  const fn = value.function;
  if (!isRecord(fn)) throw invalidRequest(`${path}.function: must be an object`);
  if (typeof fn.name !== "string" || fn.name === "") throw invalidRequest(`${path}.function.name: must be a non-empty string`);
  const call: InputToolCall = { name: fn.name, arguments: readArguments(fn.arguments, `${path}.function.arguments`) };
  const id = optionalString(value.id, `${path}.id`);
  if (id) call.id = id;
  return call;
}

function readToolCalls(value: unknown, path: string): InputToolCall[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidRequest(`${path}: must be an array`);
  return value.map((item, index) => readToolCall(item, `${path}[${index}]`));
}

function readRole(value: unknown, path: string): OllamaRole {
  if (typeof value !== "string") throw invalidRequest(`${path}: must be a string`);
  // Ollama lower-cases roles before use (api.Message.UnmarshalJSON).
  const role = value.toLowerCase();
  if (!ROLES.has(role)) throw invalidRequest(`${path}: unknown role '${value}' (expected system, user, assistant or tool)`);
  return role as OllamaRole;
}

export function readMessage(value: unknown, index: number): InputMessage {
  const path = `messages[${index}]`;
  if (!isRecord(value)) throw invalidRequest(`${path}: must be an object`);
  const message: InputMessage = {
    role: readRole(value.role, `${path}.role`),
    content: optionalString(value.content, `${path}.content`) ?? "",
    images: readImages(value.images, `${path}.images`),
    toolCalls: readToolCalls(value.tool_calls, `${path}.tool_calls`),
  };
  const thinking = optionalString(value.thinking, `${path}.thinking`);
  if (thinking) message.thinking = thinking;
  const toolName = optionalString(value.tool_name, `${path}.tool_name`);
  if (toolName) message.toolName = toolName;
  const toolCallId = optionalString(value.tool_call_id, `${path}.tool_call_id`);
  if (toolCallId) message.toolCallId = toolCallId;
  return message;
}
