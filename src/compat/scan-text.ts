// In charge of the incremental text transducer: model text chunks in, prose and parsed tool calls out, whatever the chunking.
import type { Step } from "../protocols/codec.ts";
import type { UnifiedTool } from "../unified/request.ts";
import { parseToolCallBlock, parseToolUseBlock } from "./parse-xml.ts";
import { createToolSet, type ParsedBlock, type ToolSet } from "./parsed-block.ts";
import { findBlockEnd, nextWindow, type OpenBlock } from "./block-end.ts";
import { classifyAngle, classifyFence, closingFenceEnd, closingProseFence, type BlockKind } from "./classify-tags.ts";
import { isWhitespace } from "./xml-text.ts";

export type CompatOutput = { type: "text"; text: string } | { type: "call"; name: string; arguments: Record<string, unknown> };

/** prose: plain text; after: right after a parsed block, where whitespace, stray close tags and a closing fence are dropped. */
type LooseMode = "prose" | "after";

/** Collects one push's outputs, merging adjacent text; one per scanner, reused (a push allocates only what it returns). */
class Sink {
  private items: CompatOutput[] = [];
  private text = "";
  addText(text: string): void {
    this.text += text;
  }
  addCall(name: string, args: Record<string, unknown>): void {
    this.flushText();
    this.items.push({ type: "call", name, arguments: args });
  }
  /** The outputs collected since the last take. */
  take(): CompatOutput[] {
    this.flushText();
    if (this.items.length === 0) return [];
    const items = this.items;
    this.items = [];
    return items;
  }
  private flushText(): void {
    if (this.text !== "") this.items.push({ type: "text", text: this.text });
    this.text = "";
  }
}

class CompatTextScanner implements Step<string, CompatOutput> {
  private readonly tools: ToolSet;
  private readonly sink = new Sink();
  private mode: LooseMode = "prose";
  private held = "";
  private block: OpenBlock | null = null;
  /** The parsed block was opened by a fence whose closing fence is still to be dropped. */
  private blockFenceOpen = false;
  /** Inside a Markdown code block of the prose: its closing fence is not a fence before a tool block. */
  private proseFenceOpen = false;

  constructor(tools: UnifiedTool[]) {
    this.tools = createToolSet(tools);
  }

  push(chunk: string): CompatOutput[] {
    this.feed(chunk, false, this.sink);
    return this.sink.take();
  }

  end(): CompatOutput[] {
    const sink = this.sink;
    this.feed("", true, sink);
    const block = this.block;
    if (block) {
      this.block = null;
      this.closeBlock(block, block.text, sink);
    }
    this.mode = "prose";
    this.held = "";
    this.blockFenceOpen = false;
    this.proseFenceOpen = false;
    return sink.take();
  }

  private feed(chunk: string, final: boolean, sink: Sink): void {
    let text: string | null = chunk;
    while (text !== null) {
      if (this.block) {
        text = this.feedBlock(this.block, text, sink);
      } else {
        const input: string = this.held === "" ? text : this.held + text;
        this.held = "";
        text = this.mode === "after" ? this.scanAfter(input, final, sink) : this.scanProse(input, 0, final, sink);
      }
    }
  }

  private openBlock(kind: BlockKind, fence: string): void {
    this.block = { kind, fence, text: "", length: 0, window: "", argsClosedAt: -1 };
  }

  /** Right after a block: drops whitespace, stray close tags and the closing fence; returns the rest of a block's text, or null. */
  private scanAfter(s: string, final: boolean, sink: Sink): string | null {
    let index = 0;
    for (;;) {
      while (index < s.length && isWhitespace(s.charCodeAt(index))) index++;
      if (index === s.length) return null;
      const code = s.charCodeAt(index);
      if (code === 60 /* < */) {
        const angle = classifyAngle(s, index, final, true, false);
        if (angle.kind === "closer") {
          index = angle.end;
          continue;
        }
        if (angle.kind === "need") {
          this.held = s.slice(index);
          return null;
        }
        if (angle.kind === "opener") {
          this.openBlock(angle.block, "");
          return s.slice(index);
        }
      } else if (code === 96 /* ` */ && this.blockFenceOpen) {
        const end = closingFenceEnd(s, index, final);
        if (end === -2) {
          this.held = s.slice(index);
          return null;
        }
        if (end >= 0) {
          this.blockFenceOpen = false;
          index = end;
          continue;
        }
      }
      this.mode = "prose";
      this.blockFenceOpen = false;
      return this.scanProse(s, index, final, sink);
    }
  }

