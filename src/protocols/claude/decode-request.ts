// In charge of turning a Claude Messages request body into a UnifiedRequest (pure).
import { isRecord } from "../shared/json.ts";
import type { DecodeRequestInput, Decoded } from "../codec.ts";
import type { TextPart } from "../../unified/content.ts";
import { ProxyError } from "../../unified/errors.ts";
import type { Extensions } from "../../unified/extensions.ts";
import type { UnifiedRequest } from "../../unified/request.ts";
import type { Warning } from "../../unified/warnings.ts";
import { type ContentState, decodeBlock, decodeMessage } from "./decode-content.ts";
import { decodeToolChoice, decodeTools } from "./prepare-tools.ts";
import { decodeThinking } from "./thinking.ts";
import { invalid, optionalArray, optionalBoolean, optionalNumber, optionalStringArray, requireString } from "../shared/fields.ts";

/**
 * Fields the unified model carries. Everything else at the top level (metadata,
 * context_management, output_config, service_tier, container, mcp_servers,
 * cache_control, diagnostics, speed …) is kept verbatim in
 * `extensions.claude.passthrough`, so a Claude upstream on the unified path gets it back.
 */
const MODELED = new Set(["model", "messages", "system", "max_tokens", "temperature", "top_p", "top_k", "stop_sequences", "stream", "tools", "tool_choice", "thinking"]);

function decodeSystem(value: unknown, state: ContentState): { system: TextPart[]; asString: boolean } {
  if (value === undefined || value === null) return { system: [], asString: false };
  if (typeof value === "string") return { system: value === "" ? [] : [{ type: "text", text: value }], asString: true };
  if (!Array.isArray(value)) throw invalid("system", "expected a string or an array of text blocks");
  const system: TextPart[] = [];
  value.forEach((block, index) => {
    for (const part of decodeBlock(block, `system[${index}]`, state)) {
      if (part.type === "text") system.push(part);
      else state.warnings.push({ feature: "system", detail: `system[${index}]: ${part.type} in the system prompt; dropped` });
    }
  });
  return { system, asString: false };
}

function decodeUser(body: Record<string, unknown>): string | undefined {
  const metadata = body.metadata;
  if (!isRecord(metadata)) return undefined;
  return typeof metadata.user_id === "string" && metadata.user_id !== "" ? metadata.user_id : undefined;
}

const BILLING_HEADER = "x-anthropic-billing-header:";

/** Takes Claude Code's billing-header block out of the system prompt (see Extensions.claude.billingHeader). */
function splitBillingHeader(system: TextPart[]): { system: TextPart[]; billingHeader?: string } {
  const index = system.findIndex((part) => part.text.startsWith(BILLING_HEADER));
  if (index === -1) return { system };
  return { system: system.filter((_, i) => i !== index), billingHeader: system[index]!.text };
}

function claudeExtensions(body: Record<string, unknown>, systemAsString: boolean, originalThinking: Record<string, unknown> | undefined, billingHeader: string | undefined): Extensions {
  const passthrough: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) if (!MODELED.has(key)) passthrough[key] = value;
  if (originalThinking) passthrough.thinking = originalThinking;
  const claude: NonNullable<Extensions["claude"]> = {};
  if (Object.keys(passthrough).length > 0) claude.passthrough = passthrough;
  if (systemAsString) claude.systemAsString = true;
  if (billingHeader !== undefined) claude.billingHeader = billingHeader;
  return Object.keys(claude).length > 0 ? { claude } : {};
}

/** `output_config.format` (structured outputs) is the one response-format slot Claude has. */
function decodeResponseFormat(body: Record<string, unknown>): UnifiedRequest["responseFormat"] {
  const format = isRecord(body.output_config) ? body.output_config.format : undefined;
  if (!isRecord(format) || format.type !== "json_schema" || !isRecord(format.schema)) return undefined;
  return { type: "json-schema", schema: format.schema };
}

function samplingFields(body: Record<string, unknown>): Partial<UnifiedRequest> {
  const out: Partial<UnifiedRequest> = {};
  const maxTokens = optionalNumber(body, "max_tokens");
  const temperature = optionalNumber(body, "temperature");
  const topP = optionalNumber(body, "top_p");
  const topK = optionalNumber(body, "top_k");
  const stop = optionalStringArray(body, "stop_sequences");
  if (maxTokens !== undefined) out.maxTokens = maxTokens;
  if (temperature !== undefined) out.temperature = temperature;
  if (topP !== undefined) out.topP = topP;
  if (topK !== undefined) out.topK = topK;
  if (stop !== undefined && stop.length > 0) out.stop = stop;
  return out;
}

export function decodeRequest(input: DecodeRequestInput): Decoded<UnifiedRequest> {
  const body = input.body;
  if (!isRecord(body)) throw new ProxyError("invalid_request", "request body must be a JSON object");
  const model = requireString(body, "model");
  if (model === "") throw invalid("model", "must not be empty");
  const messages = optionalArray(body, "messages");
  if (messages === undefined) throw invalid("messages", "required");
  const warnings: Warning[] = [];
  const state: ContentState = { toolNames: new Map(), warnings };
  const decodedSystem = decodeSystem(body.system, state);
  const asString = decodedSystem.asString;
  const { system, billingHeader } = splitBillingHeader(decodedSystem.system);
  const unifiedMessages = messages.map((message, index) => decodeMessage(message, index, state));
  const tools = decodeTools(optionalArray(body, "tools"), warnings);
  const { toolChoice, parallelToolCalls } = decodeToolChoice(body.tool_choice);
  const { thinking, original } = decodeThinking(body, warnings);
  const responseFormat = decodeResponseFormat(body);
  const user = decodeUser(body);
  const request: UnifiedRequest = {
    model,
    system,
    messages: unifiedMessages,
    tools,
    stream: optionalBoolean(body, "stream") ?? input.stream ?? false,
    ...samplingFields(body),
    ...(toolChoice ? { toolChoice } : {}),
    ...(parallelToolCalls !== undefined ? { parallelToolCalls } : {}),
    ...(thinking ? { thinking } : {}),
    ...(responseFormat ? { responseFormat } : {}),
    ...(user !== undefined ? { user } : {}),
    extensions: claudeExtensions(body, asString, original, billingHeader),
  };
  return { value: request, warnings };
}
