// In charge of turning upstream stream text into client stream text, on both paths, frame by frame.
import type { ProtocolCodec, Step } from "../protocols/codec.ts";
import type { ProxyError } from "../unified/errors.ts";
import type { UnifiedEvent } from "../unified/events.ts";
import type { StreamFrame } from "../wire/frame.ts";
import { createNdjsonDecoder } from "../wire/ndjson.ts";
import { createSseDecoder } from "../wire/sse-decode.ts";
import { append } from "../wire/append.ts";

export interface ConvertedChunk {
  /** Wire text for the client. */
  out: string;
  /** What the chunk meant, for first-output detection, usage and logs. */
  events: UnifiedEvent[];
  /** The stream is over (an error was written): stop reading. */
  stop: boolean;
}

export interface StreamConverter {
  push(text: string): ConvertedChunk;
  end(): ConvertedChunk;
  /** The client's error frame for a failure outside the upstream's frames (drop, idle timeout). */
  fail(error: ProxyError): string;
}

export function createFramer(framing: "sse" | "ndjson"): Step<string, StreamFrame> {
  return framing === "sse" ? createSseDecoder() : createNdjsonDecoder();
}

function frameText(frame: StreamFrame, framing: "sse" | "ndjson"): string {
  if (framing === "ndjson") return frame.data + "\n";
  const head = frame.event === undefined ? "" : `event: ${frame.event}\n`;
  return frame.data.includes("\n") ? head + frame.data.split("\n").map((line) => `data: ${line}\n`).join("") + "\n" : `${head}data: ${frame.data}\n\n`;
}

/**
 * Same protocol: each upstream frame is forwarded as its own bytes (data
 * untouched, only line endings normalised), while the protocol's decoder reads
 * it for usage and errors. An upstream failure ends the stream with our error
 * frame in place of whatever broke.
 */
export function createPassthroughConverter(codec: ProtocolCodec, decoder: Step<StreamFrame, UnifiedEvent>): StreamConverter {
  const framing = codec.upstream.streamFraming;
  const framer = createFramer(framing);
  let stopped = false;

  function run(frames: StreamFrame[], atEnd: boolean): ConvertedChunk {
    let out = "";
    const events: UnifiedEvent[] = [];
    const consume = (produced: UnifiedEvent[]): boolean => {
      for (const event of produced) {
        events.push(event);
        if (event.type === "error") {
          out += codec.encodeStreamError(event.error);
          stopped = true;
          return false;
        }
      }
      return true;
    };
    for (const frame of frames) {
      if (stopped) break;
      const produced = decoder.push(frame);
      const failed = produced.some((event) => event.type === "error");
      if (!failed) out += frameText(frame, framing);
      if (!consume(produced)) break;
    }
    if (atEnd && !stopped) consume(decoder.end());
    return { out, events, stop: stopped };
  }

  return {
    push: (text) => (stopped ? { out: "", events: [], stop: true } : run(framer.push(text), false)),
    end: () => (stopped ? { out: "", events: [], stop: true } : run(framer.end(), true)),
    fail: (error) => (stopped ? "" : ((stopped = true), codec.encodeStreamError(error))),
  };
}

/** Different protocols (or compat): upstream frames → unified events → [compat] → client frames. */
export function createUnifiedConverter(
  upstream: ProtocolCodec,
  decoder: Step<StreamFrame, UnifiedEvent>,
  encoder: Step<UnifiedEvent, string>,
  middle?: Step<UnifiedEvent, UnifiedEvent>,
): StreamConverter {
  const framer = createFramer(upstream.upstream.streamFraming);
  let stopped = false;

  function emit(events: UnifiedEvent[], atEnd: boolean): ConvertedChunk {
    let out = "";
    const seen: UnifiedEvent[] = [];
    let list = events;
    if (middle) {
      const through: UnifiedEvent[] = [];
      for (const event of events) append(through, middle.push(event));
      if (atEnd) append(through, middle.end());
      list = through;
    }
    for (const event of list) {
      seen.push(event);
      for (const frame of encoder.push(event)) out += frame;
      if (event.type === "error") {
        stopped = true;
        return { out, events: seen, stop: true };
      }
    }
    if (atEnd) for (const frame of encoder.end()) out += frame;
    return { out, events: seen, stop: stopped };
  }

  return {
    push(text) {
      if (stopped) return { out: "", events: [], stop: true };
      const events: UnifiedEvent[] = [];
      for (const frame of framer.push(text)) append(events, decoder.push(frame));
      return emit(events, false);
    },
    end() {
      if (stopped) return { out: "", events: [], stop: true };
      const events: UnifiedEvent[] = [];
      for (const frame of framer.end()) append(events, decoder.push(frame));
      append(events, decoder.end());
      return emit(events, true);
    },
    fail(error) {
      if (stopped) return "";
      const chunk = emit([{ type: "error", error }], false);
      return chunk.out;
    },
  };
}

const OUTPUT_EVENTS = new Set<UnifiedEvent["type"]>(["text-delta", "reasoning-delta", "reasoning-signature", "reasoning-redacted", "tool-call-start", "finish"]);

/** Whether the client has been promised something: after this, no failover. */
export function hasOutput(events: readonly UnifiedEvent[]): boolean {
  return events.some((event) => OUTPUT_EVENTS.has(event.type));
}

export function firstError(events: readonly UnifiedEvent[]): ProxyError | undefined {
  for (const event of events) if (event.type === "error") return event.error;
  return undefined;
}
