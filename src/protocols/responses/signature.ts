// In charge of carrying a reasoning item's id and encrypted_content in one opaque unified signature.
import { isRecord, parseJson } from "../shared/json.ts";

/**
 * With `store: false` a reasoning item can only be sent back with its
 * `encrypted_content` (and its `id`, which the item type requires), so both ride in
 * the unified `signature` (signatureProtocol "openai-responses"), byte-exact.
 * @see https://platform.openai.com/docs/guides/reasoning#encrypted-reasoning-items
 */
export interface ReasoningSignature {
  id?: string;
  encryptedContent: string;
}

export function packSignature(signature: ReasoningSignature): string {
  return JSON.stringify(signature.id === undefined ? { encrypted_content: signature.encryptedContent } : { id: signature.id, encrypted_content: signature.encryptedContent });
}

/** A packed signature, or (anything else) the whole text taken as encrypted_content. */
export function unpackSignature(signature: string): ReasoningSignature {
  const parsed = signature.startsWith("{") ? parseJson(signature) : null;
  if (parsed?.ok && isRecord(parsed.value) && typeof parsed.value.encrypted_content === "string") {
    const out: ReasoningSignature = { encryptedContent: parsed.value.encrypted_content };
    if (typeof parsed.value.id === "string" && parsed.value.id !== "") out.id = parsed.value.id;
    return out;
  }
  return { encryptedContent: signature };
}
