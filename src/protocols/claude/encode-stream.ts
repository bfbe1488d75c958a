// In charge of writing unified events as Claude's SSE event sequence for Claude clients.
import type { EncodeClientContext, Step } from "../codec.ts";
import { ProxyError } from "../../unified/errors.ts";
import type { UnifiedEvent } from "../../unified/events.ts";
import { type Usage, mergeUsage } from "../../unified/usage.ts";
import { SLOT, sseJson, textSlot } from "../../wire/sse-encode.ts";
import { encodeStreamError } from "./encode-error.ts";
import { messageId } from "./encode-response.ts";
import { toClaudeStopReason } from "./map-finish-reason.ts";
import { toClaudeUsage } from "./usage.ts";

/** One Claude SSE frame: `event: <type>` plus the JSON whose `type` repeats it. */
function frame(type: string, payload: Record<string, unknown> = {}): string {
  return sseJson({ type, ...payload }, type);
}

interface ToolState {
  id: string;
  name: string;
  /** live: its block is open; pending: waiting for the open tool block to end; closed: block stopped. */
  state: "live" | "pending" | "closed";
  /** Arguments buffered while pending. */
  arguments: string;
  ended: boolean;
}

/**
 * Claude blocks are strictly sequential (the SDK appends on content_block_start
 * and indexes deltas by position), so: block indexes count 0, 1, 2 …; a text or
 * thinking block opens on its first non-empty delta; a tool call that starts
 * while another is still streaming waits (buffered) until that one ends.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/streaming#event-types
 */
