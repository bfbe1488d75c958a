// In charge of unified events → a Gemini client stream: SSE `data:` chunks, or a streamed JSON array without `alt=sse`.
import type { EncodeClientContext, Step } from "../codec.ts";
import { ProxyError } from "../../unified/errors.ts";
import type { UnifiedEvent } from "../../unified/events.ts";
import { mergeUsage, type Usage } from "../../unified/usage.ts";
import { argumentsObject } from "../shared/json.ts";
import { sseJson } from "../../wire/sse-encode.ts";
import { encodeError } from "./encode-error.ts";
import { finishReasonToWire } from "./map-finish-reason.ts";
import { metadataFromUsage } from "./usage.ts";
import type { GeminiPart, GeminiResponseBody } from "./wire-types.ts";

interface OpenCall {
  id: string;
  name: string;
  args: string;
  signature?: string;
}

/**
 * One chunk per text or reasoning delta; a functionCall part once its call
 * ends (Gemini sends calls whole); a last chunk with finishReason and usage.
 * SSE (`alt=sse`, what the SDK and Gemini CLI use) or, for raw REST clients,
 * a JSON array written element by element: "[" chunk ",\r\n" chunk … "]".
 * `context.sse` undefined is treated as SSE, the SDKs' mode.
 */
export function createStreamEncoder(context: EncodeClientContext): Step<UnifiedEvent, string> {
  const array = context.sse === false;
  const calls = new Map<number, OpenCall>();
  let responseId: string | undefined;
  let usage: Usage | undefined;
  let written = 0;
  let hasToolCalls = false;
  let lastKind: "text" | "reasoning" | "tool" | undefined;
  /**
   * A Gemini signature waits for the part after it: Gemini puts it on the first
   * part that follows the thoughts (a text or functionCall part), and the
   * decoder emits it just before that part's content.
   */
  let pendingSignature: string | undefined;
  let closed = false;

  function element(value: unknown): string {
    const prefix = written === 0 ? "[" : ",\r\n";
    written++;
    return array ? prefix + JSON.stringify(value) : sseJson(value);
  }

  function chunk(parts: GeminiPart[], finishReason?: string): string {
    responseId ??= context.newId("");
    const body: GeminiResponseBody = { candidates: [{ content: { role: "model", parts }, index: 0 }], modelVersion: context.model, responseId };
    const candidate = body.candidates[0];
    if (finishReason !== undefined && candidate) {
      candidate.finishReason = finishReason;
      body.usageMetadata = metadataFromUsage(usage);
    }
    return element(body);
  }

  /** A signature with no part to ride on goes alone on an empty part. */
  function flushSignature(): GeminiPart[] {
    if (pendingSignature === undefined) return [];
    const part: GeminiPart = lastKind === "reasoning" ? { text: "", thought: true, thoughtSignature: pendingSignature } : { text: "", thoughtSignature: pendingSignature };
    pendingSignature = undefined;
    return [part];
  }

  function callPart(index: number): string[] {
    const call = calls.get(index);
    if (!call) return [];
    calls.delete(index);
    const part: GeminiPart = { functionCall: { id: call.id, name: call.name, args: argumentsObject(call.args) } };
    const signature = call.signature ?? pendingSignature;
    if (signature === pendingSignature) pendingSignature = undefined;
    const before = flushSignature();
    if (signature) part.thoughtSignature = signature;
    lastKind = "tool";
    return [chunk([...before, part])];
  }

  function fail(error: ProxyError): string[] {
    closed = true;
    return [element(encodeError(error).body)];
  }

  function push(event: UnifiedEvent): string[] {
    if (closed) return [];
    switch (event.type) {
      case "message-start":
        if (event.id) responseId ??= event.id;
        if (event.usage) usage = mergeUsage(usage, event.usage);
        return [];
      case "text-delta": {
        if (!event.text && pendingSignature === undefined) return [];
        const part: GeminiPart = pendingSignature === undefined ? { text: event.text } : { text: event.text, thoughtSignature: pendingSignature };
        pendingSignature = undefined;
        lastKind = "text";
        return [chunk([part])];
      }
      case "reasoning-delta": {
        if (!event.text) return [];
        const before = flushSignature();
        lastKind = "reasoning";
        return [chunk([...before, { text: event.text, thought: true }])];
      }
      case "reasoning-signature": {
        if (event.protocol !== "gemini") return [];
        const before = flushSignature();
        pendingSignature = event.signature;
        return before.length > 0 ? [chunk(before)] : [];
      }
      case "reasoning-redacted":
        return [];
      case "tool-call-start": {
        hasToolCalls = true;
        const call: OpenCall = { id: event.id, name: event.name, args: "" };
        if (event.signature && event.signatureProtocol === "gemini") call.signature = event.signature;
        calls.set(event.index, call);
        return [];
      }
      case "tool-call-delta": {
        const call = calls.get(event.index);
        if (call) call.args += event.argumentsDelta;
        return [];
      }
      case "tool-call-end":
        return callPart(event.index);
      case "usage":
        usage = mergeUsage(usage, event.usage);
        return [];
      case "finish": {
        const out: string[] = [];
        for (const index of [...calls.keys()]) out.push(...callPart(index));
        if (event.usage) usage = mergeUsage(usage, event.usage);
        out.push(chunk(flushSignature(), finishReasonToWire(event.finishReason, hasToolCalls)));
        closed = true;
        if (array) out.push("]");
        return out;
      }
      case "error":
        return fail(event.error);
      default: {
        const unreachable: never = event;
        return unreachable;
      }
    }
  }

  return {
    push,
    end(): string[] {
      if (closed) return [];
      return fail(new ProxyError("upstream", "stream ended unexpectedly"));
    },
  };
}
