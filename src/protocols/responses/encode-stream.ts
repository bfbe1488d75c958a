// In charge of writing unified events as the Responses event stream a client reads (pure step object).
import type { EncodeClientContext, Step } from "../codec.ts";
import { ProxyError } from "../../unified/errors.ts";
import type { UnifiedEvent } from "../../unified/events.ts";
import type { FinishReason } from "../../unified/finish-reason.ts";
import { mergeUsage, type Usage } from "../../unified/usage.ts";
import { encodeStreamError, streamErrorCode } from "./encode-error.ts";
import { callItem, customInput, messageItem, reasoningItem, responseObject, type ResponseShell } from "./output-items.ts";
import { unpackSignature } from "./signature.ts";
import type { ToolNameMap } from "./tool-names.ts";
import type { WireOutputItem } from "./wire-types.ts";

/** The message or reasoning item being written (only one at a time). */
interface OpenBlock {
  kind: "message" | "reasoning";
  id: string;
  outputIndex: number;
  text: string;
  encryptedContent?: string;
  /** Reasoning: a summary part was opened (there is summary text). */
  summary: boolean;
}

interface OpenCall {
  id: string;
  outputIndex: number;
  callId: string;
  name: string;
  arguments: string;
  custom: boolean;
  closed: boolean;
}

/**
 * The sequence OpenAI writes: `response.created`, `response.in_progress`, then per output item
 * `response.output_item.added`, its part/delta/done events, `response.output_item.done`, and
 * finally `response.completed` (or `response.incomplete`) carrying the whole Response with
 * usage. Every frame is `event: <type>` + `data: {"type", "sequence_number", …}`, numbers
 * strictly increasing from 0. Codex takes finished items from `response.output_item.done`.
 * @see https://platform.openai.com/docs/api-reference/responses-streaming
 */
