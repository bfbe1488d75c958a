// In charge of shared helpers for the Ollama codec tests: fixtures, a deterministic context, chunked stream decoding.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { EncodeClientContext } from "../../../../src/protocols/codec.ts";
import { ollamaCodec } from "../../../../src/protocols/ollama/index.ts";
import type { UnifiedEvent } from "../../../../src/unified/events.ts";
import { chainSteps } from "../../../../src/wire/transducer.ts";
import { createNdjsonDecoder } from "../../../../src/wire/ndjson.ts";

const FIXTURES = join(import.meta.dir, "../../../fixtures/ollama");

export const NOW = Date.UTC(2025, 0, 2, 3, 4, 5, 678);
export const NOW_ISO = "2025-01-02T03:04:05.678Z";

export function fixtureText(path: string): string {
  return readFileSync(join(FIXTURES, path), "utf8");
}

export function fixture(path: string): Record<string, unknown> {
  return JSON.parse(fixtureText(path)) as Record<string, unknown>;
}

/** Ids "<prefix>t1", "<prefix>t2" … and a fixed clock. */
export function testContext(model = "my-alias"): EncodeClientContext {
  let counter = 0;
  return { model, newId: (prefix) => `${prefix}t${++counter}`, now: () => NOW };
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

/** Bytes-as-text → NDJSON frames → the codec's stream decoder, fed in the given pieces. */
export function decodeStream(text: string, sizes: number[] = [text.length || 1]): UnifiedEvent[] {
  const step = chainSteps(createNdjsonDecoder(), ollamaCodec.createStreamDecoder(testContext()));
  const events: UnifiedEvent[] = [];
  for (const piece of splitText(text, sizes)) events.push(...step.push(piece));
  events.push(...step.end());
  return events;
}

export function encodeStream(events: UnifiedEvent[], model = "my-alias"): string[] {
  const step = ollamaCodec.createStreamEncoder(testContext(model));
  const out: string[] = [];
  for (const event of events) out.push(...step.push(event));
  out.push(...step.end());
  return out;
}

export function parseLines(lines: string[]): Array<Record<string, unknown>> {
  return lines.join("").split("\n").filter((line) => line !== "").map((line) => JSON.parse(line) as Record<string, unknown>);
}
