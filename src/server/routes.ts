// In charge of registering every client-facing chat and model-list route under every prefix (protocols.md table).
import { Elysia, t } from "elysia";
import type { PipelineDeps } from "../pipeline/types.ts";
import { handleCountTokens } from "../pipeline/count-tokens.ts";
import { RequestSchema as ClaudeRequest, ResponseSchema as ClaudeResponse, ErrorSchema as ClaudeError } from "../protocols/claude/schema.ts";
import { ResponseSchema as GeminiResponse, ErrorSchema as GeminiError } from "../protocols/gemini/schema.ts";
import { geminiBatchEmbedClient, geminiEmbedContentClient } from "../protocols/gemini/embeddings.ts";
import { RequestSchema as OllamaRequest, ResponseSchema as OllamaResponse, ErrorSchema as OllamaError } from "../protocols/ollama/schema.ts";
import { RequestSchema as OpenAIRequest, ResponseSchema as OpenAIResponse, ErrorSchema as OpenAIError } from "../protocols/openai/schema.ts";
import { ProxyError } from "../unified/errors.ts";
import { chatHandler, type RouteContext } from "./chat-route.ts";
import { embeddingsRoute } from "./extra-routes.ts";
import { GeminiPostBody } from "./extra-schemas.ts";
import * as lists from "./model-lists.ts";
import * as L from "./list-schemas.ts";
import { PREFIXES, selectGroup, type RoutePrefix } from "./prefixes.ts";
import { protocolOfPath } from "./protocol-of-path.ts";
import { requestState } from "./request-state.ts";

const GEMINI_ACTIONS = ["generateContent", "streamGenerateContent", "countTokens", "embedContent", "batchEmbedContents"] as const;
type GeminiAction = (typeof GEMINI_ACTIONS)[number];

/** `gemini-2.5-pro:streamGenerateContent` → model and action; protocols.md Gemini row. */
export function splitGeminiPath(rest: string): { model: string; action: GeminiAction } {
  const colon = rest.lastIndexOf(":");
  const action = colon === -1 ? "" : rest.slice(colon + 1);
  if (colon === -1 || !(GEMINI_ACTIONS as readonly string[]).includes(action)) {
    throw new ProxyError("not_found", `unknown Gemini method '${action || rest}': expected one of ${GEMINI_ACTIONS.join(", ")}`);
  }
  return { model: decodeURIComponent(rest.slice(0, colon)), action: action as GeminiAction };
}

const errors = (schema: ReturnType<typeof t.Object>) => ({ 400: schema, 401: schema, 404: schema, 413: schema, 429: schema, 500: schema, 502: schema });

function tagFor(protocol: string, prefix: RoutePrefix): string[] {
  return prefix.path === "" ? [protocol] : [protocol, `${protocol} · ${prefix.label}`];
}

const GroupParams = t.Object({ group: t.String({ description: "group name" }) });
const WildcardParams = (description: string) => t.Object({ "*": t.String({ description }) }, { additionalProperties: true });

