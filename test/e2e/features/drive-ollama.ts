// In charge of sending a Conversation with the official `ollama` client (/api/chat) and reading what came back.
import { Ollama, type ChatRequest, type ChatResponse, type Message, type Tool } from "ollama";
import { ACCESS_KEY } from "../harness.ts";
import { lastBody, recordingFetch, type Conversation, type FeatureDriver, type Outcome, type Turn } from "./conversation.ts";

function messages(conversation: Conversation): Message[] {
  const out: Message[] = [];
  if (conversation.system) out.push({ role: "system", content: conversation.system });
  for (const turn of conversation.turns) out.push(...turnMessages(turn));
  return out;
}

function turnMessages(turn: Turn): Message[] {
  switch (turn.role) {
    case "system":
      return [{ role: "system", content: turn.text }];
    case "user": {
      const message: Message = { role: "user", content: turn.text ?? "" };
      if (turn.images?.length) {
        message.images = turn.images.map((image) => {
          if (image.kind === "url") throw new Error("an Ollama client can only send base64 images");
          return image.data;
        });
      }
      return [message];
    }
    case "assistant": {
      const message: Message = { role: "assistant", content: turn.text ?? "" };
      if (turn.reasoning) message.thinking = turn.reasoning.text;
      if (turn.calls?.length) message.tool_calls = turn.calls.map((call) => ({ function: { name: call.name, arguments: call.arguments } }));
      return [message];
    }
    case "tool":
      // Ollama tool messages name their tool and carry no id or error flag.
      return turn.results.map((result) => ({ role: "tool", content: result.content, tool_name: result.name }));
  }
}

function request(model: string, conversation: Conversation): Omit<ChatRequest, "stream"> {
  const p = conversation.params ?? {};
  const options: Record<string, unknown> = {};
  if (p.temperature !== undefined) options.temperature = p.temperature;
  if (p.topP !== undefined) options.top_p = p.topP;
  if (p.topK !== undefined) options.top_k = p.topK;
  if (p.maxTokens !== undefined) options.num_predict = p.maxTokens;
  if (p.stop) options.stop = p.stop;
  if (p.seed !== undefined) options.seed = p.seed;
  if (p.presencePenalty !== undefined) options.presence_penalty = p.presencePenalty;
  if (p.frequencyPenalty !== undefined) options.frequency_penalty = p.frequencyPenalty;
  const body: Omit<ChatRequest, "stream"> = { model, messages: messages(conversation), options: options as ChatRequest["options"] };
  if (conversation.tools) body.tools = conversation.tools.map((tool) => ({ type: "function", function: tool }) as Tool);
  if (conversation.toolChoice !== undefined) throw new Error("an Ollama client has no tool_choice");
  if (conversation.format?.type === "json") body.format = "json";
  if (conversation.format?.type === "json-schema") body.format = conversation.format.schema;
  const reasoning = conversation.reasoning;
  if (reasoning) body.think = reasoning.effort ?? true;
  return body;
}

function absorb(outcome: Outcome, part: ChatResponse): void {
  outcome.raw = part;
  outcome.text += part.message.content ?? "";
  outcome.reasoning += part.message.thinking ?? "";
  for (const call of part.message.tool_calls ?? []) {
    const id = (call as { id?: string }).id;
    outcome.toolCalls.push({ ...(id ? { id } : {}), name: call.function.name, arguments: call.function.arguments as Record<string, unknown> });
  }
  if (part.done) {
    outcome.finish = part.done_reason ?? "";
    outcome.usage = { input: part.prompt_eval_count, output: part.eval_count };
  }
}

export const driveOllama: FeatureDriver = async (baseUrl, model, stream, conversation) => {
  const recorder = recordingFetch();
  const client = new Ollama({ host: baseUrl, headers: { Authorization: `Bearer ${ACCESS_KEY}` }, fetch: recorder.fetch });
  const body = request(model, conversation);
  const outcome: Outcome = { text: "", reasoning: "", signatures: [], toolCalls: [], finish: "", usage: { input: -1, output: -1 }, sent: {}, chunks: [], raw: undefined };
  if (stream) {
    for await (const part of await client.chat({ ...body, stream: true })) {
      outcome.chunks.push(part);
      absorb(outcome, part);
    }
  } else absorb(outcome, await client.chat({ ...body, stream: false }));
  outcome.sent = lastBody(recorder.bodies);
  return outcome;
};
