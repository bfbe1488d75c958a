// Passthrough streams forward plain content deltas without decoding them: the client's bytes and
// every event that matters (usage, finish, tool calls, errors) must stay exactly what a full decode gives.
import { describe, expect, test } from "bun:test";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { CodecContext, ProtocolCodec } from "../../../src/protocols/codec.ts";
import { codecs } from "../../../src/protocols/registry.ts";
import { createFramer, createPassthroughConverter } from "../../../src/pipeline/converters.ts";
import type { UnifiedEvent } from "../../../src/unified/events.ts";
import { fixtureReader, splitText } from "../protocols/kit.ts";

function context(): CodecContext {
  let counter = 0;
  return { newId: (prefix) => `${prefix}id${++counter}`, now: () => 1_741_569_952_000 };
}

function run(codec: ProtocolCodec, text: string, sizes: number[]): { out: string; events: UnifiedEvent[] } {
  const converter = createPassthroughConverter(codec, codec.createStreamDecoder(context()));
  let out = "";
  const events: UnifiedEvent[] = [];
  for (const piece of splitText(text, sizes)) {
    const chunk = converter.push(piece);
    out += chunk.out;
    events.push(...chunk.events);
  }
  const last = converter.end();
  return { out: out + last.out, events: [...events, ...last.events] };
}

const CONTENT = new Set<UnifiedEvent["type"]>(["text-delta", "reasoning-delta"]);
const meaningful = (events: UnifiedEvent[]) => events.filter((event) => !CONTENT.has(event.type));

for (const name of ["openai", "claude", "gemini", "ollama"] as const) {
  const codec = codecs[name];
  const withoutSkipping: ProtocolCodec = { ...codec, isContentOnlyFrame: undefined };
  const folder = join(import.meta.dir, "../../fixtures", name, "streams");
  const { fixtureText } = fixtureReader(join(name, "streams"));

  describe(`${name} passthrough with content-only frames skipped`, () => {
    for (const file of readdirSync(folder)) {
      test(file, () => {
        const text = fixtureText(file);
        for (const sizes of [[text.length], [7, 64, 300], [1]]) {
          const fast = run(codec, text, sizes);
          const full = run(withoutSkipping, text, sizes);
          expect(fast.out).toBe(full.out);
          expect(meaningful(fast.events)).toEqual(meaningful(full.events));
        }
      });
    }

    test("the text fixture really has frames it skips, and each one decodes to content alone", () => {
      const text = fixtureText(readdirSync(folder).find((file) => file.startsWith("text."))!);
      const framer = createFramer(codec.upstream.streamFraming);
      const decoder = codec.createStreamDecoder(context());
      let skipped = 0;
      for (const frame of [...framer.push(text), ...framer.end()]) {
        const events = decoder.push(frame);
        if (!codec.isContentOnlyFrame!(frame)) continue;
        skipped++;
        for (const event of events) expect(CONTENT.has(event.type) || event.type === "message-start").toBe(true);
      }
      expect(skipped).toBeGreaterThan(0);
    });
  });
}

describe("frames that carry more than content are never skipped", () => {
  const frame = (data: string, event?: string) => (event === undefined ? { data } : { event, data });
  test("openai: finish_reason, usage, tool calls and errors, with or without spaces", () => {
    const is = codecs.openai.isContentOnlyFrame!;
    expect(is(frame('{"choices":[{"index":0,"delta":{"content":"hi"},"finish_reason":null}],"usage":null}'))).toBe(true);
    expect(is(frame('{"choices": [{"index": 0, "delta": {"content": "hi"}, "finish_reason": null}], "usage": null}'))).toBe(true);
    expect(is(frame('{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}'))).toBe(false);
    expect(is(frame('{"choices": [{"index": 0, "delta": {}, "finish_reason": "length"}]}'))).toBe(false);
    expect(is(frame('{"choices":[],"usage":{"prompt_tokens":1,"completion_tokens":2}}'))).toBe(false);
    expect(is(frame('{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{}"}}]}}]}'))).toBe(false);
    expect(is(frame('{"error":{"message":"overloaded"}}'))).toBe(false);
    expect(is(frame('{"choices":[{"index":0,"delta":{"content":"hi"}}]', undefined))).toBe(false);
    expect(is(frame("[DONE]"))).toBe(false);
    // A value that merely spells a key is content.
    expect(is(frame('{"choices":[{"index":0,"delta":{"content":"usage"},"finish_reason":null}]}'))).toBe(true);
    expect(is(frame('{"choices":[{"index":0,"delta":{"content":"say \\"finish_reason\\":\\"stop\\""},"finish_reason":null}]}'))).toBe(true);
  });

  test("claude: only text and thinking deltas and pings", () => {
    const is = codecs.claude.isContentOnlyFrame!;
    expect(is(frame('{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"hi"}}', "content_block_delta"))).toBe(true);
    expect(is(frame('{"type":"ping"}', "ping"))).toBe(true);
    expect(is(frame('{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\\"a\\""}}', "content_block_delta"))).toBe(false);
    expect(is(frame('{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"abc"}}', "content_block_delta"))).toBe(false);
    expect(is(frame('{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":3}}', "message_delta"))).toBe(false);
    expect(is(frame('{"type":"error","error":{"type":"overloaded_error","message":"x"}}', "content_block_delta"))).toBe(false);
    expect(is(frame('{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"hi"}}'))).toBe(false);
  });

  test("gemini: text parts without finishReason, function calls, signatures or errors", () => {
    const is = codecs.gemini.isContentOnlyFrame!;
    expect(is(frame('{"candidates":[{"content":{"parts":[{"text":"hi"}],"role":"model"},"index":0}],"usageMetadata":{"promptTokenCount":3}}'))).toBe(true);
    expect(is(frame('{"candidates":[{"content":{"parts":[{"text":""}],"role":"model"},"finishReason":"STOP"}]}'))).toBe(false);
    expect(is(frame('{"candidates":[{"content":{"parts":[{"functionCall":{"name":"f","args":{}}}]}}]}'))).toBe(false);
    expect(is(frame('{"candidates":[{"content":{"parts":[{"text":"x","thoughtSignature":"sig"}]}}]}'))).toBe(false);
    expect(is(frame('{"usageMetadata":{"promptTokenCount":3,"candidatesTokenCount":5}}'))).toBe(false);
    expect(is(frame('{"error":{"code":500,"message":"x","status":"INTERNAL"}}'))).toBe(false);
  });

  test("ollama: done false lines without tool calls or errors", () => {
    const is = codecs.ollama.isContentOnlyFrame!;
    expect(is(frame('{"model":"m","message":{"role":"assistant","content":"hi"},"done":false}'))).toBe(true);
    expect(is(frame('{"model": "m", "message": {"role": "assistant", "content": "hi"}, "done": false}'))).toBe(true);
    expect(is(frame('{"model":"m","message":{"role":"assistant","content":""},"done":true,"eval_count":3}'))).toBe(false);
    expect(is(frame('{"model":"m","message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"f","arguments":{}}}]},"done":false}'))).toBe(false);
    expect(is(frame('{"error":"model not found"}'))).toBe(false);
  });
});
