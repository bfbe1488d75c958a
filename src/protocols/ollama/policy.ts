// In charge of group policies on an Ollama /api/chat body on the passthrough path.
import { injectIntoMessages, isObject, numberField, removeFunctionTools, type BodyPolicyEditor } from "../shared/policy.ts";

function options(body: Record<string, unknown>): Record<string, unknown> {
  const copy = isObject(body.options) ? { ...body.options } : {};
  body.options = copy;
  return copy;
}

export const ollamaPolicy: BodyPolicyEditor = {
  // Ollama message content is a plain string.
  injectPrompt: (body, text, mode, position) => injectIntoMessages(body, text, mode, position, ["system"], false),
  removeTools: removeFunctionTools,
  getTemperature: (body) => numberField(body.options, "temperature"),
  setTemperature: (body, value) => void (options(body).temperature = value),
  getMaxTokens: (body) => {
    const value = numberField(body.options, "num_predict");
    return value !== undefined && value > 0 ? value : undefined;
  },
  setMaxTokens: (body, value) => void (options(body).num_predict = value),
};
