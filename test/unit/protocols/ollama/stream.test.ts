// In charge of testing Ollama NDJSON stream decoding and encoding, and encoder → decoder recovery.
import { describe, expect, test } from "bun:test";
import { ollamaCodec } from "../../../../src/protocols/ollama/index.ts";
import { ProxyError } from "../../../../src/unified/errors.ts";
import type { UnifiedEvent } from "../../../../src/unified/events.ts";
import { decodeStream, encodeStream, fixtureText, NOW_ISO, parseLines } from "./helpers.ts";

function errorMessages(events: UnifiedEvent[]): string[] {
  return events.flatMap((event) => (event.type === "error" ? [event.error.message] : []));
}

describe("ollama stream decoder", () => {
  test("text stream: message-start, deltas, finish with usage", () => {
    expect(decodeStream(fixtureText("streams/text.ndjson"))).toEqual([
      { type: "message-start", model: "llama3.2" },
      { type: "text-delta", text: "The" },
      { type: "text-delta", text: " sky is" },
      { type: "text-delta", text: " blue." },
      { type: "finish", finishReason: { unified: "stop", raw: "stop" }, usage: { inputTokens: 26, outputTokens: 282 } },
    ]);
  });

  test("thinking and whole tool calls (several per line) → start + one delta + end each, unique indexes", () => {
    expect(decodeStream(fixtureText("streams/thinking-tools.ndjson"))).toEqual([
      { type: "message-start", model: "qwen3" },
      { type: "reasoning-delta", text: "The user wants" },
      { type: "reasoning-delta", text: " the weather." },
      { type: "text-delta", text: "Checking." },
      { type: "tool-call-start", index: 0, id: "call_t1", name: "get_weather" },
      { type: "tool-call-delta", index: 0, argumentsDelta: '{"city":"Tokyo"}' },
      { type: "tool-call-end", index: 0 },
      { type: "tool-call-start", index: 1, id: "call_t2", name: "get_weather" },
      { type: "tool-call-delta", index: 1, argumentsDelta: '{"city":"Paris","unit":"celsius"}' },
      { type: "tool-call-end", index: 1 },
      // Ollama's own function.index restarts at 0 on this line; ours keeps counting.
      { type: "tool-call-start", index: 2, id: "call_z9y8x7w6", name: "get_time" },
      { type: "tool-call-delta", index: 2, argumentsDelta: '{"city":"Tokyo"}' },
      { type: "tool-call-end", index: 2 },
      { type: "finish", finishReason: { unified: "tool-calls", raw: "stop" }, usage: { inputTokens: 169, outputTokens: 15 } },
    ]);
  });

  test("the same events whatever the chunking (split at every offset)", () => {
    const text = fixtureText("streams/thinking-tools.ndjson");
    const whole = decodeStream(text);
    for (let at = 1; at < text.length; at++) expect(decodeStream(text, [at, text.length])).toEqual(whole);
    expect(decodeStream(text, [1])).toEqual(whole);
    expect(decodeStream(text, [7, 3, 50])).toEqual(whole);
  });

  test("content on the done line comes before finish", () => {
    expect(decodeStream(fixtureText("streams/final-content.ndjson"))).toEqual([
      { type: "message-start", model: "gemma3" },
      { type: "text-delta", text: "That" },
      { type: "text-delta", text: "!" },
      { type: "finish", finishReason: { unified: "length", raw: "length" }, usage: { inputTokens: 11, outputTokens: 2 } },
    ]);
  });

  test("an {\"error\"} line is an error event and nothing follows", () => {
    const events = decodeStream(fixtureText("streams/error.ndjson"), [5]);
    expect(events.map((event) => event.type)).toEqual(["message-start", "text-delta", "text-delta", "error"]);
    const last = events[events.length - 1];
    expect(last?.type === "error" && last.error).toBeInstanceOf(ProxyError);
    expect(errorMessages(events)).toEqual(["an error was encountered while running the model"]);
  });

  test("a stream without done:true ends in an error", () => {
    const events = decodeStream(fixtureText("streams/truncated.ndjson"));
    expect(events.map((event) => event.type)).toEqual(["message-start", "text-delta", "text-delta", "error"]);
    expect(errorMessages(events)).toEqual(["upstream stream ended before completion"]);
    expect(errorMessages(decodeStream(""))).toEqual(["upstream stream ended before completion"]);
  });

  test("a line that is not JSON is an error; lines after done are ignored", () => {
    const garbage = decodeStream('{"model":"m","message":{"role":"assistant","content":"a"},"done":false}\n<html>oops</html>\n');
    expect(garbage.map((event) => event.type)).toEqual(["message-start", "text-delta", "error"]);
    expect(errorMessages(garbage)[0]).toStartWith("upstream sent a stream line that is not JSON");
    const after = decodeStream(fixtureText("streams/text.ndjson") + '{"model":"m","message":{"role":"assistant","content":"late"},"done":false}\n');
    expect(after.filter((event) => event.type === "text-delta")).toHaveLength(3);
    expect(after[after.length - 1]?.type).toBe("finish");
  });
});