  /** Emits prose up to the next possible tag; returns the text from a block opener on, or null when all is consumed or held. */
  private scanProse(s: string, from: number, final: boolean, sink: Sink): string | null {
    let start = from;
    let index = from;
    let nextAngle = s.indexOf("<", index);
    let nextTick = s.indexOf("`", index);
    for (;;) {
      if (nextAngle >= 0 && nextAngle < index) nextAngle = s.indexOf("<", index);
      if (nextTick >= 0 && nextTick < index) nextTick = s.indexOf("`", index);
      const at = nextTick < 0 || (nextAngle >= 0 && nextAngle < nextTick) ? nextAngle : nextTick;
      if (at < 0) {
        sink.addText(start === 0 ? s : s.slice(start));
        return null;
      }
      if (s.charCodeAt(at) === 60) {
        const angle = classifyAngle(s, at, final, false, false);
        if (angle.kind === "text") {
          index = at + 1;
          continue;
        }
        sink.addText(s.slice(start, at));
        if (angle.kind === "need") {
          this.held = s.slice(at);
          return null;
        }
        if (angle.kind === "closer") {
          start = index = angle.end; // a stray `</cs:…>` in prose
          continue;
        }
        this.openBlock(angle.block, "");
        return s.slice(at);
      }
      const fence = this.proseFenceOpen ? closingProseFence(s, at, final) : classifyFence(s, at, final);
      if (fence.kind === "text") {
        if (fence.length >= 3) this.proseFenceOpen = !this.proseFenceOpen;
        index = at + fence.length;
        continue;
      }
      sink.addText(s.slice(start, at));
      if (fence.kind === "need") {
        this.held = s.slice(at);
        return null;
      }
      this.openBlock(fence.block, s.slice(at, fence.at));
      return s.slice(fence.at);
    }
  }

  /** Appends to the open block; when it ends, parses it and returns the text after it (else null). */
  private feedBlock(block: OpenBlock, chunk: string, sink: Sink): string | null {
    const cut = findBlockEnd(block, chunk);
    if (cut < 0) {
      block.text += chunk;
      block.length += chunk.length;
      block.window = nextWindow(block, chunk);
      return null;
    }
    this.block = null;
    const inChunk = cut - block.length;
    if (inChunk >= 0) {
      // The usual case: cut inside this chunk, so only the block's own text is joined (no slice of a fresh rope).
      this.closeBlock(block, block.text === "" ? chunk.slice(0, inChunk) : block.text + chunk.slice(0, inChunk), sink);
      return chunk.slice(inChunk);
    }
    const all = block.text + chunk;
    this.closeBlock(block, all.slice(0, cut), sink);
    return all.slice(cut);
  }

  private closeBlock(block: OpenBlock, text: string, sink: Sink): void {
    let parsed: ParsedBlock | null;
    switch (block.kind) {
      case "todo":
        // A scratchpad: removed from the output, with the layout whitespace after it.
        this.mode = "after";
        return;
      case "use":
        parsed = parseToolUseBlock(text, this.tools);
        break;
      case "call":
        parsed = parseToolCallBlock(text, this.tools);
        break;
      default: {
        const unreachable: never = block.kind;
        return unreachable;
      }
    }
    if (!parsed || parsed.calls.length === 0) {
      // Unknown tool or no name: the model's text is given back untouched (compat-mode.md).
      sink.addText(block.fence + text);
      if (block.fence !== "") this.proseFenceOpen = true;
      this.mode = "prose";
      this.blockFenceOpen = false;
      return;
    }
    for (const call of parsed.calls) sink.addCall(call.name, call.arguments);
    if (parsed.trailing !== "") sink.addText(parsed.trailing);
    this.mode = parsed.trailing === "" ? "after" : "prose";
    // Several blocks may share one fence: it stays open until its closing fence or prose.
    if (block.fence !== "") this.blockFenceOpen = true;
    if (this.mode === "prose") this.blockFenceOpen = false;
  }
}

/** The core transducer: text chunks in, text and calls out (used by the event wrapper and for whole answers). */
export function createCompatTextParser(tools: UnifiedTool[]): Step<string, CompatOutput> {
  return new CompatTextScanner(tools);
}

/** Merges adjacent text items (outputs of different chunks) into one. */
export function mergeCompatOutputs(items: CompatOutput[]): CompatOutput[] {
  const out: CompatOutput[] = [];
  for (const item of items) {
    const last = out[out.length - 1];
    if (item.type === "text" && last?.type === "text") out[out.length - 1] = { type: "text", text: last.text + item.text };
    else if (item.type !== "text" || item.text !== "") out.push(item);
  }
  return out;
}

/** Whole (non-streamed) answers. */
export function parseCompatText(text: string, tools: UnifiedTool[]): CompatOutput[] {
  const parser = createCompatTextParser(tools);
  return mergeCompatOutputs([...parser.push(text), ...parser.end()]);
}
