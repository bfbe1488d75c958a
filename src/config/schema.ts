// In charge of the shape of config.toml, field for field as shared/spec/config.md names it.
import { t, type Static } from "elysia";

export const ProtocolSchema = t.Union([t.Literal("openai"), t.Literal("claude"), t.Literal("gemini"), t.Literal("ollama"), t.Literal("openai-responses")]);

export const ServerSchema = t.Object({
  host: t.String({ default: "127.0.0.1" }),
  port: t.Integer({ minimum: 0, maximum: 65535, default: 11435 }),
  data_dir: t.String({ default: "./data" }),
  /** Empty: admin API disabled (every /admin path answers 404). */
  admin_key: t.String({ default: "" }),
  log_requests: t.Boolean({ default: false }),
  /** Extension: request bodies larger than this answer 413. */
  body_limit_mb: t.Number({ minimum: 0.001, default: 32 }),
  /** Extension: upstream attempts per request (targets × keys), failover included. */
  max_attempts: t.Integer({ minimum: 1, maximum: 20, default: 3 }),
  /** Extension: debug | info | warn | error. */
  log_level: t.Union([t.Literal("debug"), t.Literal("info"), t.Literal("warn"), t.Literal("error")], { default: "info" }),
  /** Extension: days of request logs kept in SQLite. */
  log_retention_days: t.Number({ minimum: 0, default: 30 }),
});

export const KeySchema = t.Object({
  name: t.String({ minLength: 1 }),
  key: t.String({ minLength: 1 }),
});

export const ProviderSchema = t.Object({
  id: t.String({ pattern: "^[a-zA-Z0-9_.-]+$" }),
  protocol: ProtocolSchema,
  base_url: t.String({ minLength: 1 }),
  api_keys: t.Array(t.String(), { default: [] }),
  tools: t.Union([t.Literal("native"), t.Literal("compat"), t.Literal("auto")], { default: "native" }),
  timeout_ms: t.Integer({ minimum: 1, default: 600000 }),
  /** Extension: finer bounds, each defaulting to timeout_ms: until the response headers arrive, and between stream chunks. */
  first_byte_timeout_ms: t.Optional(t.Integer({ minimum: 1 })),
  idle_timeout_ms: t.Optional(t.Integer({ minimum: 1 })),
  headers: t.Record(t.String(), t.String(), { default: {} }),
});

/** Extension: per-alias and per-group request shaping (README "Group policies"); the alias's value wins. */
const Overrides = {
  /** Caps the client's max tokens; also the value sent when the client sent none. */
  max_tokens_cap: t.Optional(t.Integer({ minimum: 1 })),
  /** Merged (deeply) into every upstream body, e.g. { provider = { sort = "price" } } for OpenRouter. */
  extra_body: t.Optional(t.Record(t.String(), t.Unknown())),
};

export const AliasSchema = t.Object({
  alias: t.String({ minLength: 1 }),
  targets: t.Array(t.String({ minLength: 3 }), { minItems: 1 }),
  ...Overrides,
});

export const GroupSchema = t.Object({
  name: t.String({ pattern: "^[a-zA-Z0-9_.-]+$" }),
  prompt_injection: t.Union([t.Literal("off"), t.Literal("enhance"), t.Literal("replace")], { default: "off" }),
  prompt_text: t.String({ default: "" }),
  prompt_position: t.Union([t.Literal("system"), t.Literal("user")], { default: "system" }),
  tool_filter: t.Array(t.String(), { default: [] }),
  temperature_ratio: t.Number({ minimum: 0, default: 1 }),
  ...Overrides,
  aliases: t.Array(AliasSchema, { default: [] }),
});

export const McpServerSchema = t.Object({
  name: t.String({ pattern: "^[a-zA-Z0-9_.-]+$" }),
  command: t.Optional(t.Array(t.String(), { minItems: 1 })),
  url: t.Optional(t.String()),
  env: t.Optional(t.Record(t.String(), t.String())),
  headers: t.Optional(t.Record(t.String(), t.String())),
});

export const ConfigSchema = t.Object({
  server: ServerSchema,
  keys: t.Array(KeySchema, { default: [] }),
  providers: t.Array(ProviderSchema, { default: [] }),
  groups: t.Array(GroupSchema, { default: [] }),
  mcp_servers: t.Array(McpServerSchema, { default: [] }),
});

export type ServerConfig = Static<typeof ServerSchema>;
export type KeyConfig = Static<typeof KeySchema>;
export type ProviderConfig = Static<typeof ProviderSchema>;
export type AliasConfig = Static<typeof AliasSchema>;
export type GroupConfig = Static<typeof GroupSchema>;
export type McpServerConfig = Static<typeof McpServerSchema>;
export type Config = Static<typeof ConfigSchema>;
