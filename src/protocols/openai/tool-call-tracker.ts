// In charge of assembling streamed `tool_calls` deltas into calls with our own unique indices.
import type { UnifiedEvent } from "../../unified/events.ts";
import { isRecord } from "../shared/json.ts";

interface TrackedCall {
  /** Our index: 0, 1, 2 … in order of start, whatever the upstream numbers (-1 until started). */
  index: number;
  id: string;
  /** Whether `id` came from the upstream (a different upstream id then means a new call). */
  upstreamId: boolean;
  name?: string;
  started: boolean;
  /** Arguments that arrived before the name (the start event needs the name). */
  pending: string;
  closed: boolean;
}

export interface ToolCallTracker {
  /** One entry of a delta's `tool_calls` (or a legacy `function_call` with `index: "function_call"`). */
  push(delta: Record<string, unknown>): UnifiedEvent[];
  /** Ends every open call (finish_reason or end of stream). */
  closeAll(): UnifiedEvent[];
  /** Whether any call was emitted. */
  hasCalls(): boolean;
}

function argumentsText(value: unknown): string {
  if (typeof value === "string") return value;
  // A few servers send the arguments as an object instead of JSON text.
  if (isRecord(value)) return JSON.stringify(value);
  return "";
}

/**
 * Servers differ: OpenAI sends the id and name once and then argument fragments under
 * the same `index`; parallel calls may interleave their fragments (so fragments are
 * routed by upstream index, never to "the last call"); some servers repeat the id on
 * every delta, send a whole call in one delta, reuse index 0 for every call with a new
 * id, or omit `index` altogether.
 */
export function createToolCallTracker(newId: () => string): ToolCallTracker {
  const byUpstream = new Map<number | string, TrackedCall>();
  const calls: TrackedCall[] = [];
  let last: TrackedCall | undefined;
  let startedCount = 0;

  function close(call: TrackedCall): UnifiedEvent[] {
    if (call.closed) return [];
    call.closed = true;
    // A call that never got a name cannot be executed by anyone; it is left out.
    return call.started ? [{ type: "tool-call-end", index: call.index }] : [];
  }

  function isNewCall(call: TrackedCall | undefined, id: string | undefined, name: string | undefined): boolean {
    if (!call || call.closed) return true;
    if (id !== undefined && call.upstreamId && id !== call.id) return true;
    return name !== undefined && call.name !== undefined && name !== call.name;
  }

  function open(key: number | string | undefined, id: string | undefined): TrackedCall {
    const call: TrackedCall = { index: -1, id: id ?? newId(), upstreamId: id !== undefined, started: false, pending: "", closed: false };
    calls.push(call);
    byUpstream.set(key ?? `auto-${calls.length}`, call);
    last = call;
    return call;
  }

  return {
    push(delta) {
      const out: UnifiedEvent[] = [];
      const fn = isRecord(delta.function) ? delta.function : {};
      const id = typeof delta.id === "string" && delta.id !== "" ? delta.id : undefined;
      const name = typeof fn.name === "string" && fn.name !== "" ? fn.name : undefined;
      const key = typeof delta.index === "number" || typeof delta.index === "string" ? delta.index : undefined;
      let call = key !== undefined ? byUpstream.get(key) : last;
      if (isNewCall(call, id, name)) {
        if (call) out.push(...close(call));
        call = open(key, id);
      } else if (call && id !== undefined && !call.upstreamId && !call.started) {
        call.id = id;
        call.upstreamId = true;
      }
      if (!call) return out;
      if (name !== undefined && call.name === undefined) call.name = name;
      const args = argumentsText(fn.arguments);
      if (!call.started && call.name !== undefined) {
        call.started = true;
        call.index = startedCount++;
        out.push({ type: "tool-call-start", index: call.index, id: call.id, name: call.name });
        if (call.pending) out.push({ type: "tool-call-delta", index: call.index, argumentsDelta: call.pending });
        call.pending = "";
      }
      if (args === "") return out;
      if (call.started) out.push({ type: "tool-call-delta", index: call.index, argumentsDelta: args });
      else call.pending += args;
      return out;
    },
    closeAll() {
      const out: UnifiedEvent[] = [];
      for (const call of calls) out.push(...close(call));
      return out;
    },
    hasCalls() {
      return startedCount > 0;
    },
  };
}
