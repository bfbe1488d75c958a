// In charge of shared helpers for the Responses codec tests: a deterministic context, fixtures, stream plumbing.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { CodecContext, EncodeClientContext, Step } from "../../../../src/protocols/codec.ts";
import { createStreamDecoder } from "../../../../src/protocols/responses/decode-stream.ts";
import type { UnifiedEvent } from "../../../../src/unified/events.ts";
import { createSseDecoder } from "../../../../src/wire/sse-decode.ts";
import { chainSteps } from "../../../../src/wire/transducer.ts";

const FIXTURES = join(import.meta.dir, "../../../fixtures/openai-responses");

/** Ids `<prefix>test1`, `<prefix>test2` …; time fixed at 2025-03-10T01:25:52Z. */
export function testContext(): CodecContext {
  let counter = 0;
  return { newId: (prefix) => `${prefix}test${++counter}`, now: () => 1_741_569_952_000 };
}

export function clientContext(extra: Partial<EncodeClientContext> = {}): EncodeClientContext {
  return { ...testContext(), model: "my-alias", ...extra };
}

export function fixtureText(path: string): string {
  return readFileSync(join(FIXTURES, path), "utf8");
}

export function fixtureJson(path: string): unknown {
  return JSON.parse(fixtureText(path));
}

/** Runs text through a step, cut into pieces at the given offsets (to prove chunking does not matter). */
export function runChunked<Out>(step: Step<string, Out>, text: string, cuts: number[]): Out[] {
  const out: Out[] = [];
  let start = 0;
  for (const cut of [...cuts, text.length]) {
    out.push(...step.push(text.slice(start, cut)));
    start = cut;
  }
  out.push(...step.end());
  return out;
}

/** SSE text → unified events through the real SSE framing and the Responses stream decoder. */
export function decodeSse(text: string, cuts: number[] = [], context: CodecContext = testContext()): UnifiedEvent[] {
  return runChunked(chainSteps(createSseDecoder(), createStreamDecoder(context)), text, cuts);
}

/** Cut points every `size` characters. */
export function everyN(text: string, size: number): number[] {
  const cuts: number[] = [];
  for (let i = size; i < text.length; i += size) cuts.push(i);
  return cuts;
}

export interface SseEvent {
  event?: string;
  data: Record<string, unknown>;
}

/** Frames → their `event:` name and parsed `data:` payload. */
export function parseEvents(frames: string[] | string): SseEvent[] {
  const text = Array.isArray(frames) ? frames.join("") : frames;
  const out: SseEvent[] = [];
  for (const block of text.split("\n\n")) {
    if (block.trim() === "") continue;
    let event: string | undefined;
    let data = "";
    for (const line of block.split("\n")) {
      if (line.startsWith("event: ")) event = line.slice(7);
      else if (line.startsWith("data: ")) data += line.slice(6);
    }
    out.push(event === undefined ? { data: JSON.parse(data) as Record<string, unknown> } : { event, data: JSON.parse(data) as Record<string, unknown> });
  }
  return out;
}
