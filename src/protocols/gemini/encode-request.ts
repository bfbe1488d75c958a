// In charge of UnifiedRequest → Gemini generateContent body (the model and `alt=sse` go in the URL, not the body).
import type { CodecContext, Decoded } from "../codec.ts";
import type { ReasoningEffort, UnifiedRequest } from "../../unified/request.ts";
import type { Warning } from "../../unified/warnings.ts";
import { encodeContents } from "./encode-contents.ts";
import { jsonSchemaToGeminiSchema } from "./json-schema-to-gemini-schema.ts";
import { encodeToolChoice, encodeTools } from "./prepare-tools.ts";

/** Budgets for an effort when the client gave no token budget (Gemini 2.5 accepts 0–24576 on Flash, 128–32768 on Pro). */
export const EFFORT_BUDGET: Record<ReasoningEffort, number> = { minimal: 512, low: 2048, medium: 8192, high: 24576 };

export function encodeRequest(request: UnifiedRequest, _context: CodecContext): Decoded<Record<string, unknown>> {
  const warnings: Warning[] = [];
  const { contents, systemTexts } = encodeContents(request.messages, warnings);
  const body: Record<string, unknown> = { contents };
  // One part per system block: Claude Code's blocks must not run into each other.
  const system = [...request.system.map((part) => part.text), ...systemTexts].filter((text) => text !== "");
  if (system.length > 0) body.systemInstruction = { parts: system.map((text) => ({ text })) };
  const tools = encodeTools(request.tools);
  if (tools.length > 0) body.tools = tools;
  if (request.toolChoice && tools.length > 0) body.toolConfig = encodeToolChoice(request.toolChoice);
  if (request.parallelToolCalls === false) warnings.push({ feature: "parallelToolCalls", detail: "Gemini cannot turn off parallel function calls" });
  const generationConfig = encodeGenerationConfig(request);
  if (Object.keys(generationConfig).length > 0) body.generationConfig = generationConfig;
  const gemini = request.extensions.gemini;
  if (gemini?.safetySettings) body.safetySettings = gemini.safetySettings;
  if (gemini?.cachedContent) body.cachedContent = gemini.cachedContent;
  return { value: body, warnings };
}

function encodeGenerationConfig(request: UnifiedRequest): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  if (request.temperature !== undefined) config.temperature = request.temperature;
  if (request.topP !== undefined) config.topP = request.topP;
  if (request.topK !== undefined) config.topK = request.topK;
  if (request.maxTokens !== undefined) config.maxOutputTokens = request.maxTokens;
  if (request.stop && request.stop.length > 0) config.stopSequences = request.stop;
  if (request.seed !== undefined) config.seed = request.seed;
  if (request.presencePenalty !== undefined) config.presencePenalty = request.presencePenalty;
  if (request.frequencyPenalty !== undefined) config.frequencyPenalty = request.frequencyPenalty;
  const format = request.responseFormat;
  if (format?.type === "json") config.responseMimeType = "application/json";
  if (format?.type === "json-schema") {
    config.responseMimeType = "application/json";
    config.responseSchema = jsonSchemaToGeminiSchema(format.schema);
  }
  if (format?.type === "text") config.responseMimeType = "text/plain";
  const thinking = encodeThinking(request);
  if (thinking) config.thinkingConfig = thinking;
  const modalities = request.extensions.gemini?.responseModalities;
  if (modalities) config.responseModalities = modalities;
  return config;
}

/** Reasoning on: a budget (given, or from the effort; -1 = dynamic); off: budget 0. */
function encodeThinking(request: UnifiedRequest): Record<string, unknown> | undefined {
  const thinking = request.thinking;
  if (!thinking) return undefined;
  if (!thinking.enabled) return { thinkingBudget: 0 };
  const budget = thinking.budgetTokens ?? (thinking.effort ? EFFORT_BUDGET[thinking.effort] : -1);
  return { includeThoughts: thinking.includeThoughts ?? true, thinkingBudget: budget };
}
