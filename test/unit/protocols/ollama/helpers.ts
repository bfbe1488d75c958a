// In charge of shared helpers for the Ollama codec tests: fixtures, a deterministic context, chunked stream decoding.
import { decodeStreamWith, encodeStreamWith, fixtureReader, splitText } from "../kit.ts";
import type { EncodeClientContext } from "../../../../src/protocols/codec.ts";
import { ollamaCodec } from "../../../../src/protocols/ollama/index.ts";
import type { UnifiedEvent } from "../../../../src/unified/events.ts";

export const NOW = Date.UTC(2025, 0, 2, 3, 4, 5, 678);
export const NOW_ISO = "2025-01-02T03:04:05.678Z";

export const { fixtureText, fixture } = fixtureReader("ollama");

/** Ids "<prefix>t1", "<prefix>t2" … and a fixed clock. */
export function testContext(model = "my-alias"): EncodeClientContext {
  let counter = 0;
  return { model, newId: (prefix) => `${prefix}t${++counter}`, now: () => NOW };
}

export { splitText };

/** Bytes-as-text → NDJSON frames → the codec's stream decoder, fed in the given pieces. */
export function decodeStream(text: string, sizes: number[] = [text.length || 1]): UnifiedEvent[] {
  return decodeStreamWith(ollamaCodec, testContext(), text, sizes);
}

export function encodeStream(events: UnifiedEvent[], model = "my-alias"): string[] {
  return encodeStreamWith(ollamaCodec, testContext(model), events);
}

export function parseLines(lines: string[]): Array<Record<string, unknown>> {
  return lines.join("").split("\n").filter((line) => line !== "").map((line) => JSON.parse(line) as Record<string, unknown>);
}
