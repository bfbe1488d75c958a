// In charge of the TypeBox wire schemas of Chat Completions for route validation and OpenAPI docs.
import { t } from "elysia";

/**
 * Loose on purpose: only fields whose type is certain are checked, every object keeps
 * unknown properties (Elysia's normalize would strip them otherwise), and
 * decode-request.ts does the precise validation with clear messages.
 * @see https://platform.openai.com/docs/api-reference/chat/create
 */
export const RequestSchema = t.Object(
  {
    model: t.String({ description: "Model name: an alias of the selected group, e.g. `gpt-4o` or `qwen3-coder`." }),
    messages: t.Array(
      t.Object(
        {
          role: t.String({ description: "`system`, `developer`, `user`, `assistant`, `tool` (or the legacy `function`)." }),
        },
        {
          additionalProperties: true,
          description: "A chat message: `content` (string, content parts or null), `tool_calls`, `tool_call_id`, `reasoning_content`.",
        },
      ),
      { description: "The conversation so far." },
    ),
  },
  {
    additionalProperties: true,
    description:
      "Chat Completions request. `tools`, `tool_choice`, `response_format`, `reasoning_effort`, `stream_options`, sampling fields and the non-standard `top_k` are read as OpenAI defines them.",
    examples: [
      {
        model: "gpt-4o",
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
        temperature: 0.2,
        stream: true,
        stream_options: { include_usage: true },
      },
    ],
  },
);

const ToolCallSchema = t.Object(
  {
    id: t.String(),
    type: t.Literal("function"),
    function: t.Object({ name: t.String(), arguments: t.String({ description: "JSON text." }) }, { additionalProperties: true }),
  },
  { additionalProperties: true },
);

const UsageSchema = t.Object(
  {
    prompt_tokens: t.Number({ description: "Prompt tokens, cached ones included." }),
    completion_tokens: t.Number({ description: "Generated tokens, reasoning included." }),
    total_tokens: t.Number(),
    prompt_tokens_details: t.Optional(t.Object({ cached_tokens: t.Optional(t.Number()) }, { additionalProperties: true })),
    completion_tokens_details: t.Optional(t.Object({ reasoning_tokens: t.Optional(t.Number()) }, { additionalProperties: true })),
  },
  { additionalProperties: true },
);

export const ResponseSchema = t.Object(
  {
    id: t.String(),
    object: t.Literal("chat.completion"),
    created: t.Number({ description: "Unix seconds." }),
    model: t.String({ description: "The model name the client asked for." }),
    choices: t.Array(
      t.Object(
        {
          index: t.Number(),
          message: t.Object(
            {
              role: t.Literal("assistant"),
              content: t.Union([t.String(), t.Null()]),
              refusal: t.Union([t.String(), t.Null()]),
              reasoning_content: t.Optional(t.String({ description: "Reasoning text (DeepSeek-style), when the model produced any." })),
              tool_calls: t.Optional(t.Array(ToolCallSchema)),
            },
            { additionalProperties: true },
          ),
          logprobs: t.Optional(t.Unknown({ description: "Always null unless logprobs were asked for." })),
          finish_reason: t.String({ description: "`stop`, `length`, `tool_calls` or `content_filter`." }),
        },
        { additionalProperties: true },
      ),
    ),
    usage: UsageSchema,
  },
  {
    additionalProperties: true,
    description: "Chat Completions answer (stream:false). Streams send `chat.completion.chunk` objects as `data:` lines, ending with `data: [DONE]`.",
    examples: [
      {
        id: "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT",
        object: "chat.completion",
        created: 1741569952,
        model: "gpt-4o",
        choices: [
          {
            index: 0,
            message: {
              role: "assistant",
              content: null,
              refusal: null,
              tool_calls: [{ id: "call_fLsKR5vGllhbWxvpqsDT3jBj", type: "function", function: { name: "get_weather", arguments: '{"city":"Tokyo"}' } }],
            },
            logprobs: null,
            finish_reason: "tool_calls",
          },
        ],
        usage: { prompt_tokens: 82, completion_tokens: 17, total_tokens: 99, prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0 } },
      },
    ],
  },
);

export const ErrorSchema = t.Object(
  {
    error: t.Object(
      {
        message: t.String(),
        type: t.String({ description: "`invalid_request_error`, `authentication_error`, `permission_error`, `not_found_error`, `rate_limit_error` or `api_error`." }),
        param: t.Union([t.String(), t.Null()]),
        code: t.Union([t.String(), t.Null()]),
      },
      { additionalProperties: true },
    ),
  },
  {
    additionalProperties: true,
    description: "OpenAI error body.",
    examples: [{ error: { message: "model 'gpt-9' is not served by group 'default'", type: "not_found_error", param: null, code: null } }],
  },
);
