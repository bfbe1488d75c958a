// In charge of the impure clock and id source codecs get injected (they never call these themselves).
import type { CodecContext } from "../protocols/codec.ts";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** Random bytes fetched 4 KiB at a time: one crypto call per ~170 ids instead of one each. */
const pool = new Uint8Array(4096);
let poolAt = pool.length;

export function randomId(length = 24): string {
  if (poolAt + length > pool.length) {
    crypto.getRandomValues(pool);
    poolAt = 0;
  }
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHABET[pool[poolAt + i]! % ALPHABET.length];
  poolAt += length;
  return out;
}

let counter = 0;
const processTag = randomId(6);

/**
 * Request ids: unique per process (a random tag) and cheap (a counter): one is made on every
 * request, so no crypto call on the hot path. Not secret, only unique.
 */
export function nextRequestId(): string {
  counter = (counter + 1) % 2_147_483_647;
  return `req_${processTag}${counter.toString(36).padStart(6, "0")}`;
}

export const liveContext: CodecContext = {
  newId: (prefix: string) => prefix + randomId(),
  now: () => Date.now(),
};
