// In charge of naming the wire protocols ccproxy speaks.
export const PROTOCOLS = ["openai", "claude", "gemini", "ollama", "openai-responses"] as const;
export type ProtocolName = (typeof PROTOCOLS)[number];

export function isProtocolName(value: unknown): value is ProtocolName {
  return typeof value === "string" && (PROTOCOLS as readonly string[]).includes(value);
}
