// In charge of turning Claude message content blocks into unified content parts (client requests).
import { argumentsObject, isRecord } from "../shared/json.ts";
import { sniffImageMediaType } from "../shared/media-type.ts";
import type { AssistantContent, ContentPart, ImagePart, TextPart, UnifiedMessage, UserContent } from "../../unified/content.ts";
import type { Warning } from "../../unified/warnings.ts";
import { invalid, optionalBoolean, optionalString, requireRecord, requireString } from "../shared/fields.ts";

export interface ContentState {
  /** tool_use id → name, so a later tool_result can name its tool (Gemini needs the name). */
  toolNames: Map<string, string>;
  warnings: Warning[];
}

type CacheControl = NonNullable<TextPart["cacheControl"]>;

export function readCacheControl(value: unknown): CacheControl | undefined {
  if (!isRecord(value) || value.type !== "ephemeral") return undefined;
  return typeof value.ttl === "string" ? { type: "ephemeral", ttl: value.ttl } : { type: "ephemeral" };
}

export function textPart(text: string, cacheControl?: CacheControl): TextPart {
  return cacheControl ? { type: "text", text, cacheControl } : { type: "text", text };
}

function drop(state: ContentState, path: string, feature: string, detail: string): [] {
  state.warnings.push({ feature, detail: `${path}: ${detail}` });
  return [];
}

function decodeImage(block: Record<string, unknown>, path: string, state: ContentState): ImagePart[] {
  const source = requireRecord(block.source, `${path}.source`);
  if (source.type === "base64") {
    const data = requireString(source, "data", `${path}.source.data`);
    const mediaType = optionalString(source, "media_type", `${path}.source.media_type`) ?? sniffImageMediaType(data);
    return [{ type: "image", source: { kind: "base64", mediaType, data } }];
  }
  if (source.type === "url") return [{ type: "image", source: { kind: "url", url: requireString(source, "url", `${path}.source.url`) } }];
  return drop(state, path, "image.source", `image source type '${String(source.type)}' (Files API) cannot be forwarded; dropped`);
}

/** Plain-text documents become text; PDFs and file references have no equivalent outside Claude. */
function decodeDocument(block: Record<string, unknown>, path: string, state: ContentState): ContentPart[] {
  const source = requireRecord(block.source, `${path}.source`);
  const cacheControl = readCacheControl(block.cache_control);
  if (source.type === "text") return [textPart(requireString(source, "data", `${path}.source.data`), cacheControl)];
  if (source.type === "content") {
    if (typeof source.content === "string") return [textPart(source.content, cacheControl)];
    if (Array.isArray(source.content)) return source.content.flatMap((inner, index) => decodeBlock(inner, `${path}.source.content[${index}]`, state));
  }
  return drop(state, path, "document", `document source '${String(source.type)}' (PDF or file) cannot be forwarded; dropped`);
}

function decodeToolResult(block: Record<string, unknown>, path: string, state: ContentState): ContentPart[] {
  const callId = requireString(block, "tool_use_id", `${path}.tool_use_id`);
  const content: Array<TextPart | ImagePart> = [];
  const raw = block.content;
  if (typeof raw === "string") content.push(textPart(raw));
  else if (Array.isArray(raw)) {
    raw.forEach((inner, index) => {
      const innerPath = `${path}.content[${index}]`;
      if (isRecord(inner) && inner.type === "tool_reference" && typeof inner.tool_name === "string") {
        // ToolSearch results: keep the loaded tool's name visible to models that cannot load tools.
        state.warnings.push({ feature: "tool_reference", detail: `${innerPath}: tool_reference to '${inner.tool_name}' sent as text` });
        content.push(textPart(`Tool loaded: ${inner.tool_name}`));
        return;
      }
      for (const part of decodeBlock(inner, innerPath, state)) {
        if (part.type === "text" || part.type === "image") content.push(part);
        else drop(state, innerPath, "tool_result.content", `${part.type} inside a tool_result; dropped`);
      }
    });
  } else if (raw !== undefined && raw !== null) throw invalid(`${path}.content`, "expected a string or an array of content blocks");
  const isError = optionalBoolean(block, "is_error", `${path}.is_error`);
  const name = state.toolNames.get(callId);
  const cacheControl = readCacheControl(block.cache_control);
  return [{
    type: "tool-result",
    callId,
    ...(name !== undefined ? { name } : {}),
    content,
    ...(isError !== undefined ? { isError } : {}),
    ...(cacheControl ? { cacheControl } : {}),
  }];
}

