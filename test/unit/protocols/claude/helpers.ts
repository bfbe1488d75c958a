// In charge of shared helpers for the Claude codec tests: fixtures, a deterministic context, chunked SSE decoding.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { EncodeClientContext } from "../../../../src/protocols/codec.ts";
import { claudeCodec } from "../../../../src/protocols/claude/index.ts";
import type { UnifiedEvent } from "../../../../src/unified/events.ts";
import type { UnifiedRequest } from "../../../../src/unified/request.ts";
import { createSseDecoder } from "../../../../src/wire/sse-decode.ts";
import { chainSteps } from "../../../../src/wire/transducer.ts";

const FIXTURES = join(import.meta.dir, "../../../fixtures/claude");

export function fixtureText(path: string): string {
  return readFileSync(join(FIXTURES, path), "utf8");
}

export function fixture(path: string): Record<string, unknown> {
  return JSON.parse(fixtureText(path)) as Record<string, unknown>;
}

/** Ids "<prefix>t1", "<prefix>t2" … and a fixed clock. */
export function testContext(model = "my-alias"): EncodeClientContext {
  let counter = 0;
  return { model, newId: (prefix) => `${prefix}t${++counter}`, now: () => 1_735_787_045_678 };
}

export function decode(body: unknown) {
  return claudeCodec.decodeRequest({ body });
}

export function encode(request: UnifiedRequest) {
  return claudeCodec.encodeRequest(request, testContext());
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

/** SSE text → frames → the codec's stream decoder, fed in the given pieces. */
export function decodeStream(text: string, sizes: number[] = [text.length || 1]): UnifiedEvent[] {
  const step = chainSteps(createSseDecoder(), claudeCodec.createStreamDecoder(testContext()));
  const events: UnifiedEvent[] = [];
  for (const piece of splitText(text, sizes)) events.push(...step.push(piece));
  events.push(...step.end());
  return events;
}

export function encodeStream(events: UnifiedEvent[], model = "my-alias"): string[] {
  const step = claudeCodec.createStreamEncoder(testContext(model));
  const out: string[] = [];
  for (const event of events) out.push(...step.push(event));
  out.push(...step.end());
  return out;
}

/** Encoded frames → [event name, parsed data] pairs. */
export function parseFrames(frames: string[]): Array<[string, Record<string, unknown>]> {
  const decoder = createSseDecoder();
  const parsed = [...decoder.push(frames.join("")), ...decoder.end()];
  return parsed.map((frame) => [frame.event ?? "", JSON.parse(frame.data) as Record<string, unknown>]);
}

/** Collapses consecutive deltas of the same kind, so event lists compare independently of chunking. */
export function coalesce(events: UnifiedEvent[]): UnifiedEvent[] {
  const out: UnifiedEvent[] = [];
  for (const event of events) {
    const last = out[out.length - 1];
    if (event.type === "text-delta" && last?.type === "text-delta") out[out.length - 1] = { ...last, text: last.text + event.text };
    else if (event.type === "reasoning-delta" && last?.type === "reasoning-delta") out[out.length - 1] = { ...last, text: last.text + event.text };
    else if (event.type === "tool-call-delta" && last?.type === "tool-call-delta" && last.index === event.index) out[out.length - 1] = { ...last, argumentsDelta: last.argumentsDelta + event.argumentsDelta };
    else out.push(event);
  }
  return out;
}
