// In charge of making tool-call ids acceptable to Claude (^[a-zA-Z0-9_-]+$) without breaking call ↔ result links.
const VALID_ID = /^[a-zA-Z0-9_-]+$/;

/** FNV-1a 32-bit: a tiny deterministic hash, so two different bad ids never collapse into the same clean one. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}

/**
 * Valid ids pass unchanged (byte-exact Claude→Claude). Others get their invalid
 * characters replaced and a hash of the original appended. The same function
 * is applied to `tool_use.id` and `tool_result.tool_use_id`, so links survive.
 */
export function sanitizeToolId(id: string): string {
  if (VALID_ID.test(id)) return id;
  const cleaned = id.replace(/[^a-zA-Z0-9_-]/g, "_");
  return `${cleaned || "toolu"}_${fnv1a(id)}`;
}
