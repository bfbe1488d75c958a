// In charge of the OpenAI Responses routes (POST /v1/responses, GET /v1/responses/{id}) under every prefix.
import { Elysia, t } from "elysia";
import { handleChat } from "../pipeline/chat.ts";
import type { PipelineDeps } from "../pipeline/types.ts";
import { createResponsesCodec } from "../protocols/responses/index.ts";
import { ErrorSchema, RequestSchema, ResponseSchema } from "../protocols/responses/schema.ts";
import { toolNameMap } from "../protocols/responses/tool-names.ts";
import { isRecord } from "../protocols/shared/json.ts";
import { ProxyError } from "../unified/errors.ts";
import type { RouteContext } from "./chat-route.ts";
import { PREFIXES, selectGroup, type RoutePrefix } from "./prefixes.ts";
import { requestState } from "./request-state.ts";
import { expandPrevious, findStored, resolveReferences, responseSaver, storeAnswer, wantsStorage } from "./responses-history.ts";

const TAG = "OpenAI Responses";

const errors = { 400: ErrorSchema, 401: ErrorSchema, 404: ErrorSchema, 413: ErrorSchema, 429: ErrorSchema, 500: ErrorSchema, 502: ErrorSchema };

function tagFor(prefix: RoutePrefix): string[] {
  return prefix.path === "" ? [TAG] : [TAG, `${TAG} · ${prefix.label}`];
}

function idParams(prefix: RoutePrefix) {
  const id = t.String({ description: "response id (resp_…)" });
  return prefix.group === "param" ? t.Object({ group: t.String({ description: "group name" }), id }) : t.Object({ id });
}

/**
 * previous_response_id and item_reference items are resolved here, before the pipeline: the
 * stored conversation is put in front of `input`, so any upstream gets it whole. Requests whose tools need renaming
 * (namespace functions, custom tools) get a client codec that maps calls back to the names
 * the client declared.
 */
async function createResponse(deps: PipelineDeps, prefix: RoutePrefix, context: RouteContext): Promise<Response> {
  const state = requestState(context.request);
  const group = selectGroup(deps.runtime, prefix, context.params);
  const original = isRecord(context.body) ? context.body : null;
  const expanded = original ? await resolveReferences(deps.store, await expandPrevious(deps.store, original, state.keyName), state.keyName) : null;
  const names = toolNameMap(original?.tools);
  const answer = await handleChat(deps, {
    clientProtocol: "openai-responses",
    ...(names.size > 0 ? { client: createResponsesCodec({ toolNames: names }) } : {}),
    body: expanded?.body ?? context.body,
    group,
    compat: prefix.compat,
    headers: context.request.headers,
    signal: context.request.signal,
    requestId: state.id,
    keyName: state.keyName,
    startedAt: state.startedAt,
  });
  if (!expanded || !wantsStorage(expanded.body) || answer.status !== 200) return answer;
  const onError = (error: unknown) => deps.logger.warn("could not store a response for previous_response_id", { id: state.id, error: error instanceof Error ? error.message : String(error) });
  return storeAnswer(answer, responseSaver(deps.store, expanded.input, state.keyName, onError));
}

function notFound(id: string): ProxyError {
  return new ProxyError("not_found", `response '${id}' is not stored by ccproxy (unknown, created with store: false, or past its retention)`);
}

export function responsesRoutes(deps: PipelineDeps) {
  // normalize: false — wire bodies keep every field the client sent (they pass on).
  const app = new Elysia({ name: "ccproxy-responses", normalize: false });
  for (const prefix of PREFIXES) {
    const params = prefix.group === "param" ? { params: t.Object({ group: t.String({ description: "group name" }) }) } : {};
    app.post(`${prefix.path}/v1/responses`, (context) => createResponse(deps, prefix, context), {
      parse: "json", body: RequestSchema, ...params, response: { 200: ResponseSchema, ...errors },
      detail: { tags: tagFor(prefix), summary: "Create a response (streaming with stream: true); previous_response_id continues a stored one", security: [{ bearer: [] }] },
    });
    app.get(`${prefix.path}/v1/responses/:id`, async (context) => {
      selectGroup(deps.runtime, prefix, context.params);
      const stored = await findStored(deps.store, context.params.id, requestState(context.request).keyName);
      if (!stored) throw notFound(context.params.id);
      return Response.json(stored.response);
    }, {
      params: idParams(prefix), response: { 200: ResponseSchema, 404: ErrorSchema, 401: ErrorSchema },
      detail: { tags: tagFor(prefix), summary: "Retrieve a stored response", security: [{ bearer: [] }] },
    });
  }
  return app;
}
