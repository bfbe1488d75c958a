// In charge of shared helpers for the Gemini codec tests: fixtures, a deterministic context, chunked stream decoding.
import { decodeStreamWith, encodeStreamWith, fixtureReader, splitText } from "../kit.ts";
import type { EncodeClientContext } from "../../../../src/protocols/codec.ts";
import { geminiCodec } from "../../../../src/protocols/gemini/index.ts";
import type { UnifiedEvent } from "../../../../src/unified/events.ts";
import type { UnifiedRequest } from "../../../../src/unified/request.ts";

export const { fixtureText, fixture } = fixtureReader("gemini");

/** Ids "<prefix>t1", "<prefix>t2" … and a fixed clock. */
export function testContext(model = "my-alias", sse?: boolean): EncodeClientContext {
  let counter = 0;
  const context: EncodeClientContext = { model, newId: (prefix) => `${prefix}t${++counter}`, now: () => 1_700_000_000_000 };
  if (sse !== undefined) context.sse = sse;
  return context;
}

export function decode(body: unknown, model = "gemini-2.5-pro", stream = false): { request: UnifiedRequest; features: string[] } {
  const decoded = geminiCodec.decodeRequest({ body, pathModel: model, stream });
  return { request: decoded.value, features: decoded.warnings.map((warning) => warning.feature) };
}

export { splitText };

/** Text → SSE frames → the codec's stream decoder, fed in the given piece sizes. */
export function decodeStream(text: string, sizes: number[] = [text.length || 1]): UnifiedEvent[] {
  return decodeStreamWith(geminiCodec, testContext(), text, sizes);
}

export function encodeStream(events: UnifiedEvent[], context: EncodeClientContext = testContext()): string[] {
  return encodeStreamWith(geminiCodec, context, events);
}

/** The JSON of every `data:` line of an SSE text. */
export function sseChunks(text: string): Array<Record<string, unknown>> {
  return text
    .split(/\r?\n/)
    .filter((line) => line.startsWith("data: "))
    .map((line) => JSON.parse(line.slice(6)) as Record<string, unknown>);
}
