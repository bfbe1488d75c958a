// In charge of group policies on an OpenAI chat body on the passthrough path.
import { injectIntoMessages, numberField, removeFunctionTools, type BodyPolicyEditor } from "../shared/policy.ts";

export const openaiPolicy: BodyPolicyEditor = {
  injectPrompt: (body, text, mode, position) => injectIntoMessages(body, text, mode, position, ["system", "developer"], true),
  removeTools: removeFunctionTools,
  getTemperature: (body) => numberField(body, "temperature"),
  setTemperature: (body, value) => void (body.temperature = value),
  getMaxTokens: (body) => numberField(body, "max_completion_tokens") ?? numberField(body, "max_tokens"),
  setMaxTokens(body, value) {
    if (body.max_completion_tokens !== undefined || body.max_tokens === undefined) body.max_completion_tokens = value;
    if (body.max_tokens !== undefined) body.max_tokens = value;
  },
};
