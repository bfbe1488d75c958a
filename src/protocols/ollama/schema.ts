// In charge of the TypeBox wire schemas of Ollama /api/chat for route validation and OpenAPI docs.
import { t } from "elysia";

/**
 * Loose on purpose: only fields whose type is certain are checked here, every
 * object keeps unknown properties (Elysia would strip them otherwise), and
 * decode-request.ts does the precise validation with clear messages.
 * @see https://github.com/ollama/ollama/blob/main/docs/api.md#generate-a-chat-completion
 */
export const RequestSchema = t.Object(
  {
    model: t.String({ description: "Model name (an alias of the selected group), e.g. `qwen3-coder` or `llama3.2:latest`." }),
    messages: t.Array(
      t.Object(
        {
          role: t.String({ description: "`system`, `user`, `assistant` or `tool`." }),
        },
        {
          additionalProperties: true,
          description: "A chat message: `content` (string), optional `images` (bare base64), `thinking`, `tool_calls`, `tool_name`.",
        },
      ),
      { description: "The conversation so far." },
    ),
    stream: t.Optional(t.Boolean({ description: "Stream NDJSON chunks (default true, as in Ollama)." })),
  },
  {
    additionalProperties: true,
    description: "Ollama chat request. `tools`, `format`, `options`, `think` and `keep_alive` are passed on as Ollama defines them.",
    examples: [
      {
        model: "qwen3-coder",
        messages: [
          { role: "system", content: "You are a concise assistant." },
          { role: "user", content: "What is the weather in Tokyo?" },
        ],
        tools: [
          {
            type: "function",
            function: {
              name: "get_weather",
              description: "Get the weather in a given city",
              parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
            },
          },
        ],
        options: { temperature: 0.2, num_ctx: 8192 },
        stream: false,
      },
    ],
  },
);

export const ResponseSchema = t.Object(
  {
    model: t.String(),
    created_at: t.String({ description: "RFC 3339 time." }),
    message: t.Object(
      {
        role: t.String(),
        content: t.String(),
        thinking: t.Optional(t.String()),
        tool_calls: t.Optional(
          t.Array(
            t.Object(
              {
                function: t.Object({ name: t.String(), arguments: t.Record(t.String(), t.Unknown()) }, { additionalProperties: true }),
              },
              { additionalProperties: true },
            ),
          ),
        ),
      },
      { additionalProperties: true },
    ),
    done: t.Boolean(),
    done_reason: t.Optional(t.String({ description: "`stop` or `length`." })),
    total_duration: t.Optional(t.Number({ description: "Nanoseconds." })),
    load_duration: t.Optional(t.Number()),
    prompt_eval_count: t.Optional(t.Number({ description: "Prompt tokens." })),
    prompt_eval_duration: t.Optional(t.Number()),
    eval_count: t.Optional(t.Number({ description: "Generated tokens." })),
    eval_duration: t.Optional(t.Number()),
  },
  {
    additionalProperties: true,
    description: "Ollama chat answer (stream:false), or one NDJSON line of a stream (done:false until the last).",
    examples: [
      {
        model: "qwen3-coder",
        created_at: "2025-07-07T20:32:53.844124Z",
        message: { role: "assistant", content: "", tool_calls: [{ function: { name: "get_weather", arguments: { city: "Tokyo" } } }] },
        done: true,
        done_reason: "stop",
        total_duration: 3244883583,
        load_duration: 2969184542,
        prompt_eval_count: 169,
        prompt_eval_duration: 141656333,
        eval_count: 18,
        eval_duration: 133293625,
      },
    ],
  },
);

export const ErrorSchema = t.Object(
  { error: t.String() },
  { additionalProperties: true, description: "Ollama error body.", examples: [{ error: 'model "llama9" not found, try pulling it first' }] },
);
