// In charge of group policies on a Gemini generateContent body on the passthrough path (camelCase or snake_case).
import { isObject, numberField, type BodyPolicyEditor } from "../shared/policy.ts";

function configOf(body: Record<string, unknown>): Record<string, unknown> {
  const key = "generation_config" in body && !("generationConfig" in body) ? "generation_config" : "generationConfig";
  const copy = isObject(body[key]) ? { ...(body[key] as Record<string, unknown>) } : {};
  body[key] = copy;
  return copy;
}

const readConfig = (body: Record<string, unknown>) => (isObject(body.generationConfig) ? body.generationConfig : body.generation_config);

export const geminiPolicy: BodyPolicyEditor = {
  injectPrompt(body, text, mode, position) {
    if (position === "system") {
      const key = "system_instruction" in body && !("systemInstruction" in body) ? "system_instruction" : "systemInstruction";
      const current = body[key];
      const parts = mode === "replace" ? [] : typeof current === "string" ? [{ text: current }] : isObject(current) && Array.isArray(current.parts) ? [...current.parts] : [];
      body[key] = { ...(isObject(current) ? current : {}), parts: [...parts, { text }] };
      return;
    }
    const contents = Array.isArray(body.contents) ? [...(body.contents as unknown[])] : [];
    for (let i = contents.length - 1; i >= 0; i--) {
      const turn = contents[i];
      if (!isObject(turn) || (turn.role !== undefined && turn.role !== "user")) continue;
      const parts = Array.isArray(turn.parts) ? turn.parts : [];
      const responses = parts.filter((part) => isObject(part) && ("functionResponse" in part || "function_response" in part));
      const rest = parts.filter((part) => !(isObject(part) && ("functionResponse" in part || "function_response" in part)));
      contents[i] = { ...turn, parts: [...responses, { text }, ...rest] };
      body.contents = contents;
      return;
    }
  },
  removeTools(body, names) {
    if (!Array.isArray(body.tools)) return;
    const kept: unknown[] = [];
    for (const tool of body.tools as unknown[]) {
      if (!isObject(tool)) continue;
      const key = "function_declarations" in tool ? "function_declarations" : "functionDeclarations";
      const declarations = tool[key];
      if (!Array.isArray(declarations)) {
        kept.push(tool);
        continue;
      }
      const left = declarations.filter((declaration) => !(isObject(declaration) && names.has(String(declaration.name))));
      if (left.length > 0) kept.push({ ...tool, [key]: left });
    }
    if (kept.length === 0) {
      delete body.tools;
      delete body.toolConfig;
      delete body.tool_config;
    } else body.tools = kept;
  },
  getTemperature: (body) => numberField(readConfig(body), "temperature"),
  setTemperature: (body, value) => void (configOf(body).temperature = value),
  getMaxTokens: (body) => numberField(readConfig(body), "maxOutputTokens") ?? numberField(readConfig(body), "max_output_tokens"),
  setMaxTokens(body, value) {
    const config = configOf(body);
    if ("max_output_tokens" in config) config.max_output_tokens = value;
    else config.maxOutputTokens = value;
  },
};
