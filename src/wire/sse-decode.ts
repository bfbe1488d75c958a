// In charge of splitting an SSE byte stream into events (WHATWG HTML §9.2.6 parsing rules).
import type { Step } from "../protocols/codec.ts";
import type { StreamFrame } from "./frame.ts";

/**
 * Text in (already UTF-8 decoded with `stream: true`), frames out. Handles
 * CRLF/CR/LF line ends, multi-line `data:`, comments and frames split across
 * chunks. Frames without data (comments, bare `event:`) are dropped.
 */
export function createSseDecoder(): Step<string, StreamFrame> {
  let buffer = "";
  let event: string | undefined;
  let data: string[] = [];
  let pendingCR = false;

  function dispatch(out: StreamFrame[]): void {
    if (data.length > 0) {
      const text = data.length === 1 ? data[0]! : data.join("\n");
      out.push(event === undefined ? { data: text } : { event, data: text });
    }
    event = undefined;
    data = [];
  }

  function line(text: string, out: StreamFrame[]): void {
    if (text === "") return dispatch(out);
    if (text.charCodeAt(0) === 58 /* : */) return;
    if (text.startsWith("data:")) {
      // Nearly every line: one slice instead of splitting at the colon first.
      data.push(text.slice(text.charCodeAt(5) === 32 ? 6 : 5));
      return;
    }
    const colon = text.indexOf(":");
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? "" : text.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    if (field === "data") data.push(value);
    else if (field === "event") event = value;
  }

  return {
    push(chunk: string): StreamFrame[] {
      const out: StreamFrame[] = [];
      let text = chunk;
      if (pendingCR && text.charCodeAt(0) === 10) text = text.slice(1);
      pendingCR = false;
      const all = buffer.length === 0 ? text : buffer + text;
      let start = 0;
      if (all.indexOf("\r") === -1) {
        // The common case (LF only): native indexOf instead of a loop over every character.
        for (let end = all.indexOf("\n"); end !== -1; end = all.indexOf("\n", start)) {
          line(all.slice(start, end), out);
          start = end + 1;
        }
      } else {
        for (let i = 0; i < all.length; i++) {
          const code = all.charCodeAt(i);
          if (code === 10 || code === 13) {
            line(all.slice(start, i), out);
            if (code === 13) {
              if (i + 1 < all.length) {
                if (all.charCodeAt(i + 1) === 10) i++;
              } else pendingCR = true;
            }
            start = i + 1;
          }
        }
      }
      buffer = start === 0 ? all : all.slice(start);
      return out;
    },
    end(): StreamFrame[] {
      const out: StreamFrame[] = [];
      if (buffer.length > 0) line(buffer, out);
      buffer = "";
      dispatch(out);
      return out;
    },
  };
}
