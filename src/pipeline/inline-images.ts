// In charge of fetching URL images for upstreams that accept only inline data (Gemini, Ollama).
import { ProxyError } from "../unified/errors.ts";
import type { ImagePart, UnifiedMessage } from "../unified/content.ts";
import type { UnifiedRequest } from "../unified/request.ts";
import { sniffImageMediaType } from "../protocols/shared/media-type.ts";

export const IMAGE_LIMIT_BYTES = 20 * 1024 * 1024;
export const IMAGE_TIMEOUT_MS = 15_000;

async function fetchImage(url: string, signal: AbortSignal): Promise<ImagePart["source"]> {
  const response = await fetch(url, { signal: AbortSignal.any([signal, AbortSignal.timeout(IMAGE_TIMEOUT_MS)]) }).catch((error: unknown) => {
    throw new ProxyError("invalid_request", `could not fetch image ${url}: ${error instanceof Error ? error.message : String(error)}`);
  });
  if (!response.ok) throw new ProxyError("invalid_request", `could not fetch image ${url}: HTTP ${response.status}`);
  const declared = Number(response.headers.get("content-length") ?? "0");
  if (declared > IMAGE_LIMIT_BYTES) throw new ProxyError("invalid_request", `image ${url} is larger than ${IMAGE_LIMIT_BYTES} bytes`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.byteLength > IMAGE_LIMIT_BYTES) throw new ProxyError("invalid_request", `image ${url} is larger than ${IMAGE_LIMIT_BYTES} bytes`);
  const data = Buffer.from(bytes).toString("base64");
  const type = response.headers.get("content-type")?.split(";")[0]?.trim();
  return { kind: "base64", mediaType: type && type.startsWith("image/") ? type : sniffImageMediaType(data), data };
}

/** Replaces every URL image (messages and tool results) with inline base64; untouched when there is none. */
export async function inlineImages(request: UnifiedRequest, signal: AbortSignal): Promise<UnifiedRequest> {
  const urls = new Set<string>();
  const visit = (part: { type: string; source?: ImagePart["source"]; content?: Array<{ type: string; source?: ImagePart["source"] }> }) => {
    if (part.type === "image" && part.source?.kind === "url" && !part.source.url.startsWith("data:")) urls.add(part.source.url);
    if (part.type === "tool-result") for (const inner of part.content ?? []) visit(inner);
  };
  for (const message of request.messages) for (const part of message.content) visit(part);
  if (urls.size === 0) return request;
  const fetched = new Map<string, ImagePart["source"]>();
  await Promise.all([...urls].map(async (url) => fetched.set(url, await fetchImage(url, signal))));
  const swap = <T extends { type: string }>(part: T): T => {
    if (part.type === "image") {
      const image = part as unknown as ImagePart;
      if (image.source.kind === "url" && fetched.has(image.source.url)) return { ...part, source: fetched.get(image.source.url) };
    }
    if (part.type === "tool-result") {
      const result = part as unknown as { content: Array<{ type: string }> };
      return { ...part, content: result.content.map(swap) };
    }
    return part;
  };
  const messages = request.messages.map((message) => ({ ...message, content: message.content.map(swap) }) as UnifiedMessage);
  return { ...request, messages };
}