describe("ollama stream encoder", () => {
  const line = (message: Record<string, unknown>) => ({ model: "my-alias", created_at: NOW_ISO, message: { role: "assistant", ...message }, done: false });

  test("writes one line per delta, a tool call when it ends, then the done line", () => {
    const output = encodeStream([
      { type: "message-start", id: "msg_1", model: "upstream", usage: { inputTokens: 40 } },
      { type: "reasoning-delta", text: "Hmm." },
      { type: "reasoning-signature", signature: "sig", protocol: "claude" },
      { type: "text-delta", text: "Let me " },
      { type: "text-delta", text: "look." },
      { type: "tool-call-start", index: 0, id: "toolu_a", name: "Read" },
      { type: "tool-call-delta", index: 0, argumentsDelta: '{"file_' },
      { type: "tool-call-delta", index: 0, argumentsDelta: 'path":"/x"}' },
      { type: "tool-call-end", index: 0 },
      { type: "tool-call-start", index: 1, id: "toolu_b", name: "Bash" },
      { type: "tool-call-delta", index: 1, argumentsDelta: '{"command":"ls"}' },
      { type: "tool-call-end", index: 1 },
      { type: "usage", usage: { outputTokens: 17 } },
      { type: "finish", finishReason: { unified: "stop", raw: "end_turn" } },
    ]);
    expect(output.every((text) => text.endsWith("\n") && text.indexOf("\n") === text.length - 1)).toBe(true);
    expect(parseLines(output)).toEqual([
      line({ content: "", thinking: "Hmm." }),
      line({ content: "Let me " }),
      line({ content: "look." }),
      line({ content: "", tool_calls: [{ id: "toolu_a", function: { index: 0, name: "Read", arguments: { file_path: "/x" } } }] }),
      line({ content: "", tool_calls: [{ id: "toolu_b", function: { index: 1, name: "Bash", arguments: { command: "ls" } } }] }),
      {
        model: "my-alias",
        created_at: NOW_ISO,
        message: { role: "assistant", content: "" },
        done: true,
        done_reason: "stop",
        total_duration: 0,
        load_duration: 0,
        prompt_eval_count: 40,
        prompt_eval_duration: 0,
        eval_count: 17,
        eval_duration: 0,
      },
    ]);
  });

  test("finish usage wins; length maps to length; a call still open at finish is written first", () => {
    const lines = parseLines(
      encodeStream([
        { type: "message-start" },
        { type: "tool-call-start", index: 0, id: "c", name: "f" },
        { type: "tool-call-delta", index: 0, argumentsDelta: '{"a":' },
        { type: "finish", finishReason: { unified: "length" }, usage: { inputTokens: 5, outputTokens: 9 } },
      ]),
    );
    expect(lines).toHaveLength(2);
    expect(lines[0]?.message).toEqual({ role: "assistant", content: "", tool_calls: [{ id: "c", function: { index: 0, name: "f", arguments: { _raw: '{"a":' } } }] });
    expect(lines[1]).toMatchObject({ done: true, done_reason: "stop", prompt_eval_count: 5, eval_count: 9 });
    const plain = parseLines(encodeStream([{ type: "text-delta", text: "x" }, { type: "finish", finishReason: { unified: "length" } }]));
    expect(plain[1]).toMatchObject({ done: true, done_reason: "length" });
  });

  test("an error writes {\"error\"} and no done line; later events are ignored", () => {
    const output = encodeStream([
      { type: "message-start" },
      { type: "text-delta", text: "par" },
      { type: "error", error: new ProxyError("upstream", "upstream stream ended before completion") },
      { type: "text-delta", text: "more" },
      { type: "finish", finishReason: { unified: "stop" } },
    ]);
    expect(output).toEqual([JSON.stringify(line({ content: "par" })) + "\n", '{"error":"upstream stream ended before completion"}\n']);
  });

  test("end() without finish behaves as an error", () => {
    expect(encodeStream([{ type: "text-delta", text: "a" }]).pop()).toBe('{"error":"stream ended unexpectedly"}\n');
    expect(encodeStream([{ type: "finish", finishReason: { unified: "stop" } }])).toHaveLength(1);
  });

  test("encodeStreamError is the bare error line", () => {
    expect(ollamaCodec.encodeStreamError(new ProxyError("upstream", 'bad "thing"'))).toBe('{"error":"bad \\"thing\\""}\n');
  });
});

