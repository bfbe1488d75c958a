// In charge of the TypeBox wire schemas of Gemini generateContent for route validation and the OpenAPI docs.
import { t } from "elysia";

const open = { additionalProperties: true } as const;

/** One part: text, thought, inlineData, fileData, functionCall or functionResponse (camelCase or snake_case). */
const Part = t.Object(
  {
    text: t.Optional(t.String()),
    thought: t.Optional(t.Boolean()),
    thoughtSignature: t.Optional(t.String()),
  },
  { ...open, description: "A Part: text | inlineData | fileData | functionCall | functionResponse, optionally thought/thoughtSignature." },
);

const Content = t.Object(
  {
    role: t.Optional(t.String({ description: '"user" or "model" ("function" is accepted as user); missing means user.' })),
    parts: t.Optional(t.Array(Part)),
  },
  open,
);

/**
 * Loose on purpose: only fields whose type is certain are checked here (snake_case
 * twins such as `system_instruction` pass through); decode-request.ts validates
 * precisely with messages naming the field.
 */
export const RequestSchema = t.Object(
  {
    contents: t.Array(Content, { minItems: 1, description: "The conversation: alternating user and model turns." }),
    tools: t.Optional(t.Array(t.Object({}, open), { description: "functionDeclarations (parameters or parametersJsonSchema); hosted tools are dropped." })),
  },
  {
    ...open,
    description: "GenerateContentRequest; the model comes from the path /v1beta/models/{model}:generateContent.",
    examples: [
      {
        systemInstruction: { parts: [{ text: "You are a terse assistant." }] },
        contents: [{ role: "user", parts: [{ text: "What is the weather in Paris?" }] }],
        tools: [{ functionDeclarations: [{ name: "get_weather", description: "Weather for a city.", parametersJsonSchema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } }] }],
        generationConfig: { temperature: 0.7, maxOutputTokens: 1024, thinkingConfig: { includeThoughts: true, thinkingBudget: -1 } },
      },
    ],
  },
);

export const ResponseSchema = t.Object(
  {
    candidates: t.Array(
      t.Object(
        {
          content: t.Object({ role: t.Literal("model"), parts: t.Array(Part) }, open),
          finishReason: t.Optional(t.String({ description: "STOP, MAX_TOKENS, SAFETY, RECITATION, OTHER …" })),
          index: t.Number(),
        },
        open,
      ),
    ),
    usageMetadata: t.Optional(
      t.Object(
        {
          promptTokenCount: t.Number(),
          candidatesTokenCount: t.Number(),
          totalTokenCount: t.Number(),
          thoughtsTokenCount: t.Optional(t.Number()),
          cachedContentTokenCount: t.Optional(t.Number()),
        },
        open,
      ),
    ),
    modelVersion: t.String(),
    responseId: t.String(),
  },
  {
    ...open,
    description: "GenerateContentResponse (also the shape of each streamed chunk).",
    examples: [
      {
        candidates: [{ content: { role: "model", parts: [{ text: "Sunny, 21 °C." }] }, finishReason: "STOP", index: 0 }],
        usageMetadata: { promptTokenCount: 12, candidatesTokenCount: 6, totalTokenCount: 18 },
        modelVersion: "gemini-2.5-flash",
        responseId: "mJ3aZ8qLEo2N7M8Pq9ux4Ak",
      },
    ],
  },
);

export const ErrorSchema = t.Object(
  {
    error: t.Object(
      {
        code: t.Number({ description: "The HTTP status." }),
        message: t.String(),
        status: t.String({ description: "INVALID_ARGUMENT, UNAUTHENTICATED, PERMISSION_DENIED, NOT_FOUND, RESOURCE_EXHAUSTED, INTERNAL, UNAVAILABLE …" }),
      },
      open,
    ),
  },
  { examples: [{ error: { code: 400, message: "contents: required, a non-empty array of {role, parts}", status: "INVALID_ARGUMENT" } }] },
);
