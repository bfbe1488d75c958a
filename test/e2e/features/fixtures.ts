// In charge of the shared test material: a tiny PNG (inline and served over HTTP), tools, schemas, drivers by protocol.
import type { FeatureDriver, Four, ToolDef } from "./conversation.ts";
import { driveClaude } from "./drive-claude.ts";
import { driveGemini } from "./drive-gemini.ts";
import { driveOllama } from "./drive-ollama.ts";
import { driveOpenAI } from "./drive-openai.ts";

export const FEATURE_DRIVERS: Record<Four, FeatureDriver> = { openai: driveOpenAI, claude: driveClaude, gemini: driveGemini, ollama: driveOllama };

/** A 1×1 PNG: its bytes start with the PNG signature, so media-type sniffing has something real to read. */
export const PNG_BASE64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

export interface ImageServer {
  url: string;
  hits: () => number;
  stop(): Promise<void>;
}

/** Serves the PNG on 127.0.0.1 for URL-image tests (ccproxy fetches it for Gemini and Ollama upstreams). */
export function startImageServer(): ImageServer {
  let hits = 0;
  const bytes = Buffer.from(PNG_BASE64, "base64");
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch(request) {
      if (new URL(request.url).pathname !== "/pixel.png") return new Response("not found", { status: 404 });
      hits++;
      return new Response(bytes, { headers: { "content-type": "image/png" } });
    },
  });
  return { url: `http://127.0.0.1:${server.port}/pixel.png`, hits: () => hits, stop: () => server.stop(true) };
}

export const WEATHER: ToolDef = {
  name: "get_weather",
  description: "Get the weather for a city.",
  parameters: { type: "object", properties: { city: { type: "string", description: "City name" } }, required: ["city"] },
};

export const TIME: ToolDef = {
  name: "get_time",
  description: "Current time in a time zone.",
  parameters: { type: "object", properties: { tz: { type: "string" } }, required: ["tz"] },
};

/** A Claude-Code-like schema with every keyword Gemini's Schema rejects. */
export const STRICT_TOOL: ToolDef = {
  name: "read_file",
  description: "Read a file.",
  parameters: {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    type: "object",
    properties: {
      file_path: { type: "string", description: "Absolute path" },
      offset: { type: "integer", exclusiveMinimum: 0, maximum: 9007199254740991 },
      mode: { const: "text" },
      options: { type: "object", properties: { follow: { type: "boolean", default: true } }, additionalProperties: false },
    },
    required: ["file_path"],
    additionalProperties: false,
  },
};

export const WEATHER_SCHEMA = {
  type: "object",
  properties: { city: { type: "string" }, temperature: { type: "number" } },
  required: ["city", "temperature"],
  additionalProperties: false,
};

/** Keys found anywhere inside a JSON value (object keys, recursively). */
export function keysDeep(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) keysDeep(item, into);
  else if (typeof value === "object" && value !== null) {
    for (const [key, inner] of Object.entries(value)) {
      into.add(key);
      keysDeep(inner, into);
    }
  }
  return into;
}

export async function readFixture(path: string): Promise<string> {
  return Bun.file(new URL(`../../fixtures/${path}`, import.meta.url)).text();
}
