// In charge of turning a UnifiedResponse into the Response object a POST /v1/responses client receives (pure).
import type { EncodeClientContext } from "../codec.ts";
import type { UnifiedResponse } from "../../unified/response.ts";
import { callItem, messageItem, reasoningItem, responseObject } from "./output-items.ts";
import { unpackSignature } from "./signature.ts";
import type { ToolNameMap } from "./tool-names.ts";
import type { WireOutputItem, WireResponse } from "./wire-types.ts";

/** Reuses an upstream Response id; anything else (chatcmpl-…, msg_…) gets our own. */
export function responseId(upstreamId: string | undefined, context: EncodeClientContext): string {
  return upstreamId !== undefined && upstreamId.startsWith("resp_") ? upstreamId : context.newId("resp_");
}

/**
 * Content in order: each reasoning part is a reasoning item (its encrypted_content only when
 * it came from a Responses upstream), consecutive text one message item, each call a
 * function_call (or custom_tool_call) item under the client's own tool name.
 */
function outputItems(response: UnifiedResponse, context: EncodeClientContext, names: ToolNameMap): WireOutputItem[] {
  const out: WireOutputItem[] = [];
  let text: string[] = [];
  const flush = () => {
    if (text.length > 0) out.push(messageItem(context.newId("msg_"), text.join(""), "completed"));
    text = [];
  };
  for (const part of response.content) {
    switch (part.type) {
      case "text":
        text.push(part.text);
        break;
      case "reasoning": {
        flush();
        const own = part.signatureProtocol === "openai-responses" && part.signature !== undefined ? unpackSignature(part.signature) : undefined;
        if (part.text === "" && own === undefined) break;
        out.push({ ...reasoningItem(own?.id ?? context.newId("rs_"), part.text, own?.encryptedContent), status: "completed" });
        break;
      }
      case "tool-call":
        flush();
        out.push(callItem(context.newId("fc_"), part.id, part.name, JSON.stringify(part.arguments), "completed", names));
        break;
      default: {
        const unreachable: never = part;
        return unreachable;
      }
    }
  }
  flush();
  return out;
}

export function encodeResponse(response: UnifiedResponse, context: EncodeClientContext, names: ToolNameMap = new Map()): WireResponse {
  const shell = { id: responseId(response.id, context), createdAt: Math.floor(context.now() / 1000), model: context.model };
  return responseObject(shell, outputItems(response, context, names), { finish: response.finishReason, usage: response.usage });
}
