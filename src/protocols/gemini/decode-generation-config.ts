// In charge of Gemini `generationConfig` → unified sampling, output format and thinking settings.
import { ProxyError } from "../../unified/errors.ts";
import type { ReasoningEffort, ThinkingConfig, UnifiedRequest } from "../../unified/request.ts";
import type { Warning } from "../../unified/warnings.ts";
import { isRecord } from "../shared/json.ts";
import { field, optionalBoolean, optionalNumber, optionalRecord, optionalString, optionalStringArray } from "./fields.ts";
import { geminiSchemaToJsonSchema } from "./gemini-schema-to-json-schema.ts";

const PATH = "generationConfig";

/** Fields read here or kept in extensions; every other field is reported as dropped. */
const HANDLED = new Set([
  "temperature", "topP", "topK", "maxOutputTokens", "stopSequences", "seed", "presencePenalty", "frequencyPenalty",
  "candidateCount", "responseMimeType", "responseSchema", "responseJsonSchema", "thinkingConfig", "responseModalities",
]);

type Sampling = Pick<UnifiedRequest, "temperature" | "topP" | "topK" | "maxTokens" | "stop" | "seed" | "presencePenalty" | "frequencyPenalty" | "responseFormat" | "thinking">;

export interface DecodedGenerationConfig {
  sampling: Sampling;
  candidateCount?: number;
  responseModalities?: string[];
}

export function decodeGenerationConfig(config: Record<string, unknown>, warnings: Warning[]): DecodedGenerationConfig {
  for (const key of Object.keys(config)) {
    const camel = key.replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase());
    if (!HANDLED.has(camel)) warnings.push({ feature: `generationConfig.${camel}`, detail: `generationConfig.${camel} is not supported and was dropped` });
  }
  const sampling: Sampling = {
    temperature: optionalNumber(config, "temperature", PATH),
    topP: optionalNumber(config, "topP", PATH),
    topK: optionalNumber(config, "topK", PATH),
    maxTokens: optionalNumber(config, "maxOutputTokens", PATH),
    stop: optionalStringArray(config, "stopSequences", PATH),
    seed: optionalNumber(config, "seed", PATH),
    presencePenalty: optionalNumber(config, "presencePenalty", PATH),
    frequencyPenalty: optionalNumber(config, "frequencyPenalty", PATH),
    responseFormat: decodeResponseFormat(config, warnings),
    thinking: decodeThinking(optionalRecord(config, "thinkingConfig", PATH), warnings),
  };
  for (const key of Object.keys(sampling) as Array<keyof Sampling>) if (sampling[key] === undefined) delete sampling[key];
  const candidateCount = optionalNumber(config, "candidateCount", PATH);
  if (candidateCount !== undefined && candidateCount > 1) warnings.push({ feature: "generationConfig.candidateCount", detail: `candidateCount ${candidateCount} is not supported; one candidate is returned` });
  const out: DecodedGenerationConfig = { sampling };
  if (candidateCount !== undefined) out.candidateCount = candidateCount;
  const modalities = optionalStringArray(config, "responseModalities", PATH);
  if (modalities) out.responseModalities = modalities;
  return out;
}

function decodeResponseFormat(config: Record<string, unknown>, warnings: Warning[]): UnifiedRequest["responseFormat"] {
  const mimeType = optionalString(config, "responseMimeType", PATH);
  // Gemini CLI sends responseJsonSchema with upper-case types; both schema fields normalise to lower-case JSON Schema.
  const schema = field(config, "responseJsonSchema") ?? field(config, "responseSchema");
  if (schema !== undefined && schema !== null && !isRecord(schema)) throw new ProxyError("invalid_request", `${PATH}.responseSchema: expected an object`);
  if (mimeType === undefined || mimeType === "text/plain") {
    if (schema) warnings.push({ feature: "generationConfig.responseSchema", detail: "a response schema without responseMimeType application/json was ignored" });
    return mimeType === undefined ? undefined : { type: "text" };
  }
  if (mimeType === "application/json") return schema ? { type: "json-schema", schema: geminiSchemaToJsonSchema(schema) } : { type: "json" };
  warnings.push({ feature: "generationConfig.responseMimeType", detail: `responseMimeType ${mimeType} is not supported; plain text is asked for` });
  return undefined;
}

const LEVELS: Record<string, ReasoningEffort> = { MINIMAL: "minimal", LOW: "low", MEDIUM: "medium", HIGH: "high", XHIGH: "high" };

/** thinkingBudget 0 turns thinking off, -1 is "dynamic" (on, no budget); thinkingLevel maps to an effort. */
function decodeThinking(config: Record<string, unknown> | undefined, warnings: Warning[]): ThinkingConfig | undefined {
  if (!config) return undefined;
  const path = `${PATH}.thinkingConfig`;
  const includeThoughts = optionalBoolean(config, "includeThoughts", path);
  const budget = optionalNumber(config, "thinkingBudget", path);
  const level = optionalString(config, "thinkingLevel", path)?.toUpperCase();
  if (budget === 0) return includeThoughts === undefined ? { enabled: false } : { enabled: false, includeThoughts };
  const thinking: ThinkingConfig = { enabled: true };
  if (budget !== undefined && budget > 0) thinking.budgetTokens = budget;
  if (level !== undefined && level !== "THINKING_LEVEL_UNSPECIFIED") {
    const effort = LEVELS[level];
    if (!effort) throw new ProxyError("invalid_request", `${path}.thinkingLevel: unknown level '${level}'`);
    if (level === "XHIGH") warnings.push({ feature: "thinkingConfig.thinkingLevel", detail: "thinkingLevel XHIGH was lowered to high" });
    thinking.effort = effort;
  }
  if (includeThoughts !== undefined) thinking.includeThoughts = includeThoughts;
  // includeThoughts alone (false) only hides the thoughts; it asks for no thinking change.
  if (budget === undefined && thinking.effort === undefined && includeThoughts !== true) return undefined;
  return thinking;
}
