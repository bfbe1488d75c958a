// In charge of the fake Gemini API upstream: real GenerateContentResponse bodies, SSE (`alt=sse`) or JSON-array streams.
import { geminiEmbeddings } from "./embeddings.ts";
import { chunkText, type FakeProtocol, type FakeScenario, type RecordedRequest } from "./scenario.ts";

/** Fixed so answers are reproducible; ccproxy shows its own ids to clients anyway. */
const RESPONSE_ID = "fakeRespId0123456789abc";
const DEFAULT_USAGE: NonNullable<FakeScenario["usage"]> = { input: 12, output: 8 };

type Part = Record<string, unknown>;

/** The model from the path `/v1beta/models/{model}:generateContent`. */
function modelOf(scenario: FakeScenario, request: RecordedRequest): string {
  const match = /\/models\/([^/:]+):/.exec(request.path);
  return scenario.model ?? (match?.[1] ? decodeURIComponent(match[1]) : "gemini-fake");
}

function finishReason(scenario: FakeScenario): string {
  if (scenario.rawFinish !== undefined) return scenario.rawFinish;
  if (scenario.finish === "length") return "MAX_TOKENS";
  if (scenario.finish === "content-filter") return "SAFETY";
  // Gemini reports function calls with STOP.
  return "STOP";
}

/** promptTokenCount includes cached tokens; the scenario's `input` is the uncached part (Claude's convention, as the other fakes). */
function usageMetadata(scenario: FakeScenario) {
  const usage = scenario.usage ?? DEFAULT_USAGE;
  const prompt = usage.input + (usage.cacheRead ?? 0) + (usage.cacheWrite ?? 0);
  const metadata: Record<string, unknown> = {
    promptTokenCount: prompt,
    candidatesTokenCount: usage.output,
    totalTokenCount: prompt + usage.output,
    promptTokensDetails: [{ modality: "TEXT", tokenCount: prompt }],
  };
  if (usage.cacheRead) metadata.cachedContentTokenCount = usage.cacheRead;
  return metadata;
}

function reasoningPart(scenario: FakeScenario, text: string, last: boolean): Part {
  const part: Part = { text, thought: true };
  if (last && scenario.reasoningSignature) part.thoughtSignature = scenario.reasoningSignature;
  return part;
}

function callParts(scenario: FakeScenario): Part[] {
  // Gemini API calls carry no id unless the client sent ids; the fake passes a scenario id through as Gemini CLI history would.
  return (scenario.toolCalls ?? []).map((call) => ({ functionCall: call.id ? { id: call.id, name: call.name, args: call.arguments } : { name: call.name, args: call.arguments } }));
}

function body(scenario: FakeScenario, request: RecordedRequest, parts: Part[], final: boolean): Record<string, unknown> {
  const candidate: Record<string, unknown> = { content: { parts, role: "model" }, index: 0 };
  if (final) candidate.finishReason = finishReason(scenario);
  const chunk: Record<string, unknown> = { candidates: [candidate] };
  const usage = usageMetadata(scenario);
  // Real streams carry the prompt count on every chunk and the full counts on the last one.
  chunk.usageMetadata = final ? usage : { promptTokenCount: usage.promptTokenCount, totalTokenCount: usage.promptTokenCount };
  chunk.modelVersion = modelOf(scenario, request);
  chunk.responseId = RESPONSE_ID;
  return chunk;
}

function response(scenario: FakeScenario, request: RecordedRequest): unknown {
  const parts: Part[] = [];
  if (scenario.reasoning !== undefined) parts.push(reasoningPart(scenario, scenario.reasoning, true));
  if (scenario.text !== undefined) parts.push({ text: scenario.text });
  parts.push(...callParts(scenario));
  return body(scenario, request, parts, true);
}

/** Chunks of parts: reasoning pieces, text pieces, then all calls in one chunk (as Gemini sends parallel calls); the last chunk carries finishReason. */
function chunkParts(scenario: FakeScenario): Part[][] {
  const size = scenario.chunkSize ?? 4;
  const chunks: Part[][] = [];
  const thoughts = chunkText(scenario.reasoning ?? "", size);
  thoughts.forEach((piece, index) => chunks.push([reasoningPart(scenario, piece, index === thoughts.length - 1)]));
  for (const piece of chunkText(scenario.text ?? "", size)) chunks.push([{ text: piece }]);
  const calls = callParts(scenario);
  if (calls.length > 0) chunks.push(calls);
  if (chunks.length === 0) chunks.push([{ text: "" }]);
  return chunks;
}

function streamFrames(scenario: FakeScenario, request: RecordedRequest): string[] {
  const chunks = chunkParts(scenario).map((parts, index, all) => body(scenario, request, parts, index === all.length - 1));
  if (request.search.includes("alt=sse")) return chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\r\n\r\n`);
  // Without alt=sse the API streams one JSON array, element by element.
  return chunks.map((chunk, index) => (index === 0 ? "[" : ",\r\n") + JSON.stringify(chunk)).concat("]");
}

function statusName(status: number): string {
  if (status === 400) return "INVALID_ARGUMENT";
  if (status === 401) return "UNAUTHENTICATED";
  if (status === 403) return "PERMISSION_DENIED";
  if (status === 404) return "NOT_FOUND";
  if (status === 429) return "RESOURCE_EXHAUSTED";
  if (status === 503) return "UNAVAILABLE";
  if (status === 504) return "DEADLINE_EXCEEDED";
  return status >= 500 ? "INTERNAL" : "INVALID_ARGUMENT";
}

function errorBody(status: number, message: string): unknown {
  return { error: { code: status, message, status: statusName(status) } };
}

/** What the fake's token counter answers, so a test can tell it from ccproxy's own estimate. */
export const COUNTED_TOKENS = 2345;

export const fake: FakeProtocol = {
  // models/{model}:countTokens answers {totalTokens} (https://ai.google.dev/api/tokens#method:-models.counttokens).
  // :batchEmbedContents / :embedContent answer deterministic vectors (./embeddings.ts).
  handle: (request) =>
    request.path.endsWith(":countTokens")
      ? Response.json({ totalTokens: COUNTED_TOKENS, promptTokensDetails: [{ modality: "TEXT", tokenCount: COUNTED_TOKENS }] })
      : geminiEmbeddings(request, errorBody),
  isStream: (request) => request.path.includes(":streamGenerateContent"),
  response,
  streamFrames,
  errorFrame: (message) => `data: ${JSON.stringify(errorBody(500, message))}\r\n\r\n`,
  errorBody,
  streamContentType: "text/event-stream",
};
