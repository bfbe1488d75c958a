// In charge of group policies on a Responses body on the passthrough path.
import { isObject, numberField, prependText, type BodyPolicyEditor } from "../shared/policy.ts";

function isSystemItem(item: unknown): boolean {
  return isObject(item) && (item.type === undefined || item.type === "message") && (item.role === "system" || item.role === "developer");
}

/** `input_text` parts (the Responses content type) in front of the last user message. */
function prependToLastUser(body: Record<string, unknown>, text: string): void {
  if (typeof body.input === "string") {
    body.input = `${text}\n\n${body.input}`;
    return;
  }
  const items = Array.isArray(body.input) ? [...(body.input as unknown[])] : [];
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (!isObject(item) || item.role !== "user") continue;
    items[i] = { ...item, content: Array.isArray(item.content) ? [{ type: "input_text", text }, ...item.content] : prependText(item.content, text, false) };
    body.input = items;
    return;
  }
  body.input = [...items, { role: "user", content: text }];
}

export const responsesPolicy: BodyPolicyEditor = {
  /** The system prompt is `instructions` plus leading developer/system items (Codex sends only the latter). */
  injectPrompt(body, text, mode, position) {
    if (position === "user") return prependToLastUser(body, text);
    const instructions = typeof body.instructions === "string" ? body.instructions : "";
    if (mode === "replace") {
      body.instructions = text;
      if (Array.isArray(body.input)) {
        const items = body.input as unknown[];
        let leading = 0;
        while (leading < items.length && isSystemItem(items[leading])) leading++;
        body.input = items.slice(leading);
      }
      return;
    }
    body.instructions = instructions ? `${instructions}\n\n${text}` : text;
  },
  removeTools(body, names) {
    if (!Array.isArray(body.tools)) return;
    const kept = (body.tools as unknown[]).filter((tool) => !(isObject(tool) && (tool.type === "function" || tool.type === "custom") && names.has(String(tool.name))));
    const choice = body.tool_choice;
    if (isObject(choice) && names.has(String(choice.name))) delete body.tool_choice;
    if (kept.length === 0) {
      delete body.tools;
      delete body.tool_choice;
      delete body.parallel_tool_calls;
    } else body.tools = kept;
  },
  getTemperature: (body) => numberField(body, "temperature"),
  setTemperature: (body, value) => void (body.temperature = value),
  getMaxTokens: (body) => numberField(body, "max_output_tokens"),
  setMaxTokens: (body, value) => void (body.max_output_tokens = value),
};