describe("ollama stream encoder → decoder", () => {
  test("recovers text, reasoning, tool calls with arguments, finish and usage", () => {
    const events: UnifiedEvent[] = [
      { type: "message-start", model: "ignored" },
      { type: "reasoning-delta", text: "First, " },
      { type: "reasoning-delta", text: "think." },
      { type: "text-delta", text: "Answer: " },
      { type: "text-delta", text: "ünïcödé ✓\nline two" },
      { type: "tool-call-start", index: 0, id: "call_1", name: "search" },
      { type: "tool-call-delta", index: 0, argumentsDelta: '{"query":"a \\"b\\"",' },
      { type: "tool-call-delta", index: 0, argumentsDelta: '"limit":3,"nested":{"x":[1,2]}}' },
      { type: "tool-call-end", index: 0 },
      { type: "tool-call-start", index: 1, id: "call_2", name: "noop" },
      { type: "tool-call-end", index: 1 },
      { type: "finish", finishReason: { unified: "tool-calls" }, usage: { inputTokens: 100, outputTokens: 42 } },
    ];
    const wire = encodeStream(events).join("");
    const decoded = decodeStream(wire, [13]);
    expect(decoded).toEqual([
      { type: "message-start", model: "my-alias" },
      { type: "reasoning-delta", text: "First, " },
      { type: "reasoning-delta", text: "think." },
      { type: "text-delta", text: "Answer: " },
      { type: "text-delta", text: "ünïcödé ✓\nline two" },
      { type: "tool-call-start", index: 0, id: "call_1", name: "search" },
      { type: "tool-call-delta", index: 0, argumentsDelta: JSON.stringify({ query: 'a "b"', limit: 3, nested: { x: [1, 2] } }) },
      { type: "tool-call-end", index: 0 },
      { type: "tool-call-start", index: 1, id: "call_2", name: "noop" },
      { type: "tool-call-delta", index: 1, argumentsDelta: "{}" },
      { type: "tool-call-end", index: 1 },
      { type: "finish", finishReason: { unified: "tool-calls", raw: "stop" }, usage: { inputTokens: 100, outputTokens: 42 } },
    ]);
  });

  test("an encoded error is decoded as an error", () => {
    const wire = encodeStream([{ type: "text-delta", text: "a" }, { type: "error", error: new ProxyError("upstream", "boom") }]).join("");
    expect(errorMessages(decodeStream(wire))).toEqual(["boom"]);
  });
});
