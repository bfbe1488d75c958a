// In charge of previous_response_id: expanding a stored conversation into a request, and storing finished answers.
import { isRecord, parseJson } from "../protocols/shared/json.ts";
import type { Store } from "../store/types.ts";
import { ProxyError } from "../unified/errors.ts";
import { createSseDecoder } from "../wire/sse-decode.ts";
import type { StreamFrame } from "../wire/frame.ts";

/** The request body with previous_response_id resolved, and the input items it now carries. */
export interface ExpandedRequest {
  body: Record<string, unknown>;
  /** Every input item of the request (stored ones first): what a later continuation replays. */
  input: unknown[];
}

function inputItems(input: unknown): unknown[] {
  if (input === undefined || input === null) return [];
  if (typeof input === "string") return [{ role: "user", content: input }];
  if (Array.isArray(input)) return input;
  throw new ProxyError("invalid_request", "input: expected a string or an array of input items");
}

/** Whether the owner of a stored response may use it: the same access key (or both keyless). */
function sameOwner(storedKey: string | undefined, keyName: string | undefined): boolean {
  return (storedKey ?? null) === (keyName ?? null);
}

export async function findStored(store: Store, id: string, keyName: string | undefined): Promise<{ response: unknown; items: unknown[] } | null> {
  const stored = await store.getResponse(id);
  if (!stored || !sameOwner(stored.keyName, keyName)) return null;
  const response = parseJson(stored.response);
  const items = parseJson(stored.items);
  if (!response.ok || !items.ok || !Array.isArray(items.value)) return null;
  return { response: response.value, items: items.value };
}

/**
 * The stored conversation (its input, then its output) goes in front of the new input, and
 * `previous_response_id` is removed, so every upstream, Responses or not, gets the whole
 * conversation. As in the Responses API, the earlier `instructions` are not carried over.
 * @see https://platform.openai.com/docs/api-reference/responses/create#responses-create-previous_response_id
 */
export async function expandPrevious(store: Store, body: Record<string, unknown>, keyName: string | undefined): Promise<ExpandedRequest> {
  const previousId = body.previous_response_id;
  const own = inputItems(body.input);
  if (previousId === undefined || previousId === null) return { body, input: own };
  if (typeof previousId !== "string" || previousId === "") throw new ProxyError("invalid_request", "previous_response_id: expected a non-empty string");
  const stored = await findStored(store, previousId, keyName);
  if (!stored) {
    throw new ProxyError("invalid_request", `previous_response_id: response '${previousId}' is not stored by ccproxy (unknown, created with store: false, or past its retention)`);
  }
  const input = [...stored.items, ...own];
  const { previous_response_id: _resolved, ...rest } = body;
  return { body: { ...rest, input }, input };
}

/**
 * `{"type": "item_reference", "id"}` input items (the AI SDK sends them for earlier answers when
 * `store` is on) are replaced by the stored output items; unknown ids stay as they are (a
 * Responses upstream may know them; other upstreams drop them with a warning).
 */
export async function resolveReferences(store: Store, request: ExpandedRequest, keyName: string | undefined): Promise<ExpandedRequest> {
  const ids = request.input.flatMap((item) => (isRecord(item) && item.type === "item_reference" && typeof item.id === "string" ? [item.id] : []));
  if (ids.length === 0) return request;
  const found = await store.getResponseItems(ids, keyName);
  if (found.size === 0) return request;
  const input = request.input.map((item) => {
    if (!isRecord(item) || item.type !== "item_reference" || typeof item.id !== "string") return item;
    const stored = found.get(item.id);
    const parsed = stored === undefined ? null : parseJson(stored);
    return parsed?.ok ? parsed.value : item;
  });
  return { body: { ...request.body, input }, input };
}

/** Whether a finished answer should be kept: the Responses API stores unless told `store: false` (Codex). */
export function wantsStorage(body: Record<string, unknown>): boolean {
  return body.store !== false;
}

export type SaveResponse = (response: Record<string, unknown>) => Promise<void>;

export function responseSaver(store: Store, input: unknown[], keyName: string | undefined, onError: (error: unknown) => void): SaveResponse {
  return async (response) => {
    if (typeof response.id !== "string" || !Array.isArray(response.output)) return;
    try {
      const outputItems = response.output.flatMap((item: unknown) => (isRecord(item) && typeof item.id === "string" && item.id !== "" ? [{ id: item.id, item: JSON.stringify(item) }] : []));
      await store.putResponse({ id: response.id, time: Date.now(), keyName, response: JSON.stringify(response), items: JSON.stringify([...input, ...response.output]), outputItems });
    } catch (error) {
      onError(error);
    }
  };
}

const FINAL_EVENTS = new Set(["response.completed", "response.incomplete"]);

function finalResponse(frame: StreamFrame): Record<string, unknown> | null {
  // Only the last frames are parsed: the event name (or a cheap text test) picks them out.
  if (frame.event !== undefined ? !FINAL_EVENTS.has(frame.event) : !/"type":\s*"response\.(completed|incomplete)"/.test(frame.data)) return null;
  const parsed = parseJson(frame.data);
  return parsed.ok && isRecord(parsed.value) && isRecord(parsed.value.response) ? parsed.value.response : null;
}

/**
 * The answer as the client gets it, byte for byte, with the final Response saved on the way:
 * read whole for JSON answers, teed for event streams (saved before the stream closes, so a
 * continuation sent right after the last event finds it).
 */
export async function storeAnswer(answer: Response, save: SaveResponse): Promise<Response> {
  const headers = new Headers(answer.headers);
  if (!(headers.get("content-type") ?? "").includes("text/event-stream")) {
    const text = await answer.text();
    const parsed = parseJson(text);
    if (parsed.ok && isRecord(parsed.value)) await save(parsed.value);
    return new Response(text, { status: answer.status, headers });
  }
  if (!answer.body) return answer;
  const framer = createSseDecoder();
  const text = new TextDecoder();
  const inspect = async (frames: StreamFrame[]) => {
    for (const frame of frames) {
      const response = finalResponse(frame);
      if (response) await save(response);
    }
  };
  const tee = new TransformStream<Uint8Array, Uint8Array>({
    async transform(chunk, controller) {
      controller.enqueue(chunk);
      await inspect(framer.push(text.decode(chunk, { stream: true })));
    },
    async flush() {
      await inspect([...framer.push(text.decode()), ...framer.end()]);
    },
  });
  return new Response(answer.body.pipeThrough(tee), { status: answer.status, headers });
}
