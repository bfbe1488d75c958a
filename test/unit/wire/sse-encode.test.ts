import { describe, expect, test } from "bun:test";
import { SLOT, sseFrame, sseJson, textSlot } from "../../../src/wire/sse-encode.ts";

describe("sse-encode", () => {
  test("a text slot gives the bytes serialising the whole frame gives", () => {
    const fill = textSlot(sseJson({ type: "content_block_delta", index: 3, delta: { type: "text_delta", text: SLOT } }, "content_block_delta"));
    for (const text of ["plain", 'quotes " and \\ backslashes', "line\nbreaks\r\n", "tabs\tand \u0000 nul", "emoji 🎉 and \u2028 separators", "lone \ud800 surrogate", ""]) {
      expect(fill(text)).toBe(sseJson({ type: "content_block_delta", index: 3, delta: { type: "text_delta", text } }, "content_block_delta"));
    }
  });

  test("a template without its slot is refused", () => {
    expect(() => textSlot(sseJson({ text: "no slot" }))).toThrow();
  });

  test("event names with CR or LF are refused; data with newlines stays one event", () => {
    expect(() => sseFrame("{}", "a\nb")).toThrow();
    expect(() => sseFrame("{}", "a\rb")).toThrow();
    expect(sseFrame("one\ntwo", "x")).toBe("event: x\ndata: one\ndata: two\n\n");
  });
});
