// In charge of group policies on a Claude messages body on the passthrough path.
import { isObject, numberField, type BodyPolicyEditor } from "../shared/policy.ts";

export const claudePolicy: BodyPolicyEditor = {
  injectPrompt(body, text, mode, position) {
    if (position === "system") {
      const system = body.system;
      if (mode === "replace" || system === undefined || system === "" || (Array.isArray(system) && system.length === 0)) body.system = text;
      else if (typeof system === "string") body.system = `${system}\n\n${text}`;
      else if (Array.isArray(system)) body.system = [...system, { type: "text", text }];
      return;
    }
    const messages = Array.isArray(body.messages) ? [...(body.messages as unknown[])] : [];
    for (let i = messages.length - 1; i >= 0; i--) {
      const message = messages[i];
      if (!isObject(message) || message.role !== "user") continue;
      const content = message.content;
      if (typeof content === "string") messages[i] = { ...message, content: `${text}\n\n${content}` };
      else if (Array.isArray(content)) {
        // tool_result blocks must stay first in a user turn.
        const results = content.filter((block) => isObject(block) && block.type === "tool_result");
        const rest = content.filter((block) => !(isObject(block) && block.type === "tool_result"));
        messages[i] = { ...message, content: [...results, { type: "text", text }, ...rest] };
      }
      body.messages = messages;
      return;
    }
  },
  removeTools(body, names) {
    if (!Array.isArray(body.tools)) return;
    const kept = (body.tools as unknown[]).filter((tool) => !(isObject(tool) && names.has(String(tool.name))));
    if (isObject(body.tool_choice) && body.tool_choice.type === "tool" && names.has(String(body.tool_choice.name))) delete body.tool_choice;
    if (kept.length === 0) {
      delete body.tools;
      delete body.tool_choice;
    } else body.tools = kept;
  },
  getTemperature: (body) => numberField(body, "temperature"),
  setTemperature: (body, value) => void (body.temperature = value),
  getMaxTokens: (body) => numberField(body, "max_tokens"),
  setMaxTokens: (body, value) => void (body.max_tokens = value),
};
