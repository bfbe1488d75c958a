// In charge of turning a UnifiedRequest into an Ollama /api/chat upstream body.
import type { ResponseFormat, UnifiedRequest } from "../../unified/request.ts";
import type { Warning } from "../../unified/warnings.ts";
import type { CodecContext, Decoded } from "../codec.ts";
import { encodeMessages } from "./encode-messages.ts";
import { encodeOptions, encodeThink } from "./map-options.ts";
import { encodeTools } from "./prepare-tools.ts";
import type { OllamaChatRequest } from "./wire-types.ts";

function encodeFormat(format: ResponseFormat | undefined): OllamaChatRequest["format"] {
  if (!format) return undefined;
  switch (format.type) {
    case "text":
      return undefined;
    case "json":
      return "json";
    case "json-schema":
      // Ollama takes the bare schema; name and strict have no slot (the schema is always enforced).
      return format.schema;
    default: {
      const unreachable: never = format;
      return unreachable;
    }
  }
}

export function encodeRequest(request: UnifiedRequest, _context: CodecContext): Decoded<Record<string, unknown>> {
  const warnings: Warning[] = [];
  // Ollama streams by default, so `stream` is always written explicitly.
  const body: OllamaChatRequest = {
    model: request.model,
    messages: encodeMessages(request.system, request.messages, warnings),
    stream: request.stream,
  };
  const tools = encodeTools(request, warnings);
  if (tools) body.tools = tools;
  const format = encodeFormat(request.responseFormat);
  if (format !== undefined) body.format = format;
  const options = encodeOptions(request);
  if (options) body.options = options;
  const think = encodeThink(request.thinking, warnings);
  if (think !== undefined) body.think = think;
  const keepAlive = request.extensions.ollama?.keepAlive;
  if (keepAlive !== undefined) body.keep_alive = keepAlive;
  if (request.user !== undefined) warnings.push({ feature: "user", detail: "Ollama has no end-user field; dropped" });
  return { value: { ...body }, warnings };
}
