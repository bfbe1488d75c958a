// In charge of the TypeBox schemas of the embeddings and Ollama extra routes: loose validation and OpenAPI docs.
import { mapValueError, t } from "elysia";
import { Type, type TSchema } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { RequestSchema as GeminiGenerateRequest } from "../protocols/gemini/schema.ts";
import { isRecord } from "../protocols/shared/json.ts";

/**
 * Loose on purpose, like the chat schemas: only fields whose type is certain are checked, unknown
 * properties pass (they are passed on or reported), and the decoders give the precise 400s.
 */
const open = { additionalProperties: true } as const;
// Numbers use TypeBox's own Integer/Number: Elysia's t.Number coerces numeric strings, and a proxy never rewrites what the client sent.

export const OpenAIEmbeddingRequest = t.Object(
  {
    model: t.String({ description: "An alias of the selected group." }),
    input: t.Union([t.String(), t.Array(t.String()), t.Array(Type.Integer()), t.Array(t.Array(Type.Integer()))], { description: "Text, texts, or token-id arrays (token ids reach OpenAI upstreams only)." }),
    encoding_format: t.Optional(t.String({ description: '`float` or `base64` (little-endian float32 bytes; the official SDKs\' default).' })),
    dimensions: t.Optional(Type.Integer({ minimum: 1, description: "Vector length; Gemini targets get it as outputDimensionality, Ollama as dimensions." })),
  },
  { ...open, description: "OpenAI embeddings request.", examples: [{ model: "text-embedding-3-small", input: ["The food was delicious", "The waiter was friendly"], encoding_format: "float", dimensions: 256 }] },
);

export const OpenAIEmbeddingResponse = t.Object(
  {
    object: t.Literal("list"),
    data: t.Array(t.Object({ object: t.Literal("embedding"), index: Type.Integer(), embedding: t.Union([t.Array(Type.Number()), t.String()]) }, open)),
    model: t.String(),
    usage: t.Object({ prompt_tokens: Type.Integer(), total_tokens: Type.Integer() }, open),
  },
  { ...open, description: "One embedding per input, in order; `embedding` is a base64 string when encoding_format was base64." },
);

const GeminiContent = t.Object({ parts: t.Array(t.Object({ text: t.Optional(t.String()) }, open)) }, open);
const GeminiEmbedFields = {
  taskType: t.Optional(t.String({ description: "RETRIEVAL_QUERY, RETRIEVAL_DOCUMENT, SEMANTIC_SIMILARITY, CLASSIFICATION, CLUSTERING …" })),
  title: t.Optional(t.String()),
  outputDimensionality: t.Optional(Type.Integer({ minimum: 1 })),
};

export const GeminiEmbedContentRequest = t.Object(
  { content: GeminiContent, ...GeminiEmbedFields },
  { ...open, description: "EmbedContentRequest (:embedContent).", examples: [{ content: { parts: [{ text: "What is the meaning of life?" }] }, taskType: "RETRIEVAL_QUERY", outputDimensionality: 768 }] },
);

export const GeminiBatchEmbedRequest = t.Object(
  { requests: t.Array(t.Object({ model: t.Optional(t.String()), content: GeminiContent, ...GeminiEmbedFields }, open), { minItems: 1 }) },
  { ...open, description: "BatchEmbedContentsRequest (:batchEmbedContents); what @google/genai's models.embedContent sends." },
);

/** Which of the three bodies a Gemini POST carries, judged by its keys (the action in the path decides later). */
function geminiMember(value: unknown): TSchema {
  if (isRecord(value) && !("contents" in value)) {
    if ("requests" in value) return GeminiBatchEmbedRequest;
    if ("generateContentRequest" in value) return GeminiCountTokensRequest;
    if ("content" in value) return GeminiEmbedContentRequest;
  }
  return GeminiGenerateRequest;
}

/**
 * The body of POST /v1beta/models/{model}:{method}: generateContent-like or an embeddings body.
 * A plain union's error would say only "one of 'object', 'object', 'object'", so the error names
 * the first problem of the body it most resembles, in the JSON shape app.ts reads.
 */
/** countTokens also takes a whole GenerateContentRequest wrapped (https://ai.google.dev/api/tokens). */
const GeminiCountTokensRequest = t.Object({ generateContentRequest: t.Object({ contents: t.Array(t.Object({}, open), { minItems: 1 }) }, open) }, open);

