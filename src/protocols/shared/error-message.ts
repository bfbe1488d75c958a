// In charge of finding the human message inside any upstream error body.
import { isRecord } from "./json.ts";

/**
 * The message inside any of the error bodies ccproxy meets: OpenAI `{error:{message}}`,
 * Claude `{type:"error",error:{message}}`, Gemini `{error:{code,message,status}}` (also
 * wrapped in an array), Ollama `{error:"text"}`, vLLM `{object:"error",message}`, FastAPI `{detail}`.
 */
export function errorMessageOf(value: unknown): string | undefined {
  if (Array.isArray(value)) return errorMessageOf(value[0]);
  if (!isRecord(value)) return undefined;
  const inner = value.error;
  if (typeof inner === "string" && inner.trim()) return inner;
  if (isRecord(inner) && typeof inner.message === "string" && inner.message.trim()) return inner.message;
  if (typeof value.message === "string" && value.message.trim()) return value.message;
  if (typeof value.detail === "string" && value.detail.trim()) return value.detail;
  return undefined;
}
