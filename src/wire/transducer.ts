// In charge of adapting pure step objects to Web Streams (the only place they meet).
import type { Step } from "../protocols/codec.ts";

export function toTransformStream<In, Out>(step: Step<In, Out>): TransformStream<In, Out> {
  return new TransformStream<In, Out>({
    transform(chunk, controller) {
      for (const out of step.push(chunk)) controller.enqueue(out);
    },
    flush(controller) {
      for (const out of step.end()) controller.enqueue(out);
    },
  });
}

/** Chains two steps into one, so a pipeline can be tested as arrays in, arrays out. */
export function chainSteps<A, B, C>(first: Step<A, B>, second: Step<B, C>): Step<A, C> {
  return {
    push(input: A): C[] {
      const out: C[] = [];
      for (const middle of first.push(input)) out.push(...second.push(middle));
      return out;
    },
    end(): C[] {
      const out: C[] = [];
      for (const middle of first.end()) out.push(...second.push(middle));
      out.push(...second.end());
      return out;
    },
  };
}
