// Regression: a stream whose chunks produce no client bytes for a while must keep being pulled (it stalled before).
import { expect, test } from "bun:test";
import type { StreamConverter } from "../../../src/pipeline/converters.ts";
import { openClientStream } from "../../../src/pipeline/stream-response.ts";

test("chunks that produce no output do not stall the client stream", async () => {
  const encoder = new TextEncoder();
  const pieces = ["a", "", "", "b", "", "c"];
  let index = 0;
  const upstream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (index >= pieces.length) return controller.close();
      controller.enqueue(encoder.encode(pieces[index++] || " "));
    },
  });
  // Whitespace stands for bytes that produce nothing yet (half a frame, held-back text).
  const converter: StreamConverter = {
    push: (text) => ({ out: text.trim(), events: text.trim() ? [{ type: "text-delta", text: text.trim() }] : [], stop: false }),
    end: () => ({ out: "!", events: [{ type: "finish", finishReason: { unified: "stop" } }], stop: false }),
    fail: () => "",
  };
  let outcome = "";
  const stream = await openClientStream(upstream, converter, 1000, { onEvents() {}, onDone: (result) => (outcome = result), abortUpstream() {} });
  expect(await new Response(stream).text()).toBe("abc!");
  expect(outcome).toBe("ok");
});
