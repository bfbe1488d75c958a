// In charge of registering the embeddings routes and Ollama's generate/version/ps routes under every prefix.
import { Elysia, t } from "elysia";
import type { GroupConfig } from "../config/schema.ts";
import { chatHandler } from "./chat-route.ts";
import { liveContext } from "../pipeline/context.ts";
import { handleEmbeddings } from "../pipeline/embeddings.ts";
import type { PipelineDeps } from "../pipeline/types.ts";
import type { EmbeddingsClientCodec } from "../protocols/embeddings-codec.ts";
import { ErrorSchema as OllamaError } from "../protocols/ollama/schema.ts";
import { ollamaEmbedClient, ollamaLegacyEmbeddingsClient } from "../protocols/ollama/embeddings.ts";
import { encodeLoadAnswer, isLoadRequest, ollamaGenerateCodec } from "../protocols/ollama/generate.ts";
import { ErrorSchema as OpenAIError } from "../protocols/openai/schema.ts";
import { openaiEmbeddingsClient } from "../protocols/openai/embeddings.ts";
import { isRecord } from "../protocols/shared/json.ts";
import { matchAlias } from "../routing/match-alias.ts";
import { ProxyError } from "../unified/errors.ts";
import * as schemas from "./extra-schemas.ts";
import { ollamaPs, stripModelName } from "./model-lists.ts";
import { PREFIXES, selectGroup, type RoutePrefix } from "./prefixes.ts";
import { requestState } from "./request-state.ts";

/**
 * What /api/version answers. Clients gate features on it (VS Code Copilot refuses Ollama older
 * than 0.6.4; `think` needs 0.9, tool streaming 0.8), and every one of those features works
 * through the proxy, so it claims a recent release. Raise it when a client starts asking for more.
 */
export const OLLAMA_VERSION = "0.12.0";

interface RouteContext {
  body: unknown;
  params: Record<string, string | undefined>;
  request: Request;
}

const errors = (schema: ReturnType<typeof t.Object>) => ({ 400: schema, 401: schema, 404: schema, 413: schema, 429: schema, 500: schema, 502: schema });

function tagFor(protocol: string, prefix: RoutePrefix): string[] {
  return prefix.path === "" ? [protocol] : [protocol, `${protocol} · ${prefix.label}`];
}

const GroupParams = t.Object({ group: t.String({ description: "group name" }) });

/** The one handler shape of every embeddings route; Gemini's path-routed methods call it from routes.ts. */
export function embeddingsRoute(deps: PipelineDeps, client: EmbeddingsClientCodec, group: GroupConfig, context: RouteContext, pathModel?: string): Promise<Response> {
  const state = requestState(context.request);
  return handleEmbeddings(deps, {
    client,
    body: context.body,
    pathModel,
    group,
    signal: context.request.signal,
    requestId: state.id,
    keyName: state.keyName,
    startedAt: state.startedAt,
  });
}

/**
 * /api/generate goes through the chat pipeline with its own client codec (always the unified path;
 * an Ollama upstream is called on /api/chat). A body with no prompt only loads or unloads a model
 * in Ollama; upstreams need neither, so the proxy answers it once the alias is known.
 */
function generateRoute(deps: PipelineDeps, prefix: RoutePrefix, group: GroupConfig, context: RouteContext): Promise<Response> | Response {
  const state = requestState(context.request);
  if (isLoadRequest(context.body) && isRecord(context.body)) {
    const model = typeof context.body.model === "string" ? context.body.model : "";
    if (!matchAlias(group.aliases, model) && !matchAlias(group.aliases, stripModelName(model))) {
      throw new ProxyError("not_found", `model '${model}' is not served by group '${group.name}'`);
    }
    const answer = Response.json(encodeLoadAnswer(context.body, { ...liveContext, model }));
    answer.headers.set("x-request-id", state.id);
    return answer;
  }
  return chatHandler(deps, "ollama", prefix, () => ({ client: ollamaGenerateCodec }))(context);
}

export function extraRoutes(deps: PipelineDeps) {
  // normalize: false — as in routes.ts, bodies keep every field the client sent.
  const app = new Elysia({ name: "ccproxy-extra", normalize: false });
  for (const prefix of PREFIXES) {
    const params = prefix.group === "param" ? { params: GroupParams } : {};
    const group = (context: RouteContext) => selectGroup(deps.runtime, prefix, context.params);
    const ollama = (summary: string) => ({ tags: tagFor("Ollama", prefix), summary, security: [{ bearer: [] }] });

    app.post(`${prefix.path}/v1/embeddings`, (context) => embeddingsRoute(deps, openaiEmbeddingsClient, group(context), context), {
      parse: "json", body: schemas.OpenAIEmbeddingRequest, ...params, response: { 200: schemas.OpenAIEmbeddingResponse, ...errors(OpenAIError) },
      detail: { tags: tagFor("OpenAI", prefix), summary: "Embeddings (to any upstream that offers them; encoding_format base64 and dimensions honoured)", security: [{ bearer: [] }] },
    });
    app.post(`${prefix.path}/api/embed`, (context) => embeddingsRoute(deps, ollamaEmbedClient, group(context), context), {
      parse: "json", body: schemas.OllamaEmbedRequest, ...params, response: { 200: schemas.OllamaEmbedResponse, ...errors(OllamaError) },
      detail: ollama("Embed one or more inputs (to any upstream that offers embeddings)"),
    });
    app.post(`${prefix.path}/api/embeddings`, (context) => embeddingsRoute(deps, ollamaLegacyEmbeddingsClient, group(context), context), {
      parse: "json", body: schemas.OllamaLegacyEmbeddingsRequest, ...params, response: { 200: schemas.OllamaLegacyEmbeddingsResponse, ...errors(OllamaError) },
      detail: ollama("Legacy single-prompt embedding (superseded by /api/embed)"),
    });
    app.post(`${prefix.path}/api/generate`, (context) => generateRoute(deps, prefix, group(context), context), {
      parse: "json", body: schemas.OllamaGenerateRequest, ...params, response: { 200: schemas.OllamaGenerateResponse, ...errors(OllamaError) },
      detail: ollama("Generate from a prompt (streams NDJSON unless stream: false) with any upstream"),
    });
    app.get(`${prefix.path}/api/version`, (context) => {
      group(context);
      return { version: OLLAMA_VERSION };
    }, { ...params, response: { 200: schemas.OllamaVersionResponse }, detail: ollama("The Ollama API version ccproxy emulates") });
    app.get(`${prefix.path}/api/ps`, (context) => ollamaPs(group(context)), {
      ...params, response: { 200: schemas.OllamaPsResponse }, detail: ollama("The group's aliases as running models"),
    });
  }
  return app;
}