export function apiRoutes(deps: PipelineDeps) {
  // normalize: false — wire bodies keep every field the client sent (they pass on), and wildcard params need no mirror.
  const app = new Elysia({ name: "ccproxy-api", normalize: false });
  for (const prefix of PREFIXES) {
    const params = prefix.group === "param" ? { params: GroupParams } : {};
    const group = (context: RouteContext) => selectGroup(deps.runtime, prefix, context.params);

    // OpenAI chat completions.
    app.post(`${prefix.path}/v1/chat/completions`, chatHandler(deps, "openai", prefix), {
      parse: "json", body: OpenAIRequest, ...params, response: { 200: OpenAIResponse, ...errors(OpenAIError) },
      detail: { tags: tagFor("OpenAI", prefix), summary: "Chat completions (streaming with stream: true)", security: [{ bearer: [] }] },
    });

    // Claude messages and token counting.
    app.post(`${prefix.path}/v1/messages`, chatHandler(deps, "claude", prefix), {
      parse: "json", body: ClaudeRequest, ...params, response: { 200: ClaudeResponse, ...errors(ClaudeError) },
      detail: { tags: tagFor("Claude", prefix), summary: "Messages (streaming with stream: true); ?beta=true is accepted", security: [{ apiKey: [] }, { bearer: [] }] },
    });
    app.post(`${prefix.path}/v1/messages/count_tokens`, (context) => handleCountTokens(deps, { protocol: "claude", body: context.body, group: group(context), request: context.request }), {
      parse: "json", body: ClaudeRequest, ...params, response: { 200: t.Object({ input_tokens: t.Integer() }), ...errors(ClaudeError) },
      detail: { tags: tagFor("Claude", prefix), summary: "Count tokens (upstream counter where one exists, else an estimate)", security: [{ apiKey: [] }, { bearer: [] }] },
    });

    // Gemini generateContent / streamGenerateContent / countTokens, under v1beta and v1.
    for (const version of ["v1beta", "v1"] as const) {
      app.post(`${prefix.path}/${version}/models/*`, (context) => {
        const { model, action } = splitGeminiPath(context.params["*"] ?? "");
        if (action === "embedContent" || action === "batchEmbedContents") {
          return embeddingsRoute(deps, action === "embedContent" ? geminiEmbedContentClient : geminiBatchEmbedClient, group(context), context, model);
        }
        if (action === "countTokens") return handleCountTokens(deps, { protocol: "gemini", body: context.body, pathModel: model, group: group(context), request: context.request });
        const sse = new URL(context.request.url).searchParams.get("alt") === "sse";
        return chatHandler(deps, "gemini", prefix, () => ({ pathModel: model, stream: action === "streamGenerateContent", sse }))(context);
      }, {
        parse: "json", body: GeminiPostBody, query: L.GeminiQuery, params: WildcardParams("`{model}:{method}` with method generateContent, streamGenerateContent (?alt=sse for SSE, else a streamed JSON array), countTokens, embedContent or batchEmbedContents"),
        response: { 200: GeminiResponse, ...errors(GeminiError) },
        detail: { tags: tagFor("Gemini", prefix), summary: `POST /${version}/models/{model}:{generateContent|streamGenerateContent|countTokens|embedContent|batchEmbedContents}`, security: [{ googApiKey: [] }, { googQueryKey: [] }] },
      });
    }
    app.get(`${prefix.path}/v1beta/models`, (context) => lists.geminiModelList(group(context)), {
      ...params, query: L.GeminiQuery, response: { 200: L.GeminiModelList, ...errors(GeminiError) }, detail: { tags: tagFor("Gemini", prefix), summary: "List the group's aliases as Gemini models", security: [{ googApiKey: [] }] },
    });
    app.get(`${prefix.path}/v1beta/models/*`, (context) => geminiModel(group(context), context.params["*"] ?? ""), {
      params: WildcardParams("model name"), query: L.GeminiQuery, response: { 200: L.GeminiModel, ...errors(GeminiError) }, detail: { tags: tagFor("Gemini", prefix), summary: "Get one alias as a Gemini model", security: [{ googApiKey: [] }] },
    });

    // Model lists shared by OpenAI, Claude and the Gemini SDK's v1 default: the shape follows the client's headers.
    app.get(`${prefix.path}/v1/models`, (context) => {
      const shape = protocolOfPath("/v1/models", context.request.headers);
      const selected = group(context);
      if (shape === "claude") return lists.claudeModelList(selected);
      if (shape === "gemini") return lists.geminiModelList(selected);
      return lists.openaiModelList(selected);
    }, {
      ...params, response: { 200: t.Union([L.OpenAIModelList, L.ClaudeModelList, L.GeminiModelList]), ...errors(OpenAIError) },
      detail: { tags: tagFor("OpenAI", prefix), summary: "List aliases (Claude's shape when anthropic-version or x-api-key is sent)", security: [{ bearer: [] }, { apiKey: [] }] },
    });
    app.get(`${prefix.path}/v1/models/*`, (context) => {
      const selected = group(context);
      const name = decodeURIComponent(context.params["*"] ?? "");
      const shape = protocolOfPath("/v1/models", context.request.headers);
      if (shape === "gemini") return geminiModel(selected, name);
      const alias = lists.findAlias(selected, name);
      if (!alias) throw new ProxyError("not_found", `model '${name}' is not served by group '${selected.name}'`);
      return shape === "claude" ? lists.claudeModel(alias) : lists.openaiModel(alias);
    }, {
      params: WildcardParams("model id (alias)"), response: { 200: t.Union([L.OpenAIModel, L.ClaudeModel, L.GeminiModel]), ...errors(OpenAIError) }, detail: { tags: tagFor("OpenAI", prefix), summary: "Retrieve one alias", security: [{ bearer: [] }] },
    });

    // Ollama.
    app.post(`${prefix.path}/api/chat`, chatHandler(deps, "ollama", prefix), {
      parse: "json", body: OllamaRequest, ...params, response: { 200: OllamaResponse, ...errors(OllamaError) },
      detail: { tags: tagFor("Ollama", prefix), summary: "Chat (streams NDJSON unless stream: false)", security: [{ bearer: [] }] },
    });
    app.get(`${prefix.path}/api/tags`, (context) => lists.ollamaTags(group(context)), {
      ...params, response: { 200: L.OllamaTags, ...errors(OllamaError) }, detail: { tags: tagFor("Ollama", prefix), summary: "List the group's aliases as Ollama models" },
    });
    app.post(`${prefix.path}/api/show`, (context) => {
      const selected = group(context);
      const body = context.body as { model?: string; name?: string };
      const name = body.model ?? body.name ?? "";
      const found = lists.findAlias(selected, name);
      if (!found) throw new ProxyError("not_found", `model '${name}' not found in group '${selected.name}'`);
      return lists.ollamaShow(name, selected.aliases.find((alias) => alias.alias === found));
    }, {
      parse: "json", body: t.Object({ model: t.Optional(t.String()), name: t.Optional(t.String()), verbose: t.Optional(t.Boolean()) }, { additionalProperties: true }),
      ...params, response: { 200: L.OllamaShow, ...errors(OllamaError) }, detail: { tags: tagFor("Ollama", prefix), summary: "Show one alias (details and capabilities)" },
    });
  }
  return app;
}

function geminiModel(group: Parameters<typeof lists.geminiModelList>[0], name: string) {
  const alias = lists.findAlias(group, decodeURIComponent(name));
  if (!alias) throw new ProxyError("not_found", `model '${name}' is not served by group '${group.name}'`);
  return lists.geminiModel(alias);
}

export { requestState };
