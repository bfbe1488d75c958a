// In charge of shared helpers for the Responses codec tests: a deterministic context, fixtures, stream plumbing.
import { fixtureReader } from "../kit.ts";
import { runChunked, testContext } from "../openai/helpers.ts";
import type { CodecContext } from "../../../../src/protocols/codec.ts";
import { createStreamDecoder } from "../../../../src/protocols/responses/decode-stream.ts";
import type { UnifiedEvent } from "../../../../src/unified/events.ts";
import { createSseDecoder } from "../../../../src/wire/sse-decode.ts";
import { chainSteps } from "../../../../src/wire/transducer.ts";

// The deterministic context and the chunking helpers are the OpenAI codec tests' own.
export { clientContext, everyN, runChunked, testContext } from "../openai/helpers.ts";
export const { fixtureText, fixture: fixtureJson } = fixtureReader("openai-responses");

/** SSE text → unified events through the real SSE framing and the Responses stream decoder. */
export function decodeSse(text: string, cuts: number[] = [], context: CodecContext = testContext()): UnifiedEvent[] {
  return runChunked(chainSteps(createSseDecoder(), createStreamDecoder(context)), text, cuts);
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
