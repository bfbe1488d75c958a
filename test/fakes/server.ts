// In charge of a fake upstream HTTP server on 127.0.0.1 that records requests and answers per scenario.
import type { ProtocolName } from "../../src/unified/protocol.ts";
import type { FakeProtocol, FakeScenario, RecordedRequest } from "./scenario.ts";

export interface FakeUpstream {
  protocol: ProtocolName;
  /** Base URL to put into a provider's `base_url` (OpenAI's includes /v1). */
  baseUrl: string;
  requests: RecordedRequest[];
  /** The scenario for the next requests; a function decides per request. */
  setScenario(scenario: FakeScenario | ((request: RecordedRequest, index: number) => FakeScenario)): void;
  last(): RecordedRequest;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function loadProtocol(protocol: ProtocolName): Promise<FakeProtocol> {
  const module = (await import(`./${protocol}.ts`)) as { fake: FakeProtocol };
  return module.fake;
}

export async function startFakeUpstream(protocol: ProtocolName, initial: FakeScenario = { text: "Hello from the fake upstream." }): Promise<FakeUpstream> {
  const fake = await loadProtocol(protocol);
  const requests: RecordedRequest[] = [];
  let pick: (request: RecordedRequest, index: number) => FakeScenario = () => initial;

  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    idleTimeout: 0,
    async fetch(req) {
      const url = new URL(req.url);
      const text = await req.text();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        /* keep raw text */
      }
      const headers: Record<string, string> = {};
      req.headers.forEach((value, key) => (headers[key] = value));
      const recorded: RecordedRequest = { method: req.method, path: url.pathname, search: url.search, headers, body, aborted: false };
      requests.push(recorded);
      req.signal.addEventListener("abort", () => (recorded.aborted = true));
      const handled = fake.handle?.(recorded);
      if (handled) return handled;
      const scenario = pick(recorded, requests.length - 1);
      if (scenario.delayMs) {
        await sleep(scenario.delayMs);
        if (req.signal.aborted) return new Response(null, { status: 499 });
      }
      if (scenario.error) {
        const extra: Record<string, string> = scenario.error.retryAfter !== undefined ? { "retry-after": String(scenario.error.retryAfter) } : {};
        return Response.json(fake.errorBody(scenario.error.status, scenario.error.message), { status: scenario.error.status, headers: extra });
      }
      if (!fake.isStream(recorded)) {
        if (scenario.rawBody !== undefined) return new Response(scenario.rawBody, { headers: { "content-type": "application/json" } });
        return Response.json(fake.response(scenario, recorded));
      }
      const frames = scenario.rawFrames ?? fake.streamFrames(scenario, recorded);
      const encoder = new TextEncoder();
      const stream = new ReadableStream<Uint8Array>({
        async start(controller) {
          for (let i = 0; i < frames.length; i++) {
            if (req.signal.aborted) return;
            if (scenario.failAfterFrames !== undefined && i >= scenario.failAfterFrames) {
              controller.error(new Error("fake upstream dropped the connection"));
              return;
            }
            if (scenario.errorEventAfterFrames !== undefined && i >= scenario.errorEventAfterFrames) {
              controller.enqueue(encoder.encode(fake.errorFrame("fake upstream failed mid-stream")));
              controller.close();
              return;
            }
            controller.enqueue(encoder.encode(frames[i]));
            if (scenario.frameDelayMs) await sleep(scenario.frameDelayMs);
          }
          controller.close();
        },
      });
      return new Response(stream, { headers: { "content-type": fake.streamContentType } });
    },
  });

  const root = `http://127.0.0.1:${server.port}`;
  return {
    protocol,
    baseUrl: protocol === "openai" || protocol === "openai-responses" ? `${root}/v1` : root,
    requests,
    setScenario(scenario) {
      pick = typeof scenario === "function" ? scenario : () => scenario;
    },
    last() {
      const request = requests[requests.length - 1];
      if (!request) throw new Error(`fake ${protocol} upstream received no request`);
      return request;
    },
    async close() {
      await server.stop(true);
    },
  };
}