/**
 * One content block → zero or more parts. Unknown and server-side blocks are
 * dropped with a warning, never a 400. `cache_control` survives where the
 * unified part has a slot (text, tool results); on images and tool_use it is a
 * caching hint with no effect on the answer, so it goes without a warning.
 */
export function decodeBlock(value: unknown, path: string, state: ContentState): ContentPart[] {
  const block = requireRecord(value, path);
  const type = requireString(block, "type", `${path}.type`);
  switch (type) {
    case "text":
      return [textPart(requireString(block, "text", `${path}.text`), readCacheControl(block.cache_control))];
    case "image":
      return decodeImage(block, path, state);
    case "document":
      return decodeDocument(block, path, state);
    case "tool_use": {
      const id = requireString(block, "id", `${path}.id`);
      const name = requireString(block, "name", `${path}.name`);
      state.toolNames.set(id, name);
      return [{ type: "tool-call", id, name, arguments: argumentsObject(block.input) }];
    }
    case "tool_result":
      return decodeToolResult(block, path, state);
    case "thinking": {
      const text = optionalString(block, "thinking", `${path}.thinking`) ?? "";
      const signature = optionalString(block, "signature", `${path}.signature`);
      // An empty signature is what ccproxy writes for reasoning that never had one: it is not a signature.
      return [signature ? { type: "reasoning", text, signature, signatureProtocol: "claude" } : { type: "reasoning", text }];
    }
    case "redacted_thinking":
      return [{ type: "reasoning", text: "", redactedData: requireString(block, "data", `${path}.data`), signatureProtocol: "claude" }];
    default:
      // server_tool_use, web_search_tool_result, code execution, MCP, compaction, search_result …
      return drop(state, path, `content:${type}`, `'${type}' block has no equivalent in the unified model; dropped`);
  }
}

function decodeBlocks(content: unknown, path: string, state: ContentState): ContentPart[] {
  if (typeof content === "string") return content === "" ? [] : [textPart(content)];
  if (!Array.isArray(content)) throw invalid(path, "expected a string or an array of content blocks");
  return content.flatMap((block, index) => decodeBlock(block, `${path}[${index}]`, state));
}

function misplaced(part: ContentPart, role: string, path: string, state: ContentState): void {
  state.warnings.push({ feature: `content:${part.type}`, detail: `${path}: ${part.type} is not allowed in a ${role} message; dropped` });
}

function userParts(parts: ContentPart[], path: string, state: ContentState): UserContent[] {
  const out: UserContent[] = [];
  for (const part of parts) {
    if (part.type === "text" || part.type === "image" || part.type === "tool-result") out.push(part);
    else misplaced(part, "user", path, state);
  }
  return out;
}

function assistantParts(parts: ContentPart[], path: string, state: ContentState): AssistantContent[] {
  const out: AssistantContent[] = [];
  for (const part of parts) {
    if (part.type === "text" || part.type === "reasoning" || part.type === "tool-call") out.push(part);
    else misplaced(part, "assistant", path, state);
  }
  return out;
}

function systemParts(parts: ContentPart[], path: string, state: ContentState): TextPart[] {
  const out: TextPart[] = [];
  for (const part of parts) {
    if (part.type === "text") out.push(part);
    else misplaced(part, "system", path, state);
  }
  return out;
}

/** Claude Code puts `role: "system"` entries inside `messages`; they stay system messages in place. */
export function decodeMessage(value: unknown, index: number, state: ContentState): UnifiedMessage {
  const path = `messages[${index}]`;
  const message = requireRecord(value, path);
  const role = message.role;
  if (role !== "user" && role !== "assistant" && role !== "system") {
    throw invalid(`${path}.role`, typeof role === "string" ? `unknown role '${role}'` : "required (user, assistant or system)");
  }
  if (message.content === undefined || message.content === null) throw invalid(`${path}.content`, "required");
  const parts = decodeBlocks(message.content, `${path}.content`, state);
  if (role === "user") return { role, content: userParts(parts, path, state) };
  if (role === "assistant") return { role, content: assistantParts(parts, path, state) };
  return { role, content: systemParts(parts, path, state) };
}
