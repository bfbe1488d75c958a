// In charge of what every codec's tests need: fixture files, text cut into pieces, streams run through a codec.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { EncodeClientContext, ProtocolCodec, Step } from "../../../src/protocols/codec.ts";
import type { UnifiedEvent } from "../../../src/unified/events.ts";
import { createNdjsonDecoder } from "../../../src/wire/ndjson.ts";
import { createSseDecoder } from "../../../src/wire/sse-decode.ts";
import { chainSteps } from "../../../src/wire/transducer.ts";

/** Readers for test/fixtures/<folder>/. */
export function fixtureReader(folder: string) {
  const root = join(import.meta.dir, "../../fixtures", folder);
  const fixtureText = (path: string): string => readFileSync(join(root, path), "utf8");
  return { fixtureText, fixture: (path: string): Record<string, unknown> => JSON.parse(fixtureText(path)) as Record<string, unknown> };
}

/** Splits text into pieces of the given sizes, cycling through them. */
export function splitText(text: string, sizes: number[]): string[] {
  const out: string[] = [];
  let at = 0;
  for (let i = 0; at < text.length; i++) {
    const size = sizes[i % sizes.length] ?? 1;
    out.push(text.slice(at, at + size));
    at += size;
  }
  return out;
}

/** Wire text → frames → the codec's stream decoder, fed in the given pieces. */
export function decodeStreamWith(codec: ProtocolCodec, context: EncodeClientContext, text: string, sizes: number[]): UnifiedEvent[] {
  const framer: Step<string, { event?: string; data: string }> = codec.upstream.streamFraming === "sse" ? createSseDecoder() : createNdjsonDecoder();
  const step = chainSteps(framer, codec.createStreamDecoder(context));
  const events: UnifiedEvent[] = [];
  for (const piece of splitText(text, sizes)) events.push(...step.push(piece));
  events.push(...step.end());
  return events;
}

/** Unified events → the codec's client stream encoder → wire frames. */
export function encodeStreamWith(codec: ProtocolCodec, context: EncodeClientContext, events: UnifiedEvent[]): string[] {
  const step = codec.createStreamEncoder(context);
  const out: string[] = [];
  for (const event of events) out.push(...step.push(event));
  out.push(...step.end());
  return out;
}
