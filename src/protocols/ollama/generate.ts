// In charge of Ollama /api/generate as a client codec: prompt/system/images ↔ unified, answers in /api/generate's shape.
import type { ImagePart, UserContent } from "../../unified/content.ts";
import { invalidRequest } from "../../unified/errors.ts";
import type { UnifiedEvent } from "../../unified/events.ts";
import type { FinishReason } from "../../unified/finish-reason.ts";
import type { UnifiedRequest } from "../../unified/request.ts";
import type { UnifiedResponse } from "../../unified/response.ts";
import { mergeUsage, type Usage } from "../../unified/usage.ts";
import type { Warning } from "../../unified/warnings.ts";
import { ndjsonLine } from "../../wire/ndjson.ts";
import type { CodecContext, Decoded, DecodeRequestInput, EncodeClientContext, ProtocolCodec, Step } from "../codec.ts";
import { isRecord } from "../shared/json.ts";
import { decodeRequest as decodeChatRequest } from "./decode-request.ts";
import { encodeStreamError } from "./encode-error.ts";
import { ollamaCodec } from "./index.ts";
import { encodeFinishReason } from "./map-finish-reason.ts";
import { metricsFromUsage } from "./map-usage.ts";
import { imageFromOllama } from "./read-message.ts";
import type { OllamaMetrics } from "./wire-types.ts";

/**
 * One /api/generate line (docs/api.md "Generate a completion"). `context` (the token ids of the
 * exchange) is never written: no upstream but a local Ollama has them, and Ollama itself omits it
 * in raw mode, so clients must cope with its absence.
 */
export interface OllamaGenerateChunk {
  model: string;
  created_at: string;
  response: string;
  thinking?: string;
  done: boolean;
}

export interface OllamaGenerateFinal extends OllamaGenerateChunk, OllamaMetrics {
  done: true;
  done_reason: string;
}

/** Generate-only fields that have no unified slot: reported, then dropped. */
const DROPPED: ReadonlyArray<[field: string, detail: string]> = [
  ["suffix", "fill-in-the-middle suffix is not supported through the proxy; dropped"],
  ["template", "prompt template overrides apply to a local Ollama only; dropped"],
  ["context", "context token ids of an earlier answer cannot be resent; dropped (send the conversation to /api/chat instead)"],
  ["logprobs", "logprobs are not supported by the proxy; dropped"],
  ["top_logprobs", "top_logprobs are not supported by the proxy; dropped"],
  ["width", "image generation is not supported by the proxy; dropped"],
  ["height", "image generation is not supported by the proxy; dropped"],
  ["steps", "image generation is not supported by the proxy; dropped"],
];

function optionalString(value: unknown, path: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw invalidRequest(`${path}: must be a string`);
  return value;
}

function readImages(value: unknown): ImagePart[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidRequest("images: must be an array of base64 strings");
  return value.map((item, index) => {
    if (typeof item !== "string") throw invalidRequest(`images[${index}]: must be a base64 string`);
    return imageFromOllama(item);
  });
}

/**
 * The prompt becomes one user message and `system` the system prompt; `format`, `options`,
 * `think`, `keep_alive` and `stream` (default true) mean what they mean on /api/chat, so the
 * chat decoder reads them and its messages for the same field names.
 */
function decodeRequest(input: DecodeRequestInput): Decoded<UnifiedRequest> {
  const body = input.body;
  if (!isRecord(body)) throw invalidRequest("request body must be a JSON object");
  const prompt = optionalString(body.prompt, "prompt") ?? "";
  const system = optionalString(body.system, "system");
  const images = readImages(body.images);
  const { model, format, options, think, keep_alive, stream } = body;
  const decoded = decodeChatRequest({ body: { model, messages: [], format, options, think, keep_alive, stream } });
  const request = decoded.value;
  const warnings: Warning[] = [...decoded.warnings];

  if (system) request.system = [{ type: "text", text: system }];
  const content: UserContent[] = prompt !== "" || images.length === 0 ? [{ type: "text", text: prompt }, ...images] : images;
  request.messages = [{ role: "user", content }];
  if (body.raw === true) {
    // No upstream reachable through the proxy takes a raw prompt: it is sent as a user message and the chat template applies.
    request.extensions.ollama = { ...request.extensions.ollama, raw: true };
    warnings.push({ feature: "raw", detail: "raw prompts are sent as a user message; the upstream applies its chat template" });
  }
  for (const [field, detail] of DROPPED) {
    if (body[field] !== undefined && body[field] !== null && body[field] !== "") warnings.push({ feature: field, detail });
  }
  return { value: request, warnings };
}

