// In charge of building the output items (message, reasoning, function and custom tool calls) both client encoders write.
import type { FinishReason } from "../../unified/finish-reason.ts";
import type { Usage } from "../../unified/usage.ts";
import { encodeFinishReason } from "./map-finish-reason.ts";
import type { ClientToolName, ToolNameMap } from "./tool-names.ts";
import { encodeUsage } from "./usage.ts";
import type { WireCustomToolCallItem, WireFunctionCallItem, WireMessageItem, WireOutputItem, WireReasoningItem, WireResponse, WireStatus } from "./wire-types.ts";

export function messageItem(id: string, text: string, status: WireStatus): WireMessageItem {
  return { type: "message", id, status, role: "assistant", content: status === "in_progress" ? [] : [{ type: "output_text", text, annotations: [], logprobs: [] }] };
}

export function reasoningItem(id: string, text: string, encryptedContent: string | undefined): WireReasoningItem {
  const item: WireReasoningItem = { type: "reasoning", id, summary: text === "" ? [] : [{ type: "summary_text", text }] };
  if (encryptedContent !== undefined) item.encrypted_content = encryptedContent;
  return item;
}

/** A unified call under the client's own name: a namespaced function or a custom (freeform) tool call. */
export function callItem(id: string, callId: string, name: string, argumentsText: string, status: WireStatus, names: ToolNameMap): WireFunctionCallItem | WireCustomToolCallItem {
  const client: ClientToolName | undefined = names.get(name);
  if (client?.custom) {
    const item: WireCustomToolCallItem = { type: "custom_tool_call", id, call_id: callId, name: client.name, input: status === "in_progress" ? "" : customInput(argumentsText), status };
    if (client.namespace !== undefined) item.namespace = client.namespace;
    return item;
  }
  const item: WireFunctionCallItem = { type: "function_call", id, call_id: callId, name: client?.name ?? name, arguments: argumentsText, status };
  if (client?.namespace !== undefined) item.namespace = client.namespace;
  return item;
}

/** The raw input of a custom tool call: the `input` string argument the flattened function took. */
export function customInput(argumentsText: string): string {
  try {
    const parsed: unknown = JSON.parse(argumentsText);
    if (typeof parsed === "object" && parsed !== null && "input" in parsed && typeof parsed.input === "string") return parsed.input;
  } catch {
    // Not JSON: the model wrote the input directly.
  }
  return argumentsText;
}

export interface ResponseShell {
  id: string;
  createdAt: number;
  model: string;
}

/** The Response object around the output items, as both `POST /responses` and the lifecycle events carry it. */
export function responseObject(shell: ResponseShell, output: WireOutputItem[], state: { finish?: FinishReason; usage?: Partial<Usage>; failed?: { code: string; message: string }; completedAt?: number }): WireResponse {
  const finish = state.finish ? encodeFinishReason(state.finish) : undefined;
  const status: WireResponse["status"] = state.failed ? "failed" : (finish?.status ?? "in_progress");
  return {
    id: shell.id,
    object: "response",
    created_at: shell.createdAt,
    status,
    completed_at: status === "completed" ? (state.completedAt ?? shell.createdAt) : null,
    error: state.failed ?? null,
    incomplete_details: finish?.incompleteReason ? { reason: finish.incompleteReason } : null,
    instructions: null,
    max_output_tokens: null,
    model: shell.model,
    output,
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: { effort: null, summary: null },
    store: true,
    temperature: null,
    text: { format: { type: "text" } },
    tool_choice: "auto",
    tools: [],
    top_p: null,
    truncation: "disabled",
    usage: status === "in_progress" ? null : encodeUsage(state.usage),
    user: null,
    metadata: {},
  };
}
