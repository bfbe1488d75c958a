// In charge of Gemini `contents` → unified messages, creating tool-call ids and linking each functionResponse to its call.
import type { ToolResultPart, UnifiedMessage, UserContent } from "../../unified/content.ts";
import { ProxyError } from "../../unified/errors.ts";
import type { Warning } from "../../unified/warnings.ts";
import { optionalArray, optionalRecord, optionalString, requireRecord } from "./fields.ts";
import { decodeFunctionResponseContent, decodeMedia, decodeModelParts, reportUnknownPartKeys } from "./decode-parts.ts";

interface OpenCall {
  id: string;
  name: string;
  /** Index of the model turn that made the call. */
  turn: number;
  answered: boolean;
}

/**
 * Gemini calls often carry no id. Ids are derived from the call's position
 * (`call_gm<turn>_<part>`): unique within the request, and the same on every
 * turn of a conversation, so upstream prompt caches keep matching.
 */
function positionalId(turn: number, part: number): string {
  return `call_gm${turn}_${part}`;
}

export function decodeContents(contents: unknown[], warnings: Warning[]): UnifiedMessage[] {
  const messages: UnifiedMessage[] = [];
  const calls: OpenCall[] = [];
  let lastModelTurn = -1;
  contents.forEach((value, turn) => {
    const path = `contents[${turn}]`;
    const content = requireRecord(value, path);
    const role = optionalString(content, "role", path) ?? "user";
    const parts = optionalArray(content, "parts", path) ?? [];
    if (role === "model") {
      const decoded = decodeModelParts(parts, `${path}.parts`, (part) => positionalId(turn, part), warnings);
      decoded.forEach((item) => {
        if (item.type === "tool-call") calls.push({ id: item.id, name: item.name, turn, answered: false });
      });
      if (decoded.length > 0) messages.push({ role: "assistant", content: decoded });
      lastModelTurn = turn;
      return;
    }
    // "function" is the legacy role for function responses; Gemini treats it as the user side.
    if (role !== "user" && role !== "function") throw new ProxyError("invalid_request", `${path}.role: unknown role '${role}' (expected "user" or "model")`);
    const decoded = decodeUserParts(parts, `${path}.parts`, { calls, lastModelTurn, turn }, warnings);
    if (decoded.length > 0) messages.push({ role: "user", content: decoded });
  });
  return messages;
}

interface LinkState {
  calls: OpenCall[];
  lastModelTurn: number;
  turn: number;
}

function decodeUserParts(parts: unknown[], path: string, state: LinkState, warnings: Warning[]): UserContent[] {
  const content: UserContent[] = [];
  parts.forEach((value, index) => {
    const partPath = `${path}[${index}]`;
    const part = requireRecord(value, partPath);
    const response = optionalRecord(part, "functionResponse", partPath);
    if (response) {
      content.push(decodeFunctionResponse(response, `${partPath}.functionResponse`, { ...state, part: index }, warnings));
      return;
    }
    const text = optionalString(part, "text", partPath);
    if (text !== undefined) {
      if (text !== "") content.push({ type: "text", text });
      return;
    }
    const image = decodeMedia(part, partPath, warnings);
    if (image) content.push(image);
    if (optionalRecord(part, "functionCall", partPath)) warnings.push({ feature: "part.functionCall", detail: `${partPath}: a functionCall in a user turn was dropped` });
    reportUnknownPartKeys(part, partPath, warnings);
  });
  return content;
}

function decodeFunctionResponse(response: Record<string, unknown>, path: string, state: LinkState & { part: number }, warnings: Warning[]): ToolResultPart {
  const id = optionalString(response, "id", path);
  const name = optionalString(response, "name", path);
  const call = linkCall(state, id, name);
  if (!call && !id) warnings.push({ feature: "functionResponse", detail: `${path}: no earlier functionCall${name ? ` named "${name}"` : ""} is waiting for this response` });
  if (call) call.answered = true;
  const resolvedName = name || call?.name;
  const { content, isError } = decodeFunctionResponseContent(response.response, path, warnings, optionalArray(response, "parts", path), resolvedName);
  const part: ToolResultPart = { type: "tool-result", callId: id ?? call?.id ?? positionalId(state.turn, state.part), content };
  if (resolvedName) part.name = resolvedName;
  if (isError) part.isError = true;
  return part;
}

/** By id when given; else the earliest unanswered call of that name, preferring the latest model turn. */
function linkCall(state: LinkState, id: string | undefined, name: string | undefined): OpenCall | undefined {
  if (id) return state.calls.find((call) => call.id === id);
  const open = state.calls.filter((call) => !call.answered && (name === undefined || call.name === name));
  return open.find((call) => call.turn === state.lastModelTurn) ?? open[0];
}
