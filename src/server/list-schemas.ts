// In charge of the TypeBox shapes of the model-list answers (OpenAPI docs and answer validation).
import { t } from "elysia";

const open = { additionalProperties: true } as const;

export const OpenAIModel = t.Object({ id: t.String(), object: t.Literal("model"), created: t.Integer(), owned_by: t.String() }, { ...open, description: "OpenAI model object" });
export const OpenAIModelList = t.Object({ object: t.Literal("list"), data: t.Array(OpenAIModel) }, { ...open, description: "OpenAI model list: the group's aliases" });
export const ClaudeModel = t.Object({ type: t.Literal("model"), id: t.String(), display_name: t.String(), created_at: t.String() }, { ...open, description: "Claude model object" });
export const ClaudeModelList = t.Object(
  { data: t.Array(ClaudeModel), has_more: t.Boolean(), first_id: t.Union([t.String(), t.Null()]), last_id: t.Union([t.String(), t.Null()]) },
  { ...open, description: "Claude model list (sent when the request carries anthropic-version or x-api-key)" },
);
export const GeminiModel = t.Object({ name: t.String({ description: "models/<alias>" }), displayName: t.String(), supportedGenerationMethods: t.Array(t.String()) }, { ...open, description: "Gemini model" });
export const GeminiModelList = t.Object({ models: t.Array(GeminiModel) }, { ...open, description: "Gemini model list" });
const OllamaDetails = t.Object({ format: t.String(), family: t.String() }, open);
export const OllamaTags = t.Object(
  { models: t.Array(t.Object({ name: t.String(), model: t.String(), modified_at: t.String(), size: t.Integer(), digest: t.String(), details: OllamaDetails }, open)) },
  { ...open, description: "Ollama /api/tags" },
);
export const OllamaShow = t.Object(
  { modelfile: t.String(), template: t.String(), details: OllamaDetails, model_info: t.Record(t.String(), t.Unknown()), capabilities: t.Array(t.String()) },
  { ...open, description: "Ollama /api/show" },
);
/** `?alt=sse` picks SSE for streamGenerateContent; `?key=` is the Gemini way to send the access key. */
export const GeminiQuery = t.Object(
  { alt: t.Optional(t.String({ description: "sse: stream as Server-Sent Events (else a streamed JSON array)" })), key: t.Optional(t.String({ description: "access key" })) },
  open,
);