function createdAt(context: CodecContext): string {
  return new Date(context.now()).toISOString();
}

function finalLine(context: EncodeClientContext, reason: FinishReason, usage: Partial<Usage> | undefined, text = "", thinking = ""): OllamaGenerateFinal {
  const line: OllamaGenerateFinal = {
    model: context.model,
    created_at: createdAt(context),
    response: text,
    done: true,
    done_reason: encodeFinishReason(reason, false),
    ...metricsFromUsage(usage),
  };
  if (thinking) line.thinking = thinking;
  return line;
}

/** Tool calls cannot occur: /api/generate sends no tools upstream. */
function encodeResponse(response: UnifiedResponse, context: EncodeClientContext): Record<string, unknown> {
  let text = "";
  let thinking = "";
  for (const part of response.content) {
    if (part.type === "text") text += part.text;
    else if (part.type === "reasoning") thinking += part.text;
  }
  return { ...finalLine(context, response.finishReason, response.usage, text, thinking) };
}

/** One line per text or thinking delta, then the `done: true` line with the counts; after an error only `{"error": "…"}`. */
function createStreamEncoder(context: EncodeClientContext): Step<UnifiedEvent, string> {
  let usage: Usage | undefined;
  let closed = false;
  const chunk = (response: string, thinking?: string): string => {
    const line: OllamaGenerateChunk = { model: context.model, created_at: createdAt(context), response, done: false };
    if (thinking) line.thinking = thinking;
    return ndjsonLine(line);
  };
  return {
    push(event: UnifiedEvent): string[] {
      if (closed) return [];
      switch (event.type) {
        case "text-delta":
          return event.text ? [chunk(event.text)] : [];
        case "reasoning-delta":
          return event.text ? [chunk("", event.text)] : [];
        case "message-start":
        case "usage":
          if (event.usage) usage = mergeUsage(usage, event.usage);
          return [];
        case "finish":
          closed = true;
          if (event.usage) usage = mergeUsage(usage, event.usage);
          return [ndjsonLine(finalLine(context, event.finishReason, usage))];
        case "error":
          closed = true;
          return [encodeStreamError(event.error)];
        case "reasoning-signature":
        case "reasoning-redacted":
        case "tool-call-start":
        case "tool-call-delta":
        case "tool-call-end":
          // No signatures in Ollama; no tools are sent on /api/generate, so no calls come back.
          return [];
        default: {
          const unreachable: never = event;
          return unreachable;
        }
      }
    },
    end(): string[] {
      if (closed) return [];
      closed = true;
      return [encodeStreamError("stream ended unexpectedly")];
    },
  };
}

/** Whether a body only loads or unloads a model (no prompt, no images): Ollama answers it without generating. */
export function isLoadRequest(body: unknown): boolean {
  if (!isRecord(body)) return false;
  const noPrompt = body.prompt === undefined || body.prompt === null || body.prompt === "";
  const noImages = !Array.isArray(body.images) || body.images.length === 0;
  return noPrompt && noImages;
}

/**
 * Ollama's answer to a load (`done_reason: "load"`) or, with `keep_alive: 0`, unload request.
 * Upstreams need no loading, so the proxy answers these itself.
 */
export function encodeLoadAnswer(body: Record<string, unknown>, context: CodecContext & { model: string }): Record<string, unknown> {
  const unload = body.keep_alive === 0 || body.keep_alive === "0" || body.keep_alive === "0s";
  return { model: context.model, created_at: createdAt(context), response: "", done: true, done_reason: unload ? "unload" : "load" };
}

/** Everything upstream-facing is the chat codec's: a /api/generate request reaches an Ollama upstream on /api/chat. */
export const ollamaGenerateCodec: ProtocolCodec = {
  ...ollamaCodec,
  decodeRequest,
  encodeResponse,
  createStreamEncoder,
};
