// In charge of sending a Conversation with the official `openai` SDK (Chat Completions) and reading what came back.
import OpenAI from "openai";
import { ACCESS_KEY } from "../harness.ts";
import { lastBody, recordingFetch, type Conversation, type FeatureDriver, type Outcome, type OutcomeCall, type Turn } from "./conversation.ts";

type Message = OpenAI.Chat.ChatCompletionMessageParam;
type Params = OpenAI.Chat.ChatCompletionCreateParamsNonStreaming;

function imageUrl(image: NonNullable<Extract<Turn, { role: "user" }>["images"]>[number]): string {
  return image.kind === "url" ? image.url : `data:${image.mediaType};base64,${image.data}`;
}

function messages(conversation: Conversation): Message[] {
  const out: Message[] = [];
  if (conversation.system) out.push({ role: "system", content: conversation.system });
  for (const turn of conversation.turns) {
    switch (turn.role) {
      case "system":
        out.push({ role: "system", content: turn.text });
        break;
      case "user":
        if (!turn.images?.length) out.push({ role: "user", content: turn.text ?? "" });
        else out.push({ role: "user", content: [...(turn.text ? [{ type: "text" as const, text: turn.text }] : []), ...turn.images.map((image) => ({ type: "image_url" as const, image_url: { url: imageUrl(image) } }))] });
        break;
      case "assistant": {
        const message: OpenAI.Chat.ChatCompletionAssistantMessageParam & { reasoning_content?: string } = { role: "assistant", content: turn.text ?? (turn.calls?.length ? null : "") };
        // DeepSeek-style reasoning in history: not in the SDK types, sent as the de-facto field.
        if (turn.reasoning) message.reasoning_content = turn.reasoning.text;
        if (turn.calls?.length) message.tool_calls = turn.calls.map((call) => ({ id: call.id, type: "function", function: { name: call.name, arguments: JSON.stringify(call.arguments) } }));
        out.push(message);
        break;
      }
      case "tool":
        // Chat Completions has no error flag on tool messages: the content says it.
        for (const result of turn.results) out.push({ role: "tool", tool_call_id: result.id, content: result.content });
        break;
    }
  }
  return out;
}

function params(model: string, conversation: Conversation): Params & { top_k?: number } {
  const body: Params & { top_k?: number } = { model, messages: messages(conversation) };
  const p = conversation.params ?? {};
  if (p.temperature !== undefined) body.temperature = p.temperature;
  if (p.topP !== undefined) body.top_p = p.topP;
  // Not in the OpenAI API; vLLM/OpenRouter read it and ccproxy's decoder does too.
  if (p.topK !== undefined) body.top_k = p.topK;
  if (p.maxTokens !== undefined) body.max_tokens = p.maxTokens;
  if (p.stop) body.stop = p.stop;
  if (p.seed !== undefined) body.seed = p.seed;
  if (p.presencePenalty !== undefined) body.presence_penalty = p.presencePenalty;
  if (p.frequencyPenalty !== undefined) body.frequency_penalty = p.frequencyPenalty;
  if (conversation.tools) body.tools = conversation.tools.map((tool) => ({ type: "function", function: tool }));
  const choice = conversation.toolChoice;
  if (choice) body.tool_choice = typeof choice === "string" ? choice : { type: "function", function: { name: choice.name } };
  const format = conversation.format;
  if (format?.type === "json") body.response_format = { type: "json_object" };
  if (format?.type === "json-schema") body.response_format = { type: "json_schema", json_schema: { name: format.name, schema: format.schema } };
  if (conversation.reasoning?.effort) body.reasoning_effort = conversation.reasoning.effort;
  return body;
}

interface MessageLike {
  content?: string | null;
  reasoning_content?: string;
  tool_calls?: Array<{ id?: string; function?: { name?: string; arguments?: string } }>;
}

function callsOf(message: MessageLike): OutcomeCall[] {
  return (message.tool_calls ?? []).map((call) => ({ id: call.id, name: call.function?.name ?? "", arguments: JSON.parse(call.function?.arguments ?? "{}") as Record<string, unknown> }));
}

export const driveOpenAI: FeatureDriver = async (baseUrl, model, stream, conversation) => {
  const recorder = recordingFetch();
  const client = new OpenAI({ apiKey: ACCESS_KEY, baseURL: `${baseUrl}/v1`, maxRetries: 0, fetch: recorder.fetch });
  const body = params(model, conversation);
  const chunks: OpenAI.Chat.ChatCompletionChunk[] = [];
  let completion: OpenAI.Chat.ChatCompletion;
  let reasoning = "";
  if (stream) {
    const runner = client.chat.completions.stream({ ...body, stream: true, stream_options: { include_usage: true } });
    for await (const chunk of runner) {
      chunks.push(chunk);
      const delta = chunk.choices[0]?.delta as { reasoning_content?: string } | undefined;
      reasoning += delta?.reasoning_content ?? "";
    }
    completion = await runner.finalChatCompletion();
  } else {
    completion = await client.chat.completions.create(body);
    reasoning = (completion.choices[0]?.message as MessageLike | undefined)?.reasoning_content ?? "";
  }
  const choice = completion.choices[0];
  if (!choice) throw new Error("OpenAI answer without choices");
  const message = choice.message as MessageLike;
  const outcome: Outcome = {
    text: message.content ?? "",
    reasoning,
    signatures: [],
    toolCalls: callsOf(message),
    finish: choice.finish_reason,
    usage: { input: completion.usage?.prompt_tokens ?? -1, output: completion.usage?.completion_tokens ?? -1, cacheRead: completion.usage?.prompt_tokens_details?.cached_tokens ?? undefined },
    sent: lastBody(recorder.bodies),
    chunks,
    raw: completion,
  };
  return outcome;
};
