// In charge of a group's request shaping (prompt injection, tool filter, temperature ratio, caps, extra body) on both paths.
import type { AliasConfig, GroupConfig } from "../config/schema.ts";
import type { ProtocolCodec } from "../protocols/codec.ts";
import type { BodyPolicyEditor, PromptMode, PromptPosition } from "../protocols/shared/policy.ts";
import type { TextPart, UnifiedMessage } from "../unified/content.ts";
import type { UnifiedRequest } from "../unified/request.ts";
import type { Warning } from "../unified/warnings.ts";

export interface Policy {
  prompt?: { text: string; mode: PromptMode; position: PromptPosition };
  toolFilter: ReadonlySet<string>;
  temperatureRatio: number;
  maxTokensCap?: number;
  extraBody?: Record<string, unknown>;
}

/** The policy for one alias of a group; null when it changes nothing (the common, fast case). */
export function policyOf(group: GroupConfig, alias: AliasConfig): Policy | null {
  const prompt = group.prompt_injection !== "off" && (group.prompt_text !== "" || group.prompt_injection === "replace")
    ? { text: group.prompt_text, mode: group.prompt_injection, position: group.prompt_position }
    : undefined;
  const maxTokensCap = alias.max_tokens_cap ?? group.max_tokens_cap;
  const extraBody = alias.extra_body || group.extra_body ? deepMerge(group.extra_body ?? {}, alias.extra_body ?? {}) : undefined;
  const policy: Policy = { prompt, toolFilter: new Set(group.tool_filter), temperatureRatio: group.temperature_ratio, maxTokensCap, extraBody };
  return isNoop(policy) ? null : policy;
}

function isNoop(policy: Policy): boolean {
  return !policy.prompt && policy.toolFilter.size === 0 && policy.temperatureRatio === 1 && policy.maxTokensCap === undefined && policy.extraBody === undefined;
}

/** Whether the body itself must change (extra_body alone is merged after encoding). */
export function editsBody(policy: Policy): boolean {
  return Boolean(policy.prompt) || policy.toolFilter.size > 0 || policy.temperatureRatio !== 1 || policy.maxTokensCap !== undefined;
}

function scaledTemperature(value: number, ratio: number, max: number | undefined, warnings: Warning[]): number {
  const scaled = value * ratio;
  if (max !== undefined && scaled > max) {
    warnings.push({ feature: "temperature", detail: `temperature ${value} × ratio ${ratio} = ${scaled} clamped to the upstream's maximum ${max}` });
    return max;
  }
  return scaled;
}

function withPrompt(request: UnifiedRequest, prompt: NonNullable<Policy["prompt"]>): UnifiedRequest {
  const part: TextPart = { type: "text", text: prompt.text };
  if (prompt.position === "system") {
    const system = prompt.mode === "replace" ? (prompt.text ? [part] : []) : [...request.system, part];
    return { ...request, system };
  }
  const messages = [...request.messages];
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i]!;
    if (message.role !== "user") continue;
    // Tool results stay first in the turn (Claude requires it; the others do not mind).
    const results = message.content.filter((content) => content.type === "tool-result");
    const rest = message.content.filter((content) => content.type !== "tool-result");
    messages[i] = { role: "user", content: [...results, part, ...rest] } as UnifiedMessage;
    return { ...request, messages };
  }
  return { ...request, messages: [...messages, { role: "user", content: [part] }] };
}

/** The unified path: shapes the request before compat and encoding. */
export function applyUnifiedPolicy(request: UnifiedRequest, policy: Policy, upstream: ProtocolCodec): { request: UnifiedRequest; warnings: Warning[] } {
  const warnings: Warning[] = [];
  let out = request;
  if (policy.prompt) out = withPrompt(out, policy.prompt);
  if (policy.toolFilter.size > 0 && out.tools.some((tool) => policy.toolFilter.has(tool.name))) {
    const tools = out.tools.filter((tool) => !policy.toolFilter.has(tool.name));
    const choice = out.toolChoice?.type === "tool" && policy.toolFilter.has(out.toolChoice.name) ? undefined : out.toolChoice;
    out = { ...out, tools, toolChoice: tools.length === 0 ? undefined : choice, parallelToolCalls: tools.length === 0 ? undefined : out.parallelToolCalls };
  }
  if (policy.temperatureRatio !== 1 && out.temperature !== undefined) {
    out = { ...out, temperature: scaledTemperature(out.temperature, policy.temperatureRatio, upstream.upstream.maxTemperature, warnings) };
  }
  if (policy.maxTokensCap !== undefined) out = { ...out, maxTokens: Math.min(out.maxTokens ?? policy.maxTokensCap, policy.maxTokensCap) };
  return { request: out, warnings };
}

/** The passthrough path: the same shaping, done by the protocol's own body editor on a copy. */
export function applyBodyPolicy(body: Record<string, unknown>, policy: Policy, editor: BodyPolicyEditor, maxTemperature: number | undefined): { body: Record<string, unknown>; warnings: Warning[] } {
  const warnings: Warning[] = [];
  const out = { ...body };
  if (policy.prompt) editor.injectPrompt(out, policy.prompt.text, policy.prompt.mode, policy.prompt.position);
  if (policy.toolFilter.size > 0) editor.removeTools(out, policy.toolFilter);
  const temperature = editor.getTemperature(out);
  if (policy.temperatureRatio !== 1 && temperature !== undefined) editor.setTemperature(out, scaledTemperature(temperature, policy.temperatureRatio, maxTemperature, warnings));
  if (policy.maxTokensCap !== undefined) editor.setMaxTokens(out, Math.min(editor.getMaxTokens(out) ?? policy.maxTokensCap, policy.maxTokensCap));
  return { body: out, warnings };
}

/** Objects merge key by key; anything else in `extra` replaces what was there. */
export function deepMerge(base: Record<string, unknown>, extra: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const current = out[key];
    out[key] = isPlain(current) && isPlain(value) ? deepMerge(current, value) : value;
  }
  return out;
}

function isPlain(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