export const GeminiPostBody = t.Union([GeminiGenerateRequest, GeminiEmbedContentRequest, GeminiBatchEmbedRequest, GeminiCountTokensRequest], {
  description: "GenerateContentRequest for generateContent/streamGenerateContent/countTokens (or {generateContentRequest} for countTokens); EmbedContentRequest for embedContent; BatchEmbedContentsRequest for batchEmbedContents.",
  error: ({ found }) => {
    const first = Value.Errors(geminiMember(found), found).First();
    return JSON.stringify({ type: "validation", on: "body", property: first?.path || "root", summary: mapValueError(first)?.summary ?? first?.message ?? "does not match the schema" });
  },
});

export const GeminiEmbedContentResponse = t.Object({ embedding: t.Object({ values: t.Array(Type.Number()) }, open) }, open);
export const GeminiBatchEmbedResponse = t.Object({ embeddings: t.Array(t.Object({ values: t.Array(Type.Number()) }, open)) }, open);

const OllamaKeepAlive = t.Optional(t.Union([t.String(), Type.Number()], { description: 'Passed on to Ollama upstreams, e.g. "5m".' }));

export const OllamaEmbedRequest = t.Object(
  {
    model: t.String(),
    input: t.Union([t.String(), t.Array(t.String())]),
    dimensions: t.Optional(Type.Integer({ minimum: 1 })),
    truncate: t.Optional(t.Boolean()),
    keep_alive: OllamaKeepAlive,
  },
  { ...open, description: "Ollama /api/embed request.", examples: [{ model: "nomic-embed-text", input: ["Why is the sky blue?", "Why is the grass green?"] }] },
);

export const OllamaEmbedResponse = t.Object(
  { model: t.String(), embeddings: t.Array(t.Array(Type.Number())), total_duration: Type.Number(), load_duration: Type.Number(), prompt_eval_count: Type.Number() },
  { ...open, description: "One vector per input, in order." },
);

export const OllamaLegacyEmbeddingsRequest = t.Object(
  { model: t.String(), prompt: t.String(), keep_alive: OllamaKeepAlive },
  { ...open, description: "Ollama /api/embeddings (superseded by /api/embed; still sent by older clients).", examples: [{ model: "nomic-embed-text", prompt: "Here is an article about llamas..." }] },
);

export const OllamaLegacyEmbeddingsResponse = t.Object({ embedding: t.Array(Type.Number()) }, open);

export const OllamaGenerateRequest = t.Object(
  {
    model: t.String(),
    prompt: t.Optional(t.String({ description: "Empty or absent (with no images): a load request, answered at once with done_reason load/unload." })),
    system: t.Optional(t.String()),
    images: t.Optional(t.Array(t.String(), { description: "Bare base64 images." })),
    stream: t.Optional(t.Boolean({ description: "Stream NDJSON chunks (default true, as in Ollama)." })),
    raw: t.Optional(t.Boolean()),
  },
  {
    ...open,
    description: "Ollama /api/generate request. `format`, `options`, `think` and `keep_alive` mean what they mean on /api/chat; `suffix`, `template` and `context` are reported and dropped.",
    examples: [{ model: "llama3.2", system: "Answer in one sentence.", prompt: "Why is the sky blue?", format: "json", stream: false }],
  },
);

export const OllamaGenerateResponse = t.Object(
  {
    model: t.String(),
    created_at: t.String(),
    response: t.String(),
    thinking: t.Optional(t.String()),
    done: t.Boolean(),
    done_reason: t.Optional(t.String()),
    prompt_eval_count: t.Optional(Type.Number()),
    eval_count: t.Optional(Type.Number()),
  },
  { ...open, description: "Answer (stream:false) or one NDJSON line; the last line has done:true and the counts. No `context` is returned." },
);

export const OllamaVersionResponse = t.Object({ version: t.String() }, { description: "The Ollama API version ccproxy emulates." });

const OllamaDetails = t.Object(
  { parent_model: t.String(), format: t.String(), family: t.String(), families: t.Array(t.String()), parameter_size: t.String(), quantization_level: t.String() },
  open,
);

export const OllamaPsResponse = t.Object(
  {
    models: t.Array(
      t.Object({ name: t.String(), model: t.String(), size: Type.Number(), digest: t.String(), details: OllamaDetails, expires_at: t.String(), size_vram: Type.Number() }, open),
    ),
  },
  { ...open, description: "The group's aliases as loaded models." },
);