export function createStreamEncoder(context: EncodeClientContext, names: ToolNameMap = new Map()): Step<UnifiedEvent, string> {
  const shell: ResponseShell = { id: context.newId("resp_"), createdAt: Math.floor(context.now() / 1000), model: context.model };
  const output: WireOutputItem[] = [];
  const calls = new Map<number, OpenCall>();
  let block: OpenBlock | null = null;
  let sequence = 0;
  let started = false;
  let ended = false;
  let usage: Usage | undefined;

  function emit(type: string, fields: Record<string, unknown>): string {
    return `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequence++, ...fields })}\n\n`;
  }

  function ensureStarted(upstreamId?: string): string[] {
    if (started) return [];
    started = true;
    if (upstreamId?.startsWith("resp_")) shell.id = upstreamId;
    const snapshot = responseObject(shell, [], {});
    return [emit("response.created", { response: snapshot }), emit("response.in_progress", { response: snapshot })];
  }

  function openBlock(kind: OpenBlock["kind"], id: string): string[] {
    const out = closeBlock();
    const opened: OpenBlock = { kind, id, outputIndex: output.length, text: "", summary: false };
    const item = kind === "message" ? messageItem(id, "", "in_progress") : reasoningItem(id, "", undefined);
    output.push(item);
    out.push(emit("response.output_item.added", { output_index: opened.outputIndex, item }));
    if (kind === "message") {
      out.push(emit("response.content_part.added", { item_id: id, output_index: opened.outputIndex, content_index: 0, part: { type: "output_text", annotations: [], logprobs: [], text: "" } }));
    }
    block = opened;
    return out;
  }

  function closeBlock(): string[] {
    const open = block;
    if (!open) return [];
    block = null;
    const where = { item_id: open.id, output_index: open.outputIndex };
    const out: string[] = [];
    if (open.kind === "message") {
      out.push(emit("response.output_text.done", { ...where, content_index: 0, text: open.text, logprobs: [] }));
      out.push(emit("response.content_part.done", { ...where, content_index: 0, part: { type: "output_text", annotations: [], logprobs: [], text: open.text } }));
      output[open.outputIndex] = messageItem(open.id, open.text, "completed");
    } else {
      if (open.summary) {
        out.push(emit("response.reasoning_summary_text.done", { ...where, summary_index: 0, text: open.text }));
        out.push(emit("response.reasoning_summary_part.done", { ...where, summary_index: 0, part: { type: "summary_text", text: open.text } }));
      }
      output[open.outputIndex] = reasoningItem(open.id, open.text, open.encryptedContent);
    }
    out.push(emit("response.output_item.done", { output_index: open.outputIndex, item: output[open.outputIndex] }));
    return out;
  }

  function textDelta(text: string): string[] {
    const out = [...ensureStarted()];
    if (block?.kind !== "message") out.push(...openBlock("message", context.newId("msg_")));
    const open = block as OpenBlock;
    open.text += text;
    out.push(emit("response.output_text.delta", { item_id: open.id, output_index: open.outputIndex, content_index: 0, delta: text, logprobs: [] }));
    return out;
  }

  function reasoningDelta(text: string): string[] {
    const out = [...ensureStarted()];
    if (block?.kind !== "reasoning") out.push(...openBlock("reasoning", context.newId("rs_")));
    const open = block as OpenBlock;
    const where = { item_id: open.id, output_index: open.outputIndex, summary_index: 0 };
    if (!open.summary) {
      open.summary = true;
      out.push(emit("response.reasoning_summary_part.added", { ...where, part: { type: "summary_text", text: "" } }));
    }
    open.text += text;
    out.push(emit("response.reasoning_summary_text.delta", { ...where, delta: text }));
    return out;
  }

  /** A Responses upstream's encrypted_content closes its reasoning item; other protocols' signatures cannot be sent back. */
  function reasoningSignature(event: Extract<UnifiedEvent, { type: "reasoning-signature" }>): string[] {
    const out = [...ensureStarted()];
    if (event.protocol !== "openai-responses") return block?.kind === "reasoning" ? [...out, ...closeBlock()] : out;
    const signature = unpackSignature(event.signature);
    if (block?.kind !== "reasoning") out.push(...openBlock("reasoning", signature.id ?? context.newId("rs_")));
    (block as OpenBlock).encryptedContent = signature.encryptedContent;
    return [...out, ...closeBlock()];
  }

  function toolCallStart(event: Extract<UnifiedEvent, { type: "tool-call-start" }>): string[] {
    const out = [...ensureStarted(), ...closeBlock()];
    const id = context.newId("fc_");
    const item = callItem(id, event.id, event.name, "", "in_progress", names);
    const call: OpenCall = { id, outputIndex: output.length, callId: event.id, name: event.name, arguments: "", custom: item.type === "custom_tool_call", closed: false };
    calls.set(event.index, call);
    output.push(item);
    out.push(emit("response.output_item.added", { output_index: call.outputIndex, item }));
    return out;
  }

  function toolCallDelta(event: Extract<UnifiedEvent, { type: "tool-call-delta" }>): string[] {
    const call = calls.get(event.index);
    if (!call || call.closed || event.argumentsDelta === "") return [];
    call.arguments += event.argumentsDelta;
    // Custom tool input is raw text inside the JSON arguments: written whole when the call closes.
    if (call.custom) return [];
    return [emit("response.function_call_arguments.delta", { item_id: call.id, output_index: call.outputIndex, delta: event.argumentsDelta })];
  }

  function closeCall(call: OpenCall): string[] {
    if (call.closed) return [];
    call.closed = true;
    const where = { item_id: call.id, output_index: call.outputIndex };
    const argumentsText = call.arguments === "" ? "{}" : call.arguments;
    const out: string[] = [];
    if (call.custom) {
      const input = customInput(argumentsText);
      if (input !== "") out.push(emit("response.custom_tool_call_input.delta", { ...where, delta: input }));
      out.push(emit("response.custom_tool_call_input.done", { ...where, input }));
    } else {
      out.push(emit("response.function_call_arguments.done", { ...where, arguments: argumentsText }));
    }
    output[call.outputIndex] = callItem(call.id, call.callId, call.name, argumentsText, "completed", names);
    out.push(emit("response.output_item.done", { output_index: call.outputIndex, item: output[call.outputIndex] }));
    return out;
  }

  function closeAll(): string[] {
    const out = closeBlock();
    for (const call of calls.values()) out.push(...closeCall(call));
    return out;
  }

  function finish(reason: FinishReason, finalUsage: Partial<Usage> | undefined): string[] {
    if (finalUsage) usage = mergeUsage(usage, finalUsage);
    const out = [...ensureStarted(), ...closeAll()];
    const response = responseObject(shell, output, { finish: reason, usage, completedAt: Math.floor(context.now() / 1000) });
    out.push(emit(response.status === "incomplete" ? "response.incomplete" : "response.completed", { response }));
    ended = true;
    return out;
  }

  /** The `error` event, then `response.failed` with what was produced so far; no `response.completed`. */
  function fail(error: ProxyError): string[] {
    ended = true;
    const out = [...ensureStarted(), encodeStreamError(error, sequence++)];
    const failed = { code: streamErrorCode(error), message: error.message };
    out.push(emit("response.failed", { response: responseObject(shell, output, { failed, usage }) }));
    return out;
  }

  function encode(event: UnifiedEvent): string[] {
    switch (event.type) {
      case "message-start":
        return ensureStarted(event.id);
      case "text-delta":
        return event.text === "" ? [] : textDelta(event.text);
      case "reasoning-delta":
        return event.text === "" ? [] : reasoningDelta(event.text);
      case "reasoning-signature":
        return reasoningSignature(event);
      case "reasoning-redacted":
        // Redacted reasoning (Claude) has no Responses form and cannot be sent back to its protocol from here.
        return [];
      case "tool-call-start":
        return toolCallStart(event);
      case "tool-call-delta":
        return toolCallDelta(event);
      case "tool-call-end": {
        const call = calls.get(event.index);
        return call ? closeCall(call) : [];
      }
      case "usage":
        usage = mergeUsage(usage, event.usage);
        return [];
      case "finish":
        return finish(event.finishReason, event.usage);
      case "error":
        return fail(event.error);
      default: {
        const unreachable: never = event;
        return unreachable;
      }
    }
  }

  return {
    push(event) {
      return ended ? [] : encode(event);
    },
    end() {
      return ended ? [] : fail(new ProxyError("upstream", "stream ended unexpectedly"));
    },
  };
}
