// In charge of shared helpers for the Gemini codec tests: fixtures, a deterministic context, chunked stream decoding.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { EncodeClientContext } from "../../../../src/protocols/codec.ts";
import { geminiCodec } from "../../../../src/protocols/gemini/index.ts";
import type { UnifiedEvent } from "../../../../src/unified/events.ts";
import type { UnifiedRequest } from "../../../../src/unified/request.ts";
import { createSseDecoder } from "../../../../src/wire/sse-decode.ts";
import { chainSteps } from "../../../../src/wire/transducer.ts";

const FIXTURES = join(import.meta.dir, "../../../fixtures/gemini");

export function fixtureText(path: string): string {
  return readFileSync(join(FIXTURES, path), "utf8");
}

export function fixture(path: string): Record<string, unknown> {
  return JSON.parse(fixtureText(path)) as Record<string, unknown>;
}

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

/** Text → SSE frames → the codec's stream decoder, fed in the given piece sizes. */
export function decodeStream(text: string, sizes: number[] = [text.length || 1]): UnifiedEvent[] {
  const step = chainSteps(createSseDecoder(), geminiCodec.createStreamDecoder(testContext()));
  const events: UnifiedEvent[] = [];
  for (const piece of splitText(text, sizes)) events.push(...step.push(piece));
  events.push(...step.end());
  return events;
}

export function encodeStream(events: UnifiedEvent[], context: EncodeClientContext = testContext()): string[] {
  const step = geminiCodec.createStreamEncoder(context);
  const out: string[] = [];
  for (const event of events) out.push(...step.push(event));
  out.push(...step.end());
  return out;
}

/** The JSON of every `data:` line of an SSE text. */
export function sseChunks(text: string): Array<Record<string, unknown>> {
  return text
    .split(/\r?\n/)
    .filter((line) => line.startsWith("data: "))
    .map((line) => JSON.parse(line.slice(6)) as Record<string, unknown>);
}
