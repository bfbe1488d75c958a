// In charge of a Gemini generateContent / streamGenerateContent client body → UnifiedRequest (+ warnings).
import type { DecodeRequestInput, Decoded } from "../codec.ts";
import type { TextPart } from "../../unified/content.ts";
import { ProxyError } from "../../unified/errors.ts";
import type { Extensions } from "../../unified/extensions.ts";
import type { UnifiedRequest } from "../../unified/request.ts";
import type { Warning } from "../../unified/warnings.ts";
import { isRecord } from "../shared/json.ts";
import { decodeContents } from "./decode-contents.ts";
import { decodeGenerationConfig } from "./decode-generation-config.ts";
import { field, optionalArray, optionalRecord, optionalString } from "./fields.ts";
import { decodeToolConfig, decodeTools } from "./prepare-tools.ts";

/** Body fields read below; any other top-level field is reported as dropped. */
const KNOWN_FIELDS = new Set(["contents", "model", "systemInstruction", "tools", "toolConfig", "generationConfig", "safetySettings", "cachedContent", "labels"]);

/** The model is part of the path (`/v1beta/models/{model}:generateContent`); `models/` prefixes are stripped. */
export function modelFromPath(pathModel: string): string {
  return pathModel.replace(/^\/+/, "").replace(/^models\//, "");
}

export function decodeRequest(input: DecodeRequestInput): Decoded<UnifiedRequest> {
  const body = input.body;
  if (!isRecord(body)) throw new ProxyError("invalid_request", "request body: expected a JSON object");
  const warnings: Warning[] = [];
  const model = modelFromPath(input.pathModel ?? optionalString(body, "model", "request") ?? "");
  if (!model) throw new ProxyError("invalid_request", "model: missing from the path (/v1beta/models/{model}:generateContent)");
  const contents = optionalArray(body, "contents", "request");
  if (!contents || contents.length === 0) throw new ProxyError("invalid_request", "contents: required, a non-empty array of {role, parts}");
  reportUnknownFields(body, warnings);

  const request: UnifiedRequest = {
    model,
    system: decodeSystemInstruction(field(body, "systemInstruction"), warnings),
    messages: decodeContents(contents, warnings),
    tools: decodeTools(optionalArray(body, "tools", "request") ?? [], warnings),
    stream: input.stream ?? false,
    extensions: {},
  };
  const toolConfig = optionalRecord(body, "toolConfig", "request");
  const toolChoice = toolConfig ? decodeToolConfig(toolConfig, warnings) : undefined;
  if (toolChoice) request.toolChoice = toolChoice;
  const generationConfig = optionalRecord(body, "generationConfig", "request");
  const decodedConfig = generationConfig ? decodeGenerationConfig(generationConfig, warnings) : undefined;
  if (decodedConfig) Object.assign(request, decodedConfig.sampling);
  const gemini = geminiExtensions(body, input.sse, decodedConfig);
  if (Object.keys(gemini).length > 0) request.extensions.gemini = gemini;
  return { value: request, warnings };
}

function reportUnknownFields(body: Record<string, unknown>, warnings: Warning[]): void {
  for (const key of Object.keys(body)) {
    const camel = key.replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase());
    if (!KNOWN_FIELDS.has(camel)) warnings.push({ feature: camel, detail: `request field "${camel}" is not supported and was dropped` });
  }
}

/** `systemInstruction` is a Content (`{parts}`), though a bare string or part list is accepted too. */
function decodeSystemInstruction(value: unknown, warnings: Warning[]): TextPart[] {
  if (value === undefined || value === null) return [];
  if (typeof value === "string") return value ? [{ type: "text", text: value }] : [];
  const parts = Array.isArray(value) ? value : isRecord(value) ? (optionalArray(value, "parts", "systemInstruction") ?? [value]) : undefined;
  if (!parts) throw new ProxyError("invalid_request", "systemInstruction: expected a Content object {parts: [{text}]}");
  const system: TextPart[] = [];
  parts.forEach((part, index) => {
    const text = typeof part === "string" ? part : isRecord(part) ? optionalString(part, "text", `systemInstruction.parts[${index}]`) : undefined;
    if (text) system.push({ type: "text", text });
    else if (text === undefined) warnings.push({ feature: "systemInstruction", detail: `systemInstruction.parts[${index}]: only text parts are supported; part dropped` });
  });
  return system;
}

function geminiExtensions(body: Record<string, unknown>, sse: boolean | undefined, config: ReturnType<typeof decodeGenerationConfig> | undefined): NonNullable<Extensions["gemini"]> {
  const gemini: NonNullable<Extensions["gemini"]> = {};
  const safetySettings = optionalArray(body, "safetySettings", "request");
  if (safetySettings) gemini.safetySettings = safetySettings;
  const cachedContent = optionalString(body, "cachedContent", "request");
  if (cachedContent) gemini.cachedContent = cachedContent;
  if (sse !== undefined) gemini.sse = sse;
  if (config?.responseModalities) gemini.responseModalities = config.responseModalities;
  if (config?.candidateCount !== undefined) gemini.candidateCount = config.candidateCount;
  return gemini;
}
