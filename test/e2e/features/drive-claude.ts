// In charge of sending a Conversation with the official `@anthropic-ai/sdk` (Messages) and reading what came back.
import Anthropic from "@anthropic-ai/sdk";
import { ACCESS_KEY } from "../harness.ts";
import { lastBody, recordingFetch, type Conversation, type FeatureDriver, type ImageSpec, type Outcome, type Turn } from "./conversation.ts";

type Block = Anthropic.ContentBlockParam;

function image(spec: ImageSpec): Anthropic.ImageBlockParam {
  if (spec.kind === "url") return { type: "image", source: { type: "url", url: spec.url } };
  return { type: "image", source: { type: "base64", media_type: spec.mediaType as Anthropic.Base64ImageSource["media_type"], data: spec.data } };
}

function turnMessage(turn: Turn): Anthropic.MessageParam {
  switch (turn.role) {
    case "system":
      // Claude Code's in-place system entries; the SDK types them as SystemMessageParam.
      return { role: "system", content: turn.text };
    case "user": {
      const blocks: Block[] = [];
      if (turn.text !== undefined) blocks.push({ type: "text", text: turn.text });
      for (const spec of turn.images ?? []) blocks.push(image(spec));
      return { role: "user", content: blocks };
    }
    case "assistant": {
      const blocks: Block[] = [];
      if (turn.reasoning) blocks.push({ type: "thinking", thinking: turn.reasoning.text, signature: turn.reasoning.signature ?? "" });
      if (turn.text !== undefined) blocks.push({ type: "text", text: turn.text });
      for (const call of turn.calls ?? []) blocks.push({ type: "tool_use", id: call.id, name: call.name, input: call.arguments });
      return { role: "assistant", content: blocks };
    }
    case "tool":
      return { role: "user", content: turn.results.map((result) => ({ type: "tool_result" as const, tool_use_id: result.id, content: result.content, ...(result.isError ? { is_error: true } : {}) })) };
  }
}

function toolChoice(choice: Conversation["toolChoice"]): Anthropic.ToolChoice | undefined {
  if (choice === undefined) return undefined;
  if (choice === "required") return { type: "any" };
  if (choice === "auto" || choice === "none") return { type: choice };
  return { type: "tool", name: choice.name };
}

/** SDK 1.x dropped the sampling fields from its types (newest models reject them); the API and ccproxy still take them. */
type Body = Anthropic.MessageCreateParamsNonStreaming & { temperature?: number; top_p?: number; top_k?: number };

function params(model: string, conversation: Conversation): Body {
  const p = conversation.params ?? {};
  const body: Body = { model, max_tokens: p.maxTokens ?? 4096, messages: conversation.turns.map(turnMessage) };
  if (conversation.system) body.system = conversation.system;
  if (p.temperature !== undefined) body.temperature = p.temperature;
  if (p.topP !== undefined) body.top_p = p.topP;
  if (p.topK !== undefined) body.top_k = p.topK;
  if (p.stop) body.stop_sequences = p.stop;
  if (conversation.tools) body.tools = conversation.tools.map((tool) => ({ name: tool.name, description: tool.description, input_schema: tool.parameters as Anthropic.Tool.InputSchema }));
  const choice = toolChoice(conversation.toolChoice);
  if (choice) body.tool_choice = choice;
  // Claude has no plain JSON mode; structured output is output_config.format with a schema.
  if (conversation.format?.type === "json-schema") body.output_config = { format: { type: "json_schema", schema: conversation.format.schema } };
  const reasoning = conversation.reasoning;
  if (reasoning?.budget !== undefined) body.thinking = { type: "enabled", budget_tokens: reasoning.budget };
  else if (reasoning?.effort) body.output_config = { ...body.output_config, effort: reasoning.effort };
  return body;
}

function outcomeOf(message: Anthropic.Message, sent: Record<string, unknown>, chunks: unknown[]): Outcome {
  const outcome: Outcome = { text: "", reasoning: "", signatures: [], toolCalls: [], finish: message.stop_reason ?? "", usage: { input: 0, output: 0 }, sent, chunks, raw: message };
  for (const block of message.content) {
    if (block.type === "text") outcome.text += block.text;
    else if (block.type === "thinking") {
      outcome.reasoning += block.thinking;
      outcome.signatures.push(block.signature);
    } else if (block.type === "tool_use") outcome.toolCalls.push({ id: block.id, name: block.name, arguments: block.input as Record<string, unknown> });
  }
  const usage = message.usage;
  outcome.usage = { input: usage.input_tokens, output: usage.output_tokens, cacheRead: usage.cache_read_input_tokens ?? undefined, cacheWrite: usage.cache_creation_input_tokens ?? undefined };
  return outcome;
}

export const driveClaude: FeatureDriver = async (baseUrl, model, stream, conversation) => {
  const recorder = recordingFetch();
  const client = new Anthropic({ apiKey: ACCESS_KEY, baseURL: baseUrl, maxRetries: 0, fetch: recorder.fetch });
  const body = params(model, conversation);
  if (!stream) return outcomeOf(await client.messages.create(body), lastBody(recorder.bodies), []);
  // The SDK's MessageStream checks the event sequence (block indexes, delta types) as it assembles.
  const runner = client.messages.stream(body);
  const chunks: Anthropic.MessageStreamEvent[] = [];
  for await (const event of runner) chunks.push(event);
  return outcomeOf(await runner.finalMessage(), lastBody(recorder.bodies), chunks);
};