export function createStreamEncoder(context: EncodeClientContext): Step<UnifiedEvent, string> {
  const tools = new Map<number, ToolState>();
  const pending: number[] = [];
  let open: { kind: "text" | "thinking" | "tool"; index: number; tool?: ToolState } | undefined;
  let nextBlock = 0;
  let started = false;
  let ended = false;
  let sawToolCall = false;
  let usage: Usage | undefined;

  function start(out: string[], id?: string): void {
    if (started) return;
    started = true;
    const message = { id: messageId(id, context), type: "message", role: "assistant", model: context.model, content: [], stop_reason: null, stop_sequence: null, usage: toClaudeUsage(usage) };
    out.push(frame("message_start", { message }), frame("ping"));
  }

  function openBlock(out: string[], kind: "text" | "thinking" | "tool", contentBlock: Record<string, unknown>, tool?: ToolState): void {
    open = { kind, index: nextBlock++, ...(tool ? { tool } : {}) };
    out.push(frame("content_block_start", { index: open.index, content_block: contentBlock }));
  }

  function closeOpen(out: string[]): void {
    if (!open) return;
    out.push(frame("content_block_stop", { index: open.index }));
    if (open.tool) open.tool.state = "closed";
    open = undefined;
  }

  /** Text delta frames by block index, from a template (the frame nearly every event becomes). */
  const textDeltas = new Map<number, (text: string) => string>();
  function textDelta(index: number): (text: string) => string {
    let make = textDeltas.get(index);
    if (!make) {
      make = textSlot(frame("content_block_delta", { index, delta: { type: "text_delta", text: SLOT } }));
      textDeltas.set(index, make);
    }
    return make;
  }

  function delta(out: string[], payload: Record<string, unknown>): void {
    if (open) out.push(frame("content_block_delta", { index: open.index, delta: payload }));
  }

  function openTool(out: string[], tool: ToolState): void {
    openBlock(out, "tool", { type: "tool_use", id: tool.id, name: tool.name, input: {} }, tool);
    tool.state = "live";
    if (tool.arguments) delta(out, { type: "input_json_delta", partial_json: tool.arguments });
    tool.arguments = "";
  }

  /** After the live tool block ends, the waiting calls get their turn in start order. */
  function flushPending(out: string[]): void {
    while (!open) {
      const next = pending.shift();
      if (next === undefined) return;
      const tool = tools.get(next);
      if (!tool) continue;
      openTool(out, tool);
      if (tool.ended) closeOpen(out);
    }
  }

  /** Before a text/thinking block opens, every started tool call is written out and closed. */
  function settleTools(out: string[]): void {
    if (open?.kind === "tool") closeOpen(out);
    for (const tool of pending.map((index) => tools.get(index))) {
      if (!tool) continue;
      openTool(out, tool);
      closeOpen(out);
    }
    pending.length = 0;
  }

  function ensureKind(out: string[], kind: "text" | "thinking"): void {
    if (open?.kind === kind) return;
    settleTools(out);
    closeOpen(out);
    openBlock(out, kind, kind === "text" ? { type: "text", text: "" } : { type: "thinking", thinking: "", signature: "" });
  }

  function onToolEvent(event: Extract<UnifiedEvent, { type: "tool-call-start" | "tool-call-delta" | "tool-call-end" }>, out: string[]): void {
    if (event.type === "tool-call-start") {
      sawToolCall = true;
      const tool: ToolState = { id: event.id || context.newId("toolu_"), name: event.name, state: "pending", arguments: "", ended: false };
      tools.set(event.index, tool);
      if (open?.kind === "tool") pending.push(event.index);
      else {
        closeOpen(out);
        openTool(out, tool);
      }
      return;
    }
    const tool = tools.get(event.index);
    if (!tool) return;
    if (event.type === "tool-call-delta") {
      if (tool.state === "live" && event.argumentsDelta) delta(out, { type: "input_json_delta", partial_json: event.argumentsDelta });
      else if (tool.state === "pending") tool.arguments += event.argumentsDelta;
      return;
    }
    tool.ended = true;
    if (tool.state === "live") {
      closeOpen(out);
      flushPending(out);
    }
  }

  function finish(event: Extract<UnifiedEvent, { type: "finish" }>, out: string[]): void {
    settleTools(out);
    closeOpen(out);
    if (event.usage) usage = mergeUsage(usage, event.usage);
    const final = toClaudeUsage(usage);
    out.push(
      frame("message_delta", {
        delta: { stop_reason: toClaudeStopReason(event.finishReason, sawToolCall), stop_sequence: null },
        usage: { output_tokens: final.output_tokens, input_tokens: final.input_tokens, cache_creation_input_tokens: final.cache_creation_input_tokens, cache_read_input_tokens: final.cache_read_input_tokens },
      }),
      frame("message_stop"),
    );
    ended = true;
  }

  function fail(error: ProxyError): string[] {
    ended = true;
    return [encodeStreamError(error)];
  }

  function onEvent(event: UnifiedEvent, out: string[]): void {
    switch (event.type) {
      case "message-start":
        if (event.usage) usage = mergeUsage(usage, event.usage);
        start(out, event.id);
        return;
      case "text-delta":
        if (event.text === "") return;
        ensureKind(out, "text");
        if (open) out.push(textDelta(open.index)(event.text));
        return;
      case "reasoning-delta":
        if (event.text === "") return;
        ensureKind(out, "thinking");
        delta(out, { type: "thinking_delta", thinking: event.text });
        return;
      case "reasoning-signature":
        // Only Claude's own signatures are shown to a Claude client; another protocol's would be a forgery here.
        if (event.protocol === "claude") {
          ensureKind(out, "thinking");
          delta(out, { type: "signature_delta", signature: event.signature });
        }
        if (open?.kind === "thinking") closeOpen(out);
        return;
      case "reasoning-redacted":
        settleTools(out);
        closeOpen(out);
        openBlock(out, "thinking", { type: "redacted_thinking", data: event.data });
        closeOpen(out);
        return;
      case "tool-call-start":
      case "tool-call-delta":
      case "tool-call-end":
        onToolEvent(event, out);
        return;
      case "usage":
        usage = mergeUsage(usage, event.usage);
        return;
      case "finish":
        finish(event, out);
        return;
      case "error":
        out.push(...fail(event.error));
        return;
      default: {
        const unreachable: never = event;
        return unreachable;
      }
    }
  }

  return {
    push(event: UnifiedEvent): string[] {
      if (ended) return [];
      const out: string[] = [];
      // Anything before message-start still needs Claude's opening frames; an error alone does not.
      if (event.type !== "error" && event.type !== "message-start") start(out);
      onEvent(event, out);
      return out;
    },
    end(): string[] {
      if (ended) return [];
      return fail(new ProxyError("upstream", "stream ended unexpectedly"));
    },
  };
}
