// In charge of the compat event stage: text-deltas become prose and tool-call events, everything else passes in order.
import { describe, expect, test } from "bun:test";
import { createCompatParser } from "../../../src/compat/parse-stream.ts";
import type { CodecContext } from "../../../src/protocols/codec.ts";
import { ProxyError } from "../../../src/unified/errors.ts";
import type { UnifiedEvent } from "../../../src/unified/events.ts";
import type { UnifiedTool } from "../../../src/unified/request.ts";
import { loadCorpus, loadTools } from "./corpus.ts";

const tools: UnifiedTool[] = [
  { name: "Read", parameters: { type: "object", properties: { file_path: { type: "string" }, limit: { type: "integer" } } } },
];

function testContext(): CodecContext {
  let next = 0;
  return { newId: (prefix) => `${prefix}${++next}`, now: () => 0 };
}

function run(events: UnifiedEvent[], parserTools = tools): UnifiedEvent[] {
  const parser = createCompatParser(parserTools, testContext());
  return [...events.flatMap((event) => parser.push(event)), ...parser.end()];
}

const BLOCK = '<cs:tool_use>\n<name>Read</name>\n<args>\n<arg name="file_path" type="string">/a</arg>\n<arg name="limit" type="string">5</arg>\n</args>\n</cs:tool_use>';
const STOP = { type: "finish", finishReason: { unified: "stop", raw: "stop" } } as const;

describe("compat event parser", () => {
  test("a call becomes start, one delta with the whole arguments, end; finish says tool-calls", () => {
    const events: UnifiedEvent[] = [{ type: "message-start", id: "m1", model: "x" }, { type: "reasoning-delta", text: "think" }];
    for (let at = 0; at < BLOCK.length; at += 7) events.push({ type: "text-delta", text: `${at === 0 ? "Sure.\n" : ""}${BLOCK.slice(at, at + 7)}` });
    events.push({ type: "usage", usage: { outputTokens: 9 } }, STOP);
    expect(run(events)).toEqual([
      { type: "message-start", id: "m1", model: "x" },
      { type: "reasoning-delta", text: "think" },
      { type: "text-delta", text: "Sure.\n" },
      { type: "tool-call-start", index: 0, id: "call_1", name: "Read" },
      { type: "tool-call-delta", index: 0, argumentsDelta: '{"file_path":"/a","limit":5}' },
      { type: "tool-call-end", index: 0 },
      { type: "usage", usage: { outputTokens: 9 } },
      { type: "finish", finishReason: { unified: "tool-calls" } },
    ]);
  });

  test("prose only: the finish reason is untouched and the held tail is flushed before it", () => {
    expect(run([{ type: "text-delta", text: "a <" }, STOP])).toEqual([{ type: "text-delta", text: "a " }, { type: "text-delta", text: "<" }, STOP]);
  });

  test("an open block is repaired and emitted before an error", () => {
    const error = new ProxyError("upstream", "connection reset");
    const out = run([{ type: "text-delta", text: '<cs:tool_use><name>Read</name><args><arg name="file_path">/z' }, { type: "error", error }]);
    expect(out.map((event) => event.type)).toEqual(["tool-call-start", "tool-call-delta", "tool-call-end", "error"]);
    expect(out[3]).toEqual({ type: "error", error });
  });

  test("the end of input without finish flushes too", () => {
    expect(run([{ type: "text-delta", text: "x <cs:tool" }])).toEqual([{ type: "text-delta", text: "x " }, { type: "text-delta", text: "<cs:tool" }]);
  });

  test("native tool calls pass through, re-indexed after ours", () => {
    const out = run([
      { type: "text-delta", text: BLOCK },
      { type: "tool-call-start", index: 0, id: "native_1", name: "Read" },
      { type: "tool-call-delta", index: 0, argumentsDelta: '{"file_path":' },
      { type: "tool-call-delta", index: 0, argumentsDelta: '"/n"}' },
      { type: "tool-call-end", index: 0 },
      { type: "text-delta", text: BLOCK },
      STOP,
    ]);
    const indexed = out.filter((event) => event.type === "tool-call-start").map((event) => (event.type === "tool-call-start" ? [event.index, event.id] : []));
    expect(indexed).toEqual([[0, "call_1"], [1, "native_1"], [2, "call_2"]]);
    expect(out.filter((event) => event.type === "tool-call-delta" && event.index === 1).length).toBe(2);
    expect(out[out.length - 1]).toEqual({ type: "finish", finishReason: { unified: "tool-calls" } });
  });

  test("native calls alone also make the finish reason tool-calls", () => {
    const out = run([{ type: "tool-call-start", index: 3, id: "n", name: "Read" }, { type: "tool-call-end", index: 3 }, STOP]);
    expect(out).toEqual([
      { type: "tool-call-start", index: 0, id: "n", name: "Read" },
      { type: "tool-call-end", index: 0 },
      { type: "finish", finishReason: { unified: "tool-calls" } },
    ]);
  });

  test("every corpus answer gives the same events whatever the delta size", () => {
    const corpusTools = loadTools();
    for (const item of loadCorpus()) {
      const runWith = (size: number) => {
        const events: UnifiedEvent[] = [];
        for (let at = 0; at < item.input.length; at += size) events.push({ type: "text-delta", text: item.input.slice(at, at + size) });
        events.push(STOP);
        return mergeTextEvents(run(events, corpusTools));
      };
      const whole = runWith(item.input.length || 1);
      expect({ name: item.name, events: runWith(3) }).toEqual({ name: item.name, events: whole });
    }
  });
});

function mergeTextEvents(events: UnifiedEvent[]): UnifiedEvent[] {
  const out: UnifiedEvent[] = [];
  for (const event of events) {
    const last = out[out.length - 1];
    if (event.type === "text-delta" && last?.type === "text-delta") out[out.length - 1] = { type: "text-delta", text: last.text + event.text };
    else out.push(event);
  }
  return out;
}
