// In charge of turning a Claude SSE event stream into unified events (content-block index bookkeeping, signatures, usage).
import { isRecord, parseJson } from "../shared/json.ts";
import type { CodecContext, Step } from "../codec.ts";
import { ProxyError } from "../../unified/errors.ts";
import type { UnifiedEvent } from "../../unified/events.ts";
import type { StreamFrame } from "../../wire/frame.ts";
import { streamError } from "./encode-error.ts";
import { fromClaudeFinalStopReason } from "./map-finish-reason.ts";
import { type ClaudeUsageCounters, countersToUsage, readUsageCounters } from "./usage.ts";

type Block =
  | { kind: "text" }
  | { kind: "thinking"; signed: boolean; startSignature?: string }
  | { kind: "tool"; index: number; sawDelta: boolean; startInput?: string }
  | { kind: "other" };

const str = (value: unknown): string => (typeof value === "string" ? value : "");

/**
 * State: Claude block index → our block, our own sequential tool index (so
 * calls are numbered 0, 1, 2 … whatever Claude's block indexes are), the
 * stop reason and Claude's cumulative usage counters.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/streaming
 */
export function createStreamDecoder(_context: CodecContext): Step<StreamFrame, UnifiedEvent> {
  const blocks = new Map<number, Block>();
  const counters: ClaudeUsageCounters = {};
  let nextToolIndex = 0;
  let started = false;
  let done = false;
  let stopReason: unknown;

  function ensureStarted(out: UnifiedEvent[]): void {
    if (!started) out.push({ type: "message-start" });
    started = true;
  }

  function fail(error: ProxyError): UnifiedEvent[] {
    done = true;
    return [{ type: "error", error }];
  }

  function onMessageStart(event: Record<string, unknown>, out: UnifiedEvent[]): void {
    if (started) return;
    started = true;
    const message = isRecord(event.message) ? event.message : {};
    readUsageCounters(message.usage, counters);
    out.push({
      type: "message-start",
      ...(typeof message.id === "string" ? { id: message.id } : {}),
      ...(typeof message.model === "string" ? { model: message.model } : {}),
      ...(isRecord(message.usage) ? { usage: countersToUsage(counters) } : {}),
    });
  }

  function onBlockStart(event: Record<string, unknown>, out: UnifiedEvent[]): void {
    const index = typeof event.index === "number" ? event.index : blocks.size;
    const block = isRecord(event.content_block) ? event.content_block : {};
    switch (block.type) {
      case "text":
        blocks.set(index, { kind: "text" });
        if (str(block.text)) out.push({ type: "text-delta", text: str(block.text) });
        return;
      case "thinking":
        blocks.set(index, { kind: "thinking", signed: false, ...(str(block.signature) ? { startSignature: str(block.signature) } : {}) });
        if (str(block.thinking)) out.push({ type: "reasoning-delta", text: str(block.thinking) });
        return;
      case "redacted_thinking":
        blocks.set(index, { kind: "other" });
        out.push({ type: "reasoning-redacted", data: str(block.data) });
        return;
      case "tool_use": {
        const tool: Block = { kind: "tool", index: nextToolIndex++, sawDelta: false };
        // Real Claude starts with `input: {}`; some compatible endpoints put the whole input here instead of deltas.
        if (isRecord(block.input) && Object.keys(block.input).length > 0) tool.startInput = JSON.stringify(block.input);
        blocks.set(index, tool);
        out.push({ type: "tool-call-start", index: tool.index, id: str(block.id), name: str(block.name) });
        return;
      }
      default:
        // server_tool_use, web_search_tool_result …: Anthropic ran these itself.
        blocks.set(index, { kind: "other" });
    }
  }

  function onBlockDelta(event: Record<string, unknown>, out: UnifiedEvent[]): void {
    const block = typeof event.index === "number" ? blocks.get(event.index) : undefined;
    const delta = isRecord(event.delta) ? event.delta : {};
    switch (delta.type) {
      case "text_delta":
        if (str(delta.text)) out.push({ type: "text-delta", text: str(delta.text) });
        return;
      case "thinking_delta":
        if (str(delta.thinking)) out.push({ type: "reasoning-delta", text: str(delta.thinking) });
        return;
      case "signature_delta":
        if (block?.kind === "thinking") block.signed = true;
        if (str(delta.signature)) out.push({ type: "reasoning-signature", signature: str(delta.signature), protocol: "claude" });
        return;
      case "input_json_delta":
        if (block?.kind !== "tool") return;
        block.sawDelta = true;
        if (str(delta.partial_json)) out.push({ type: "tool-call-delta", index: block.index, argumentsDelta: str(delta.partial_json) });
        return;
      default:
        // citations_delta and future delta types carry nothing the unified model holds.
        return;
    }
  }

  function onBlockStop(event: Record<string, unknown>, out: UnifiedEvent[]): void {
    const block = typeof event.index === "number" ? blocks.get(event.index) : undefined;
    if (block?.kind === "tool") {
      if (!block.sawDelta && block.startInput) out.push({ type: "tool-call-delta", index: block.index, argumentsDelta: block.startInput });
      out.push({ type: "tool-call-end", index: block.index });
    } else if (block?.kind === "thinking" && !block.signed && block.startSignature) {
      out.push({ type: "reasoning-signature", signature: block.startSignature, protocol: "claude" });
    }
  }

  function onEvent(type: unknown, event: Record<string, unknown>): UnifiedEvent[] {
    const out: UnifiedEvent[] = [];
    if (type === "message_start") onMessageStart(event, out);
    else if (type === "error") return [...out, ...fail(streamError(event))];
    else if (type === "ping") return out;
    else {
      ensureStarted(out);
      if (type === "content_block_start") onBlockStart(event, out);
      else if (type === "content_block_delta") onBlockDelta(event, out);
      else if (type === "content_block_stop") onBlockStop(event, out);
      else if (type === "message_delta") {
        if (isRecord(event.delta) && event.delta.stop_reason !== undefined) stopReason = event.delta.stop_reason;
        if (isRecord(event.usage)) {
          readUsageCounters(event.usage, counters);
          out.push({ type: "usage", usage: countersToUsage(counters) });
        }
      } else if (type === "message_stop") {
        done = true;
        out.push({ type: "finish", finishReason: fromClaudeFinalStopReason(stopReason, nextToolIndex > 0), usage: countersToUsage(counters) });
      }
    }
    return out;
  }

  return {
    push(frame: StreamFrame): UnifiedEvent[] {
      if (done) return [];
      const parsed = parseJson(frame.data);
      if (!parsed.ok || !isRecord(parsed.value)) return fail(new ProxyError("upstream", `upstream sent a stream frame that is not a JSON object: ${frame.data.slice(0, 200)}`));
      const event = parsed.value;
      return onEvent(typeof event.type === "string" ? event.type : frame.event, event);
    },
    end(): UnifiedEvent[] {
      if (done) return [];
      return fail(new ProxyError("upstream", "upstream stream ended before completion"));
    },
  };
}
