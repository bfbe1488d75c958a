// In charge of the TypeBox wire schemas of the Claude Messages route (validation and OpenAPI docs); loose on purpose.
import { t } from "elysia";

/**
 * Only fields whose type is certain are declared; every object allows unknown
 * properties, because clients send fields ccproxy does not model and they must
 * pass on. Precise checks (roles, block shapes) happen in decode-request.ts.
 * @see https://docs.anthropic.com/en/api/messages
 */
const Loose = { additionalProperties: true } as const;

const ContentBlock = t.Object({ type: t.String({ description: "text, image, document, tool_use, tool_result, thinking, redacted_thinking …" }) }, Loose);

export const RequestSchema = t.Object(
  {
    model: t.String({ description: "Model alias the client asks for; resolved by the group's aliases." }),
    messages: t.Array(
      t.Object(
        {
          role: t.String({ description: "user, assistant or system (Claude Code sends system entries inside messages)." }),
          content: t.Optional(t.Union([t.String(), t.Array(ContentBlock)])),
        },
        Loose,
      ),
      { description: "The conversation." },
    ),
    max_tokens: t.Optional(t.Number({ description: "Output token limit; ccproxy supplies a default when absent." })),
    system: t.Optional(t.Union([t.String(), t.Array(ContentBlock)], { description: "System prompt: a string or text blocks (with cache_control)." })),
    stream: t.Optional(t.Boolean({ description: "Stream the answer as server-sent events." })),
    tools: t.Optional(t.Array(t.Object({ name: t.Optional(t.String()) }, Loose))),
    tool_choice: t.Optional(t.Object({ type: t.String() }, Loose)),
    thinking: t.Optional(t.Object({ type: t.String({ description: "enabled, disabled or adaptive" }) }, Loose)),
    temperature: t.Optional(t.Number()),
    top_p: t.Optional(t.Number()),
    top_k: t.Optional(t.Number()),
    stop_sequences: t.Optional(t.Array(t.String())),
    metadata: t.Optional(t.Object({}, Loose)),
  },
  {
    ...Loose,
    description: "Anthropic Messages API request.",
    examples: [
      {
        model: "claude-sonnet-4-5",
        max_tokens: 1024,
        system: [{ type: "text", text: "You are a helpful assistant.", cache_control: { type: "ephemeral" } }],
        messages: [{ role: "user", content: "What is the weather in Paris?" }],
        tools: [{ name: "get_weather", description: "Get the weather for a city.", input_schema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } }],
        stream: true,
      },
    ],
  },
);

const Usage = t.Object(
  {
    input_tokens: t.Number({ description: "Input tokens excluding cache reads and writes." }),
    output_tokens: t.Number(),
    cache_creation_input_tokens: t.Optional(t.Number()),
    cache_read_input_tokens: t.Optional(t.Number()),
  },
  Loose,
);

export const ResponseSchema = t.Object(
  {
    id: t.String({ description: "msg_…" }),
    type: t.Literal("message"),
    role: t.Literal("assistant"),
    model: t.String({ description: "The model alias the client asked for." }),
    content: t.Array(ContentBlock),
    stop_reason: t.Union([t.String(), t.Null()], { description: "end_turn, max_tokens, stop_sequence, tool_use, pause_turn, refusal …" }),
    stop_sequence: t.Union([t.String(), t.Null()]),
    usage: Usage,
  },
  {
    ...Loose,
    description: "Anthropic Messages API answer (non-streaming).",
    examples: [
      {
        id: "msg_01XFDUDYJgAACzvnptvVoYEL",
        type: "message",
        role: "assistant",
        model: "claude-sonnet-4-5",
        content: [{ type: "text", text: "It is sunny in Paris." }],
        stop_reason: "end_turn",
        stop_sequence: null,
        usage: { input_tokens: 12, output_tokens: 8, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
      },
    ],
  },
);

export const ErrorSchema = t.Object(
  {
    type: t.Literal("error"),
    error: t.Object({ type: t.String({ description: "invalid_request_error, authentication_error, not_found_error, rate_limit_error, overloaded_error …" }), message: t.String() }, Loose),
  },
  { ...Loose, description: "Anthropic error body.", examples: [{ type: "error", error: { type: "not_found_error", message: "model 'foo' is not configured in group 'default'" } }] },
);
