// In charge of shared helpers for the OpenAI codec tests: a deterministic context, fixtures, stream plumbing.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { CodecContext, EncodeClientContext, Step } from "../../../../src/protocols/codec.ts";
import type { UnifiedEvent } from "../../../../src/unified/events.ts";
import { createSseDecoder } from "../../../../src/wire/sse-decode.ts";
import { chainSteps } from "../../../../src/wire/transducer.ts";
import { createStreamDecoder } from "../../../../src/protocols/openai/decode-stream.ts";

const FIXTURES = join(import.meta.dir, "../../../fixtures/openai");

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

/** SSE text → unified events through the real SSE framing and the OpenAI stream decoder. */
export function decodeSse(text: string, cuts: number[] = [], context: CodecContext = testContext()): UnifiedEvent[] {
  return runChunked(chainSteps(createSseDecoder(), createStreamDecoder(context)), text, cuts);
}

/** Cut points every `size` characters. */
export function everyN(text: string, size: number): number[] {
  const cuts: number[] = [];
  for (let i = size; i < text.length; i += size) cuts.push(i);
  return cuts;
}

/** The JSON payloads of `data:` frames (skipping [DONE]). */
export function dataPayloads(frames: string[]): unknown[] {
  const out: unknown[] = [];
  for (const frame of frames) {
    for (const line of frame.split("\n")) {
      if (line.startsWith("data: ") && line !== "data: [DONE]") out.push(JSON.parse(line.slice(6)));
    }
  }
  return out;
}
