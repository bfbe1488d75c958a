// In charge of shared helpers for the Claude codec tests: fixtures, a deterministic context, chunked SSE decoding.
import { decodeStreamWith, encodeStreamWith, fixtureReader, splitText } from "../kit.ts";
import type { EncodeClientContext } from "../../../../src/protocols/codec.ts";
import { claudeCodec } from "../../../../src/protocols/claude/index.ts";
import type { UnifiedEvent } from "../../../../src/unified/events.ts";
import type { UnifiedRequest } from "../../../../src/unified/request.ts";
import { createSseDecoder } from "../../../../src/wire/sse-decode.ts";

export const { fixtureText, fixture } = fixtureReader("claude");

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

export { splitText };

/** SSE text → frames → the codec's stream decoder, fed in the given pieces. */
export function decodeStream(text: string, sizes: number[] = [text.length || 1]): UnifiedEvent[] {
  return decodeStreamWith(claudeCodec, testContext(), text, sizes);
}

export function encodeStream(events: UnifiedEvent[], model = "my-alias"): string[] {
  return encodeStreamWith(claudeCodec, testContext(model), events);
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
