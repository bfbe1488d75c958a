// In charge of the TypeBox wire schemas of the Responses API for route validation and OpenAPI docs.
import { t } from "elysia";

/**
 * Loose on purpose: only fields whose type is certain are checked, every object keeps
 * unknown properties (clients send far more than ccproxy models, and it must pass on),
 * and decode-request.ts does the precise validation with clear messages.
 * @see https://platform.openai.com/docs/api-reference/responses/create
 */
export const RequestSchema = t.Object(
  {
    model: t.String({ description: "Model name: an alias of the selected group, e.g. `gpt-5` or `qwen3-coder`." }),
    input: t.Optional(
      t.Union(
        [
          t.String({ description: "A single user message." }),
          t.Array(
            t.Object(
              {},
              {
                additionalProperties: true,
                description:
                  "An input item: a message (`role` user, assistant, system or developer; `content` string or input_text / input_image / output_text parts), `function_call`, `function_call_output`, `custom_tool_call(_output)` or `reasoning` (with `encrypted_content`).",
              },
            ),
          ),
        ],
        { description: "The conversation: a string or input items. With `previous_response_id`, only the new items." },
      ),
    ),
    previous_response_id: t.Optional(t.Union([t.String({ description: "A response stored by ccproxy (sent without `store: false`); its input and output are prepended to `input`." }), t.Null()])),
  },
  {
    additionalProperties: true,
    description:
      "Responses request. `instructions`, `tools` (function, namespace, custom; hosted tools only reach Responses upstreams), `tool_choice`, `parallel_tool_calls`, `max_output_tokens`, `temperature`, `top_p`, `text.format`, `reasoning` {effort, summary}, `include`, `store` and `stream` are read as OpenAI defines them.",
    examples: [
      {
        model: "gpt-5",
        instructions: "You are a concise assistant.",
        input: [{ role: "user", content: [{ type: "input_text", text: "What is the weather in Tokyo?" }] }],
        tools: [{ type: "function", name: "get_weather", description: "Get the weather in a given city", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] }, strict: false }],
        reasoning: { effort: "medium", summary: "auto" },
        stream: true,
      },
    ],
  },
);

const UsageSchema = t.Object(
  {
    input_tokens: t.Number({ description: "Prompt tokens, cached ones included." }),
    input_tokens_details: t.Object({ cached_tokens: t.Number() }, { additionalProperties: true }),
    output_tokens: t.Number({ description: "Generated tokens, reasoning included." }),
    output_tokens_details: t.Object({ reasoning_tokens: t.Number() }, { additionalProperties: true }),
    total_tokens: t.Number(),
  },
  { additionalProperties: true },
);

export const ResponseSchema = t.Object(
  {
    id: t.String({ description: "`resp_…`; reuse it as `previous_response_id` (unless the request said `store: false`)." }),
    object: t.Literal("response"),
    created_at: t.Number({ description: "Unix seconds." }),
    status: t.String({ description: "`completed`, or `incomplete` (see `incomplete_details.reason`: `max_output_tokens` or `content_filter`)." }),
    model: t.String({ description: "The model name the client asked for." }),
    output: t.Array(
      t.Object({ type: t.String({ description: "`message`, `reasoning`, `function_call` or `custom_tool_call`." }) }, { additionalProperties: true }),
    ),
    incomplete_details: t.Union([t.Object({ reason: t.String() }, { additionalProperties: true }), t.Null()]),
    usage: t.Union([UsageSchema, t.Null()]),
  },
  {
    additionalProperties: true,
    description:
      "Response (stream: false). Streams send `event: <type>` + `data: {type, sequence_number, …}` frames: response.created, response.in_progress, output_item.added/done, content_part.*, output_text.delta/done, reasoning_summary_*, function_call_arguments.delta/done, and response.completed (or response.incomplete) with usage.",
    examples: [
      {
        id: "resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b",
        object: "response",
        created_at: 1741476542,
        status: "completed",
        error: null,
        incomplete_details: null,
        model: "gpt-5",
        output: [
          {
            type: "function_call",
            id: "fc_67ccd2bf17f0819081ff3bb2cf6508e60bb6a6b452d3795b",
            call_id: "call_fLsKR5vGllhbWxvpqsDT3jBj",
            name: "get_weather",
            arguments: '{"city":"Tokyo"}',
            status: "completed",
          },
        ],
        parallel_tool_calls: true,
        usage: { input_tokens: 82, input_tokens_details: { cached_tokens: 0 }, output_tokens: 17, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 99 },
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
    description: "OpenAI error body (the Responses API shares it).",
    examples: [{ error: { message: "previous_response_id: response 'resp_x' is not stored by ccproxy", type: "invalid_request_error", param: null, code: null } }],
  },
);
