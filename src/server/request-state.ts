// In charge of per-request facts set by the global hooks and read by handlers (start time, id, key name).
import { nextRequestId } from "../pipeline/context.ts";

export interface RequestState {
  id: string;
  startedAt: number;
  keyName?: string;
  /** The JSON body as received, so passthrough can forward it without serialising it again. */
  rawBody?: string;
}

const states = new WeakMap<Request, RequestState>();

export function beginRequest(request: Request): RequestState {
  const state: RequestState = { id: request.headers.get("x-request-id")?.slice(0, 64) || nextRequestId(), startedAt: performance.now() };
  states.set(request, state);
  return state;
}

export function requestState(request: Request): RequestState {
  return states.get(request) ?? beginRequest(request);
}

/**
 * The request id on an answer, for an `onAfterHandle` hook. Not through `set.headers` from
 * onRequest: with any header there, Elysia rebuilds every Response a handler returns (new
 * Headers, the body re-wrapped as a stream), which costs the hot path.
 */
export function tagRequestId(context: { response: unknown; set: { headers: Record<string, unknown> }; request: Request }): void {
  const id = requestState(context.request).id;
  const response = context.response;
  if (!(response instanceof Response)) context.set.headers["x-request-id"] = id;
  else if (!response.headers.has("x-request-id")) response.headers.set("x-request-id", id);
}
