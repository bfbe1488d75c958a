// In charge of the benchmark's fast fake upstream: one Bun process answering every protocol with prebuilt bodies and streams.
// Usage: bun bench/fake-upstream.ts   → prints its port on stdout, serves until killed.
//
// Paths are `/s/<kind>/<scenario>/<protocol path>`: the kind picks the answer (see ANSWERS), the
// scenario only names the capture slot. Wire shapes come from test/fakes/<protocol>.ts (the
// same real shapes the e2e tests use), built once per variant and then served as bytes, so the
// fake costs as little as possible and no timers or delays are involved.
import { fake as claude } from "../test/fakes/claude.ts";
import { fake as gemini } from "../test/fakes/gemini.ts";
import { fake as ollama } from "../test/fakes/ollama.ts";
import { fake as openai } from "../test/fakes/openai.ts";
import type { FakeProtocol, FakeScenario, RecordedRequest } from "../test/fakes/scenario.ts";
import { ANSWERS, isAnswerKind, type AnswerKind, type BenchProtocol } from "./answers.ts";

const FAKES: Record<BenchProtocol, FakeProtocol> = { openai, claude, gemini, ollama };
const encoder = new TextEncoder();

interface Prebuilt {
  contentType: string;
  /** Non-streaming answer. */
  body?: Uint8Array<ArrayBuffer>;
  /** Streaming answer, one element per wire frame. */
  frames?: Uint8Array<ArrayBuffer>[];
}

/** The protocol from the path after the scenario prefix. */
function protocolOf(rest: string): BenchProtocol | undefined {
  if (rest.endsWith("/chat/completions")) return "openai";
  if (rest.endsWith("/v1/messages")) return "claude";
  if (rest.includes(":generateContent") || rest.includes(":streamGenerateContent")) return "gemini";
  if (rest.endsWith("/api/chat")) return "ollama";
  return undefined;
}

/** Whether the request asks for a stream, read cheaply from the raw JSON text (as ccproxy and the load generator write it). */
function wantsStream(protocol: BenchProtocol, rest: string, text: string): boolean {
  switch (protocol) {
    case "openai":
    case "claude":
      return text.includes('"stream":true');
    case "gemini":
      return rest.includes(":streamGenerateContent");
    case "ollama":
      return !text.includes('"stream":false');
    default: {
      const unreachable: never = protocol;
      return unreachable;
    }
  }
}

const cache = new Map<string, Prebuilt>();

function prebuild(protocol: BenchProtocol, kind: AnswerKind, stream: boolean, includeUsage: boolean, search: string): Prebuilt {
  const key = `${protocol}|${kind}|${stream}|${includeUsage}|${search.includes("alt=sse")}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const fake = FAKES[protocol];
  const scenario: FakeScenario = { ...ANSWERS[kind] };
  const body: Record<string, unknown> = { model: "bench-model", stream };
  if (includeUsage) body.stream_options = { include_usage: true };
  const request: RecordedRequest = {
    method: "POST",
    path: `/v1beta/models/bench-model:${stream ? "streamGenerateContent" : "generateContent"}`,
    search,
    headers: {},
    body,
    aborted: false,
  };
  const built: Prebuilt = stream
    ? { contentType: fake.streamContentType, frames: fake.streamFrames(scenario, request).map((frame) => encoder.encode(frame)) }
    : { contentType: "application/json", body: encoder.encode(JSON.stringify(fake.response(scenario, request))) };
  cache.set(key, built);
  return built;
}

/** Bun's direct streams (one write per call); lib.dom's constructor type does not know them. */
const DirectStream = ReadableStream as unknown as new (source: Bun.DirectUnderlyingSource<Uint8Array>) => ReadableStream<Uint8Array>;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Writes each frame as its own socket write, as a model's stream arrives: no timer, only one
 * event-loop turn between frames (without it Bun coalesces the whole stream into one write, and
 * a proxy's per-chunk cost would never show).
 */
function streamOf(frames: Uint8Array<ArrayBuffer>[]): ReadableStream<Uint8Array> {
  return new DirectStream({
    type: "direct",
    async pull(controller) {
      for (const frame of frames) {
        const written = controller.write(frame);
        if (typeof written !== "number") await written;
        const flushed = controller.flush();
        if (typeof flushed !== "number") await flushed;
        await nextTurn();
      }
      controller.close();
    },
  });
}

interface Captured {
  path: string;
  search: string;
  body: string;
}

/** The last request body per scenario, so the direct call and the no-op proxy replay exactly what ccproxy sent. */
const captured = new Map<string, Captured>();

async function handle(req: Request): Promise<Response> {
  const url = new URL(req.url);
  if (url.pathname === "/__captured") {
    const slot = captured.get(url.searchParams.get("scenario") ?? "");
    return slot ? Response.json(slot) : new Response("nothing captured", { status: 404 });
  }
  const parts = url.pathname.split("/");
  // ["", "s", kind, scenario, ...rest]
  const kind = parts[2] ?? "";
  if (parts[1] !== "s" || !isAnswerKind(kind) || parts.length < 5) return new Response(`bad bench path ${url.pathname}`, { status: 404 });
  const rest = "/" + parts.slice(4).join("/");
  const protocol = protocolOf(rest);
  if (!protocol) return new Response(`unknown protocol path ${rest}`, { status: 404 });
  const text = await req.text();
  captured.set(parts[3] ?? "", { path: url.pathname, search: url.search, body: text });
  const stream = wantsStream(protocol, rest, text);
  const includeUsage = protocol === "openai" && stream && text.includes('"include_usage":true');
  const built = prebuild(protocol, kind, stream, includeUsage, url.search);
  if (built.frames) return new Response(streamOf(built.frames), { headers: { "content-type": built.contentType } });
  return new Response(built.body ?? new Uint8Array(), { headers: { "content-type": built.contentType } });
}

const server = Bun.serve({ hostname: "127.0.0.1", port: 0, idleTimeout: 0, fetch: handle });
process.stdout.write(`${server.port}\n`);
