// In charge of sending a Conversation with the official `@google/genai` SDK (generateContent) and reading what came back.
import { FunctionCallingConfigMode, GoogleGenAI, ThinkingLevel, type Content, type GenerateContentConfig, type GenerateContentResponse, type Part } from "@google/genai";
import { ACCESS_KEY } from "../harness.ts";
import { lastBody, recordingFetch, type Conversation, type FeatureDriver, type ImageSpec, type Outcome, type Turn } from "./conversation.ts";

function imagePart(spec: ImageSpec): Part {
  // A URL goes as fileData with an image MIME type (ccproxy fetches it for upstreams that need inline data).
  return spec.kind === "url" ? { fileData: { fileUri: spec.url, mimeType: "image/png" } } : { inlineData: { mimeType: spec.mediaType, data: spec.data } };
}

function content(turn: Turn, omitIds: boolean): Content {
  switch (turn.role) {
    case "system":
      throw new Error("a Gemini client cannot send a system message inside contents");
    case "user":
      return { role: "user", parts: [...(turn.text !== undefined ? [{ text: turn.text }] : []), ...(turn.images ?? []).map(imagePart)] };
    case "assistant": {
      const parts: Part[] = [];
      if (turn.reasoning) parts.push({ text: turn.reasoning.text, thought: true, ...(turn.reasoning.signature ? { thoughtSignature: turn.reasoning.signature } : {}) });
      if (turn.text !== undefined) parts.push({ text: turn.text });
      for (const call of turn.calls ?? []) parts.push({ functionCall: { ...(omitIds ? {} : { id: call.id }), name: call.name, args: call.arguments }, ...(call.signature ? { thoughtSignature: call.signature } : {}) });
      return { role: "model", parts };
    }
    case "tool":
      // Gemini CLI's shape: {output} on success, {error} on failure.
      return { role: "user", parts: turn.results.map((result) => ({ functionResponse: { ...(omitIds ? {} : { id: result.id }), name: result.name, response: result.isError ? { error: result.content } : { output: result.content } } })) };
  }
}

const LEVELS = { low: ThinkingLevel.LOW, medium: ThinkingLevel.MEDIUM, high: ThinkingLevel.HIGH } as const;

function config(conversation: Conversation): GenerateContentConfig {
  const p = conversation.params ?? {};
  const out: GenerateContentConfig = {};
  if (conversation.system) out.systemInstruction = conversation.system;
  if (p.temperature !== undefined) out.temperature = p.temperature;
  if (p.topP !== undefined) out.topP = p.topP;
  if (p.topK !== undefined) out.topK = p.topK;
  if (p.maxTokens !== undefined) out.maxOutputTokens = p.maxTokens;
  if (p.stop) out.stopSequences = p.stop;
  if (p.seed !== undefined) out.seed = p.seed;
  if (p.presencePenalty !== undefined) out.presencePenalty = p.presencePenalty;
  if (p.frequencyPenalty !== undefined) out.frequencyPenalty = p.frequencyPenalty;
  if (conversation.tools) out.tools = [{ functionDeclarations: conversation.tools.map((tool) => ({ name: tool.name, description: tool.description, parametersJsonSchema: tool.parameters })) }];
  const choice = conversation.toolChoice;
  if (choice === "auto") out.toolConfig = { functionCallingConfig: { mode: FunctionCallingConfigMode.AUTO } };
  else if (choice === "none") out.toolConfig = { functionCallingConfig: { mode: FunctionCallingConfigMode.NONE } };
  else if (choice === "required") out.toolConfig = { functionCallingConfig: { mode: FunctionCallingConfigMode.ANY } };
  else if (choice) out.toolConfig = { functionCallingConfig: { mode: FunctionCallingConfigMode.ANY, allowedFunctionNames: [choice.name] } };
  const format = conversation.format;
  if (format) out.responseMimeType = "application/json";
  if (format?.type === "json-schema") out.responseJsonSchema = format.schema;
  const reasoning = conversation.reasoning;
  if (reasoning?.budget !== undefined) out.thinkingConfig = { includeThoughts: true, thinkingBudget: reasoning.budget };
  else if (reasoning?.effort) out.thinkingConfig = { includeThoughts: true, thinkingLevel: LEVELS[reasoning.effort] };
  return out;
}

function absorb(outcome: Outcome, response: GenerateContentResponse): void {
  outcome.raw = response;
  const candidate = response.candidates?.[0];
  for (const part of candidate?.content?.parts ?? []) {
    if (part.thoughtSignature !== undefined) outcome.signatures.push(part.thoughtSignature);
    if (part.functionCall) {
      outcome.toolCalls.push({ id: part.functionCall.id, name: part.functionCall.name ?? "", arguments: (part.functionCall.args ?? {}) as Record<string, unknown>, ...(part.thoughtSignature ? { signature: part.thoughtSignature } : {}) });
    } else if (part.thought) outcome.reasoning += part.text ?? "";
    else outcome.text += part.text ?? "";
  }
  if (candidate?.finishReason) outcome.finish = candidate.finishReason;
  const usage = response.usageMetadata;
  if (usage) {
    outcome.usage = { input: usage.promptTokenCount ?? 0, output: (usage.candidatesTokenCount ?? 0) + (usage.thoughtsTokenCount ?? 0) };
    if (usage.cachedContentTokenCount !== undefined) outcome.usage.cacheRead = usage.cachedContentTokenCount;
  }
}

export const driveGemini: FeatureDriver = async (baseUrl, model, stream, conversation) => {
  const recorder = recordingFetch();
  const ai = new GoogleGenAI({ apiKey: ACCESS_KEY, httpOptions: { baseUrl, fetch: recorder.fetch } });
  const request = { model, contents: conversation.turns.map((turn) => content(turn, conversation.omitIds === true)), config: config(conversation) };
  const outcome: Outcome = { text: "", reasoning: "", signatures: [], toolCalls: [], finish: "", usage: { input: -1, output: -1 }, sent: {}, chunks: [], raw: undefined };
  if (stream) {
    for await (const chunk of await ai.models.generateContentStream(request)) {
      outcome.chunks.push(chunk);
      absorb(outcome, chunk);
    }
  } else absorb(outcome, await ai.models.generateContent(request));
  outcome.sent = lastBody(recorder.bodies);
  return outcome;
};
