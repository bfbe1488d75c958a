// In charge of turning an upstream Responses event stream into unified events (pure step object).
import type { CodecContext, Step } from "../codec.ts";
import { ProxyError } from "../../unified/errors.ts";
import type { UnifiedEvent } from "../../unified/events.ts";
import { mergeUsage, type Usage } from "../../unified/usage.ts";
import type { StreamFrame } from "../../wire/frame.ts";
import { isRecord, parseJson } from "../shared/json.ts";
import { reasoningPart } from "./decode-response.ts";
import { inBandError } from "./encode-error.ts";
import { decodeFinishReason } from "./map-finish-reason.ts";
import { unifiedCallName } from "./tool-names.ts";
import { decodeUsage } from "./usage.ts";

/** A call item being streamed, by its upstream item id. */
interface OpenCall {
  index: number;
  /** Arguments (or custom input) already emitted; `.done` fills in what deltas did not carry. */
  sent: string;
  custom: boolean;
  closed: boolean;
}

/**
 * Reads the lifecycle (`response.created` … `response.completed` / `.incomplete` / `.failed`)
 * and the item events; everything else (content_part.*, *.done repeats, in_progress) carries
 * nothing new. Calls are numbered 0, 1, 2 … in the order their items are added.
 * @see https://platform.openai.com/docs/api-reference/responses-streaming
 */
export function createStreamDecoder(context: CodecContext): Step<StreamFrame, UnifiedEvent> {
  const calls = new Map<string, OpenCall>();
  let started = false;
  let done = false;
  let usage: Usage | undefined;
  /** Summary parts of the current reasoning item seen so far (parts after the first are separated by a blank line). */
  let summaryParts = 0;

  function start(response: unknown): UnifiedEvent[] {
    if (started) return [];
    started = true;
    const event: Extract<UnifiedEvent, { type: "message-start" }> = { type: "message-start" };
    if (isRecord(response) && typeof response.id === "string") event.id = response.id;
    if (isRecord(response) && typeof response.model === "string") event.model = response.model;
    return [event];
  }

  function fail(error: ProxyError): UnifiedEvent[] {
    done = true;
    return [{ type: "error", error }];
  }

  function closeCall(call: OpenCall, full: string | undefined): UnifiedEvent[] {
    if (call.closed) return [];
    call.closed = true;
    const out: UnifiedEvent[] = [];
    const text = call.custom && full !== undefined ? JSON.stringify({ input: full }) : full;
    // Servers that send the whole arguments only in `.done` / `output_item.done`.
    if (text !== undefined && call.sent === "" && text !== "") out.push({ type: "tool-call-delta", index: call.index, argumentsDelta: text });
    else if (call.custom && call.sent !== "") out.push({ type: "tool-call-delta", index: call.index, argumentsDelta: JSON.stringify({ input: call.sent }) });
    out.push({ type: "tool-call-end", index: call.index });
    return out;
  }

  function itemAdded(item: Record<string, unknown>): UnifiedEvent[] {
    if (item.type === "reasoning") summaryParts = 0;
    if ((item.type !== "function_call" && item.type !== "custom_tool_call") || typeof item.name !== "string") return [];
    const key = typeof item.id === "string" ? item.id : `call-${calls.size}`;
    const call: OpenCall = { index: calls.size, sent: "", custom: item.type === "custom_tool_call", closed: false };
    calls.set(key, call);
    const id = typeof item.call_id === "string" && item.call_id !== "" ? item.call_id : context.newId("call_");
    const out: UnifiedEvent[] = [{ type: "tool-call-start", index: call.index, id, name: unifiedCallName(item.name, item.namespace) }];
    // A few servers put the whole arguments in the added item already.
    if (!call.custom && typeof item.arguments === "string" && item.arguments !== "") {
      call.sent = item.arguments;
      out.push({ type: "tool-call-delta", index: call.index, argumentsDelta: item.arguments });
    }
    return out;
  }

  function itemDone(item: Record<string, unknown>): UnifiedEvent[] {
    if (item.type === "reasoning") {
      const part = reasoningPart(item);
      return part?.type === "reasoning" && part.signature !== undefined ? [{ type: "reasoning-signature", signature: part.signature, protocol: "openai-responses" }] : [];
    }
    const call = typeof item.id === "string" ? calls.get(item.id) : undefined;
    if (!call) return [];
    const full = call.custom ? item.input : item.arguments;
    return closeCall(call, typeof full === "string" ? full : undefined);
  }

  function argumentsDelta(event: Record<string, unknown>): UnifiedEvent[] {
    const call = typeof event.item_id === "string" ? calls.get(event.item_id) : undefined;
    if (!call || call.closed || typeof event.delta !== "string" || event.delta === "") return [];
    call.sent += event.delta;
    // Custom tool input is raw text: it is wrapped into {"input": …} JSON when the call closes.
    return call.custom ? [] : [{ type: "tool-call-delta", index: call.index, argumentsDelta: event.delta }];
  }

  function finish(response: Record<string, unknown>): UnifiedEvent[] {
    const out: UnifiedEvent[] = [...start(response)];
    for (const call of calls.values()) out.push(...closeCall(call, undefined));
    const finalUsage = decodeUsage(response.usage);
    if (finalUsage) usage = mergeUsage(usage, finalUsage);
    const details = isRecord(response.incomplete_details) ? response.incomplete_details.reason : undefined;
    const event: Extract<UnifiedEvent, { type: "finish" }> = { type: "finish", finishReason: decodeFinishReason(response.status, details, calls.size > 0) };
    if (usage) event.usage = usage;
    out.push(event);
    done = true;
    return out;
  }

  function summaryPartAdded(): UnifiedEvent[] {
    summaryParts++;
    return summaryParts > 1 ? [{ type: "reasoning-delta", text: "\n\n" }] : [];
  }

  function handle(type: unknown, event: Record<string, unknown>): UnifiedEvent[] {
    const delta = typeof event.delta === "string" ? event.delta : "";
    switch (type) {
      case "response.created":
      case "response.in_progress":
      case "response.queued":
        return start(event.response);
      case "response.output_item.added":
        return [...start({}), ...(isRecord(event.item) ? itemAdded(event.item) : [])];
      case "response.output_item.done":
        return isRecord(event.item) ? itemDone(event.item) : [];
      case "response.output_text.delta":
      case "response.refusal.delta":
        return delta === "" ? [] : [...start({}), { type: "text-delta", text: delta }];
      case "response.reasoning_summary_part.added":
        return summaryPartAdded();
      case "response.reasoning_summary_text.delta":
      case "response.reasoning_text.delta":
        return delta === "" ? [] : [...start({}), { type: "reasoning-delta", text: delta }];
      case "response.function_call_arguments.delta":
      case "response.custom_tool_call_input.delta":
        return argumentsDelta(event);
      case "response.completed":
      case "response.incomplete":
        return finish(isRecord(event.response) ? event.response : {});
      case "response.failed":
      case "error":
        return fail(inBandError(event));
      default:
        return [];
    }
  }

  return {
    push(frame) {
      if (done) return [];
      const data = frame.data.trim();
      if (data === "" || data === "[DONE]") return [];
      const parsed = parseJson(data);
      if (!parsed.ok || !isRecord(parsed.value)) {
        return fail(new ProxyError("upstream", `upstream sent a stream frame that is not a JSON object: ${data.slice(0, 200)}`));
      }
      const event = parsed.value;
      return handle(event.type ?? frame.event, event);
    },
    end() {
      if (done) return [];
      return fail(new ProxyError("upstream", "upstream stream ended before completion"));
    },
  };
}
