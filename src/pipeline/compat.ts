// In charge of inserting the compat stage (src/compat) into the unified path.
import type { Step } from "../protocols/codec.ts";
import { applyCompatRequest } from "../compat/apply-request.ts";
import { createCompatParser, parseCompatText } from "../compat/parse-stream.ts";
import type { AssistantContent } from "../unified/content.ts";
import type { UnifiedEvent } from "../unified/events.ts";
import type { UnifiedRequest } from "../unified/request.ts";
import type { UnifiedResponse } from "../unified/response.ts";
import { liveContext } from "./context.ts";

export function prepareCompatRequest(request: UnifiedRequest): UnifiedRequest {
  return applyCompatRequest(request);
}

/** `request` is the client's request (its tools define what the parser accepts). */
export function compatStreamStep(request: UnifiedRequest): Step<UnifiedEvent, UnifiedEvent> {
  return createCompatParser(request.tools, liveContext);
}

/** Non-streamed answers: the text parts are parsed into text and native tool calls, in order. */
export function applyCompatResponse(response: UnifiedResponse, request: UnifiedRequest): UnifiedResponse {
  const content: AssistantContent[] = [];
  let text = "";
  let calls = 0;
  const flushText = () => {
    if (!text) return;
    for (const piece of parseCompatText(text, request.tools)) {
      if (piece.type === "text") content.push({ type: "text", text: piece.text });
      else {
        calls++;
        content.push({ type: "tool-call", id: liveContext.newId("call_"), name: piece.name, arguments: piece.arguments });
      }
    }
    text = "";
  };
  for (const part of response.content) {
    if (part.type === "text") text += part.text;
    else {
      flushText();
      content.push(part);
      if (part.type === "tool-call") calls++;
    }
  }
  flushText();
  const finishReason = calls > 0 ? { unified: "tool-calls" as const, raw: response.finishReason.raw } : response.finishReason;
  return { ...response, content, finishReason };
}
