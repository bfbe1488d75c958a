// In charge of the impure clock and id source codecs get injected (they never call these themselves).
import type { CodecContext } from "../protocols/codec.ts";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

export function randomId(length = 24): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHABET[bytes[i]! % ALPHABET.length];
  return out;
}

export const liveContext: CodecContext = {
  newId: (prefix: string) => prefix + randomId(),
  now: () => Date.now(),
};
