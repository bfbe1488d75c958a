// In charge of the contract for editing a same-protocol body in place of decoding it (group policies on passthrough).
export type PromptMode = "enhance" | "replace";
export type PromptPosition = "system" | "user";

/**
 * Each protocol edits its own wire body so passthrough keeps every field the
 * client sent. Methods receive a body already copied by the caller (top level
 * and the arrays/objects they change are replaced, never mutated in place).
 */
export interface BodyPolicyEditor {
  injectPrompt(body: Record<string, unknown>, text: string, mode: PromptMode, position: PromptPosition): void;
  /** Removes the named tools (and a tool_choice naming one); drops the tools field when none are left. */
  removeTools(body: Record<string, unknown>, names: ReadonlySet<string>): void;
  /** The client's temperature, or undefined when it sent none. */
  getTemperature(body: Record<string, unknown>): number | undefined;
  setTemperature(body: Record<string, unknown>, value: number): void;
  getMaxTokens(body: Record<string, unknown>): number | undefined;
  setMaxTokens(body: Record<string, unknown>, value: number): void;
}

/** Chat-style `messages` arrays (OpenAI, Ollama): system messages and the last user message. */
export function injectIntoMessages(body: Record<string, unknown>, text: string, mode: PromptMode, position: PromptPosition, systemRoles: readonly string[], partsAllowed: boolean): void {
  const messages = Array.isArray(body.messages) ? [...(body.messages as unknown[])] : [];
  const isSystem = (message: unknown) => isObject(message) && systemRoles.includes(String(message.role));
  if (position === "user") {
    for (let i = messages.length - 1; i >= 0; i--) {
      const message = messages[i];
      if (!isObject(message) || message.role !== "user") continue;
      messages[i] = { ...message, content: prependText(message.content, text, partsAllowed) };
      body.messages = messages;
      return;
    }
    messages.push({ role: "user", content: text });
    body.messages = messages;
    return;
  }
  let leading = 0;
  while (leading < messages.length && isSystem(messages[leading])) leading++;
  if (mode === "replace" || leading === 0) {
    body.messages = [{ role: "system", content: text }, ...messages.slice(mode === "replace" ? leading : 0)];
    return;
  }
  const last = messages[leading - 1] as Record<string, unknown>;
  messages[leading - 1] = { ...last, content: appendText(last.content, text, partsAllowed) };
  body.messages = messages;
}

export function appendText(content: unknown, text: string, partsAllowed: boolean): unknown {
  if (Array.isArray(content) && partsAllowed) return [...content, { type: "text", text }];
  const existing = typeof content === "string" ? content : "";
  return existing ? `${existing}\n\n${text}` : text;
}

export function prependText(content: unknown, text: string, partsAllowed: boolean): unknown {
  if (Array.isArray(content) && partsAllowed) return [{ type: "text", text }, ...content];
  const existing = typeof content === "string" ? content : "";
  return existing ? `${text}\n\n${existing}` : text;
}

/** OpenAI-shaped `tools: [{type:"function", function:{name}}]` (OpenAI chat, Ollama). */
export function removeFunctionTools(body: Record<string, unknown>, names: ReadonlySet<string>): void {
  if (!Array.isArray(body.tools)) return;
  const kept = (body.tools as unknown[]).filter((tool) => !(isObject(tool) && isObject(tool.function) && names.has(String(tool.function.name))));
  const choice = body.tool_choice;
  if (isObject(choice) && isObject(choice.function) && names.has(String(choice.function.name))) delete body.tool_choice;
  if (kept.length === 0) {
    delete body.tools;
    delete body.tool_choice;
    delete body.parallel_tool_calls;
  } else body.tools = kept;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function numberField(holder: unknown, key: string): number | undefined {
  if (!isObject(holder)) return undefined;
  const value = holder[key];
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}
