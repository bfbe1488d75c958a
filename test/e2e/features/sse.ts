// In charge of reading a client-facing SSE body into events and checking Claude's event grammar strictly.
import type Anthropic from "@anthropic-ai/sdk";
import { MessageStream } from "@anthropic-ai/sdk/lib/MessageStream";
import { expect } from "bun:test";

export interface SseEvent {
  event?: string;
  data: string;
}

/** Splits an SSE body (LF or CRLF) into events; comment lines are ignored. */
export function parseSse(text: string): SseEvent[] {
  const events: SseEvent[] = [];
  for (const block of text.replace(/\r\n/g, "\n").split("\n\n")) {
    if (block.trim() === "") continue;
    let event: string | undefined;
    const data: string[] = [];
    for (const line of block.split("\n")) {
      if (line.startsWith("event:")) event = line.slice(6).trim();
      else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
    }
    events.push(event === undefined ? { data: data.join("\n") } : { event, data: data.join("\n") });
  }
  return events;
}

type Json = Record<string, unknown>;

const DELTA_FOR: Record<string, string[]> = { text: ["text_delta"], thinking: ["thinking_delta", "signature_delta"], tool_use: ["input_json_delta"] };

/**
 * Claude's stream grammar: message_start, then blocks opened, filled and closed
 * one at a time with indexes 0, 1, 2 …, deltas of the block's own kind, then
 * message_delta (stop_reason) and message_stop last; `event:` repeats data.type.
 */
export function expectClaudeGrammar(events: SseEvent[]): Json[] {
  const payloads = events.map((event) => {
    const payload = JSON.parse(event.data) as Json;
    expect(event.event).toBe(payload.type as string);
    return payload;
  });
  expect(payloads[0]?.type).toBe("message_start");
  expect(payloads[payloads.length - 1]?.type).toBe("message_stop");
  expect(payloads[payloads.length - 2]?.type).toBe("message_delta");
  let open: { index: number; type: string } | undefined;
  let next = 0;
  for (const payload of payloads.slice(1, -2)) {
    if (payload.type === "ping") continue;
    if (payload.type === "content_block_start") {
      expect(open).toBeUndefined();
      expect(payload.index).toBe(next);
      open = { index: next++, type: String((payload.content_block as Json).type) };
    } else if (payload.type === "content_block_delta") {
      expect(payload.index).toBe(open?.index);
      expect(DELTA_FOR[open?.type ?? ""] ?? []).toContain(String((payload.delta as Json).type));
    } else if (payload.type === "content_block_stop") {
      expect(payload.index).toBe(open?.index);
      open = undefined;
    } else throw new Error(`unexpected Claude event ${String(payload.type)} inside the message`);
  }
  expect(open).toBeUndefined();
  return payloads;
}

/** Lets the official SDK assemble the events (it throws on anything it cannot place). */
export async function assembleWithSdk(payloads: Json[]): Promise<Anthropic.Message> {
  const lines = payloads.map((payload) => JSON.stringify(payload) + "\n").join("");
  const body = new Response(lines).body;
  if (!body) throw new Error("no body");
  return MessageStream.fromReadableStream(body).finalMessage();
}
