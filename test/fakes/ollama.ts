// In charge of the fake Ollama upstream: exact /api/chat JSON answers and NDJSON streams.
import { ollamaEmbeddings } from "./embeddings.ts";
import { chunkText, type FakeProtocol, type FakeScenario, type RecordedRequest } from "./scenario.ts";

/**
 * Shapes follow ollama docs/api.md "Generate a chat completion" examples:
 * tool calls whole, arguments as objects, no ids (as in the docs); the last
 * line carries done:true, done_reason and the counts; mid-stream errors are a
 * bare {"error": "…"} line (docs/api/errors.mdx).
 */
const CREATED_AT = "2025-07-07T20:22:19.184789Z";
const DEFAULT_USAGE = { input: 10, output: 5 };

function bodyOf(request: RecordedRequest): Record<string, unknown> {
  return typeof request.body === "object" && request.body !== null && !Array.isArray(request.body) ? (request.body as Record<string, unknown>) : {};
}

function modelOf(scenario: FakeScenario, request: RecordedRequest): string {
  const requested = bodyOf(request).model;
  return scenario.model ?? (typeof requested === "string" ? requested : "fake-model");
}

function doneReason(scenario: FakeScenario): string {
  if (scenario.rawFinish !== undefined) return scenario.rawFinish;
  // Ollama says "stop" after tool calls and has no content-filter reason.
  return scenario.finish === "length" ? "length" : "stop";
}

/** prompt_eval_count is the whole prompt, cache reads included (Ollama has no separate cache count). */
function metrics(scenario: FakeScenario) {
  const usage = scenario.usage ?? DEFAULT_USAGE;
  return {
    total_duration: 182242375,
    load_duration: 41295167,
    prompt_eval_count: usage.input,
    prompt_eval_duration: 24573166,
    eval_count: usage.output,
    eval_duration: 115959084,
  };
}

function toolCalls(scenario: FakeScenario) {
  return (scenario.toolCalls ?? []).map((call) => ({ function: { name: call.name, arguments: call.arguments } }));
}

function line(value: unknown): string {
  return JSON.stringify(value) + "\n";
}

export const fake: FakeProtocol = {
  // POST /api/embed and /api/embeddings.
  handle: (request) => ollamaEmbeddings(request, fake.errorBody),

  isStream(request) {
    // Ollama streams unless told otherwise.
    return bodyOf(request).stream !== false;
  },

  response(scenario, request) {
    const message: Record<string, unknown> = { role: "assistant", content: scenario.text ?? "" };
    if (scenario.reasoning) message.thinking = scenario.reasoning;
    if (scenario.toolCalls?.length) message.tool_calls = toolCalls(scenario);
    return { model: modelOf(scenario, request), created_at: CREATED_AT, message, done_reason: doneReason(scenario), done: true, ...metrics(scenario) };
  },

  streamFrames(scenario, request) {
    const model = modelOf(scenario, request);
    const size = scenario.chunkSize ?? 4;
    const frames: string[] = [];
    for (const piece of chunkText(scenario.reasoning ?? "", size)) {
      frames.push(line({ model, created_at: CREATED_AT, message: { role: "assistant", content: "", thinking: piece }, done: false }));
    }
    for (const piece of chunkText(scenario.text ?? "", size)) {
      frames.push(line({ model, created_at: CREATED_AT, message: { role: "assistant", content: piece }, done: false }));
    }
    if (scenario.toolCalls?.length) {
      frames.push(line({ model, created_at: CREATED_AT, message: { role: "assistant", content: "", tool_calls: toolCalls(scenario) }, done: false }));
    }
    frames.push(
      line({ model, created_at: CREATED_AT, message: { role: "assistant", content: "" }, done_reason: doneReason(scenario), done: true, ...metrics(scenario) }),
    );
    return frames;
  },

  errorFrame(message) {
    return line({ error: message });
  },

  errorBody(_status, message) {
    return { error: message };
  },

  streamContentType: "application/x-ndjson",
};
