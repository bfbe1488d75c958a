// In charge of guessing which protocol a path speaks, so errors outside a handler still take the client's shape.
import type { ProtocolName } from "../unified/protocol.ts";

export function protocolOfPath(path: string, headers?: Headers): ProtocolName {
  if (path.includes("/v1/messages")) return "claude";
  if (path.includes("/v1/responses")) return "openai-responses";
  if (path.includes("/v1beta/") || /:(generateContent|streamGenerateContent|countTokens|embedContent|batchEmbedContents)$/.test(path)) return "gemini";
  if (path.includes("/api/")) return "ollama";
  if (headers && (headers.has("anthropic-version") || headers.has("x-api-key"))) return "claude";
  if (headers && (headers.has("x-goog-api-key") || headers.has("x-goog-api-client"))) return "gemini";
  return "openai";
}
