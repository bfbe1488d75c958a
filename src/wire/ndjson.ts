// In charge of newline-delimited JSON framing (Ollama streams).
import type { Step } from "../protocols/codec.ts";
import type { StreamFrame } from "./frame.ts";

export function createNdjsonDecoder(): Step<string, StreamFrame> {
  let buffer = "";
  return {
    push(chunk: string): StreamFrame[] {
      buffer += chunk;
      const out: StreamFrame[] = [];
      let newline = buffer.indexOf("\n");
      while (newline !== -1) {
        const text = buffer.slice(0, newline).trim();
        if (text) out.push({ data: text });
        buffer = buffer.slice(newline + 1);
        newline = buffer.indexOf("\n");
      }
      return out;
    },
    end(): StreamFrame[] {
      const text = buffer.trim();
      buffer = "";
      return text ? [{ data: text }] : [];
    },
  };
}

export function ndjsonLine(value: unknown): string {
  return JSON.stringify(value) + "\n";
}
