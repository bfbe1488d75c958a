// In charge of reading Gemini `parts` into unified content (model turns, user turns, function responses).
import type { AssistantContent, ImagePart, TextPart, ToolCallPart } from "../../unified/content.ts";
import { ProxyError } from "../../unified/errors.ts";
import type { Warning } from "../../unified/warnings.ts";
import { isRecord } from "../shared/json.ts";
import { field, optionalBoolean, optionalRecord, optionalString, requireRecord } from "./fields.ts";

/** Data fields a part may carry; anything else we do not model is reported. */
const KNOWN_PART_KEYS = new Set(["text", "thought", "thoughtSignature", "thought_signature", "inlineData", "inline_data", "fileData", "file_data", "functionCall", "function_call", "functionResponse", "function_response", "partMetadata", "part_metadata", "mediaResolution", "media_resolution"]);

export function reportUnknownPartKeys(part: Record<string, unknown>, path: string, warnings: Warning[]): void {
  for (const key of Object.keys(part)) {
    if (!KNOWN_PART_KEYS.has(key)) warnings.push({ feature: `part.${key}`, detail: `${path}: Gemini part field "${key}" is not supported and was dropped` });
  }
}

/**
 * A model turn's parts. `thoughtSignature` belongs to the part it came on:
 * a thought part → its reasoning; a functionCall → that call; a plain text
 * part → an empty reasoning part placed just before the text, so the signature
 * survives and the Gemini encoder can put it back on that text part.
 */
export function decodeModelParts(parts: unknown[], path: string, newCallId: (partIndex: number) => string, warnings: Warning[]): AssistantContent[] {
  const content: AssistantContent[] = [];
  parts.forEach((value, index) => {
    const partPath = `${path}[${index}]`;
    const part = requireRecord(value, partPath);
    const signature = optionalString(part, "thoughtSignature", partPath);
    const call = optionalRecord(part, "functionCall", partPath);
    if (call) {
      content.push(decodeFunctionCall(call, `${partPath}.functionCall`, signature, () => newCallId(index)));
      return;
    }
    const text = optionalString(part, "text", partPath);
    if (optionalBoolean(part, "thought", partPath) === true) {
      content.push(signature ? { type: "reasoning", text: text ?? "", signature, signatureProtocol: "gemini" } : { type: "reasoning", text: text ?? "" });
      return;
    }
    if (signature) content.push({ type: "reasoning", text: "", signature, signatureProtocol: "gemini" });
    if (text) content.push({ type: "text", text });
    reportModelOnlyData(part, partPath, warnings);
  });
  return content;
}

function reportModelOnlyData(part: Record<string, unknown>, path: string, warnings: Warning[]): void {
  for (const key of ["inlineData", "fileData", "functionResponse"]) {
    if (field(part, key) !== undefined) warnings.push({ feature: `part.${key}`, detail: `${path}: ${key} in a model turn cannot be represented and was dropped` });
  }
  reportUnknownPartKeys(part, path, warnings);
}

function decodeFunctionCall(call: Record<string, unknown>, path: string, signature: string | undefined, newCallId: () => string): ToolCallPart {
  const name = optionalString(call, "name", path);
  if (!name) throw new ProxyError("invalid_request", `${path}.name: required`);
  const args = call.args ?? {};
  if (!isRecord(args)) throw new ProxyError("invalid_request", `${path}.args: expected an object`);
  const id = optionalString(call, "id", path) || newCallId();
  const part: ToolCallPart = { type: "tool-call", id, name, arguments: args };
  if (signature) {
    part.signature = signature;
    part.signatureProtocol = "gemini";
  }
  return part;
}

/** inlineData / fileData in a user turn: images become image parts, other media a warning. */
export function decodeMedia(part: Record<string, unknown>, path: string, warnings: Warning[]): ImagePart | undefined {
  const inline = optionalRecord(part, "inlineData", path);
  if (inline) {
    const mimeType = optionalString(inline, "mimeType", `${path}.inlineData`) ?? "";
    const data = optionalString(inline, "data", `${path}.inlineData`) ?? "";
    if (mimeType.startsWith("image/")) return { type: "image", source: { kind: "base64", mediaType: mimeType, data } };
    warnings.push({ feature: "inlineData", detail: `${path}: inline ${mimeType || "data"} is not an image and was dropped` });
    return undefined;
  }
  const file = optionalRecord(part, "fileData", path);
  if (file) {
    const uri = optionalString(file, "fileUri", `${path}.fileData`) ?? "";
    const mimeType = optionalString(file, "mimeType", `${path}.fileData`);
    if (uri && (mimeType?.startsWith("image/") || (mimeType === undefined && /\.(png|jpe?g|gif|webp)$/i.test(uri)))) return { type: "image", source: { kind: "url", url: uri } };
    warnings.push({ feature: "fileData", detail: `${path}: file ${uri || "(no uri)"} (${mimeType ?? "unknown type"}) is not an image and was dropped` });
  }
  return undefined;
}

/**
 * `functionResponse.response` → tool result content. Gemini CLI sends
 * `{output}` on success and `{error}` on failure; the Vercel AI SDK sends
 * `{name, content}` / `{name, error}`; other shapes are kept as JSON.
 */
export function decodeFunctionResponseContent(response: unknown, path: string, warnings: Warning[], mediaParts: unknown[] | undefined, name?: string): { content: Array<TextPart | ImagePart>; isError: boolean } {
  const { text, isError } = responseText(withoutEchoedName(response, name));
  const content: Array<TextPart | ImagePart> = [{ type: "text", text }];
  (mediaParts ?? []).forEach((value, index) => {
    if (!isRecord(value)) return;
    const image = decodeMedia(value, `${path}.parts[${index}]`, warnings);
    if (image) content.push(image);
  });
  return { content, isError };
}

/**
 * The Vercel AI SDK repeats the function name inside `response` (`{name, content}`):
 * without that echo the result is its plain text, not a JSON wrapper naming the tool
 * (which other upstreams would otherwise show the model verbatim).
 */
function withoutEchoedName(response: unknown, name: string | undefined): unknown {
  if (!isRecord(response) || name === undefined || response.name !== name || Object.keys(response).length !== 2) return response;
  const { name: _echo, ...rest } = response;
  return "content" in rest || "error" in rest || "output" in rest ? rest : response;
}

function responseText(response: unknown): { text: string; isError: boolean } {
  if (typeof response === "string") return { text: response, isError: false };
  if (!isRecord(response)) return { text: JSON.stringify(response ?? {}), isError: false };
  const keys = Object.keys(response);
  if (keys.length === 1) {
    const only = response[keys[0] as string];
    if ((keys[0] === "output" || keys[0] === "content") && typeof only === "string") return { text: only, isError: false };
    if (keys[0] === "error") return { text: typeof only === "string" ? only : JSON.stringify(only), isError: true };
  }
  return { text: JSON.stringify(response), isError: "error" in response && response.error !== undefined && response.error !== null };
}
