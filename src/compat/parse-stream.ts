// In charge of the compat stage on the event stream: upstream text-deltas in, prose and native tool-call events out.
import type { CodecContext, Step } from "../protocols/codec.ts";
import type { UnifiedEvent } from "../unified/events.ts";
import type { UnifiedTool } from "../unified/request.ts";
import { createCompatTextParser, type CompatOutput } from "./scan-text.ts";

export { createCompatTextParser, mergeCompatOutputs, parseCompatText, type CompatOutput } from "./scan-text.ts";

/**
 * Text deltas go through the text transducer; every other event passes in
 * order. Native tool calls of the upstream keep flowing but take indices from
 * the same counter as ours, so indices stay unique per response. Before
 * `finish`/`error` (or the end) the held-back tail is flushed, and `finish`
 * says "tool-calls" once any call was emitted.
 */
class CompatEventParser implements Step<UnifiedEvent, UnifiedEvent> {
  private readonly text: Step<string, CompatOutput>;
  private readonly context: CodecContext;
  private nextIndex = 0;
  private callCount = 0;
  /** Upstream call index → our index. */
  private readonly nativeIndices = new Map<number, number>();

  constructor(tools: UnifiedTool[], context: CodecContext) {
    this.text = createCompatTextParser(tools);
    this.context = context;
  }

  push(event: UnifiedEvent): UnifiedEvent[] {
    switch (event.type) {
      case "text-delta": {
        const outputs = this.text.push(event.text);
        // Prose usually comes through whole: the event itself goes on, no new one is made.
        const only = outputs.length === 1 ? outputs[0]! : undefined;
        if (only?.type === "text" && only.text === event.text) return [event];
        return this.convert(outputs);
      }
      case "tool-call-start": {
        const index = this.nextIndex++;
        this.nativeIndices.set(event.index, index);
        this.callCount++;
        return [{ ...event, index }];
      }
      case "tool-call-delta":
      case "tool-call-end":
        return [{ ...event, index: this.nativeIndices.get(event.index) ?? event.index }];
      case "finish": {
        const out = this.flush();
        out.push(this.callCount > 0 ? { ...event, finishReason: { unified: "tool-calls" } } : event);
        return out;
      }
      case "error": {
        const out = this.flush();
        out.push(event);
        return out;
      }
      case "message-start":
      case "reasoning-delta":
      case "reasoning-signature":
      case "reasoning-redacted":
      case "usage":
        return [event];
      default: {
        const unreachable: never = event;
        return unreachable;
      }
    }
  }

  end(): UnifiedEvent[] {
    return this.flush();
  }

  private flush(): UnifiedEvent[] {
    return this.convert(this.text.end());
  }

  private convert(outputs: CompatOutput[]): UnifiedEvent[] {
    const events: UnifiedEvent[] = [];
    for (const output of outputs) {
      if (output.type === "text") {
        if (output.text !== "") events.push({ type: "text-delta", text: output.text });
        continue;
      }
      const index = this.nextIndex++;
      this.callCount++;
      events.push(
        { type: "tool-call-start", index, id: this.context.newId("call_"), name: output.name },
        { type: "tool-call-delta", index, argumentsDelta: JSON.stringify(output.arguments) },
        { type: "tool-call-end", index },
      );
    }
    return events;
  }
}

export function createCompatParser(tools: UnifiedTool[], context: CodecContext): Step<UnifiedEvent, UnifiedEvent> {
  return new CompatEventParser(tools, context);
}
