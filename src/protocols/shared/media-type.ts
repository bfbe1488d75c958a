// In charge of naming an image's media type from its bytes (Ollama sends bare base64).
/** Sniffs PNG, JPEG, GIF and WebP from the first bytes of base64 data; falls back to image/png. */
export function sniffImageMediaType(base64: string): string {
  const head = base64.slice(0, 24);
  let bytes: Uint8Array;
  try {
    bytes = Uint8Array.from(atob(head.slice(0, head.length - (head.length % 4))), (c) => c.charCodeAt(0));
  } catch {
    return "image/png";
  }
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return "image/png";
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  if (bytes[0] === 0x47 && bytes[1] === 0x49 && bytes[2] === 0x46) return "image/gif";
  if (bytes[0] === 0x52 && bytes[1] === 0x49 && bytes[2] === 0x46 && bytes[3] === 0x46 && bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50) return "image/webp";
  return "image/png";
}

/** Splits a `data:` URL into media type and base64 payload; null when it is not a base64 data URL. */
export function parseDataUrl(url: string): { mediaType: string; data: string } | null {
  const match = /^data:([^;,]+)?(?:;[^;,]*)*;base64,(.*)$/s.exec(url);
  if (!match) return null;
  const data = match[2] ?? "";
  return { mediaType: match[1] ?? sniffImageMediaType(data), data };
}

export function toDataUrl(mediaType: string, data: string): string {
  return `data:${mediaType};base64,${data}`;
}
