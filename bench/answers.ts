// In charge of what the benchmark's fake upstream answers: model text sized to stream in about 100 chunks.
import type { FakeScenario } from "../test/fakes/scenario.ts";

/** The protocols the benchmark's fake upstream speaks (and the benchmark's clients). */
export type BenchProtocol = "openai" | "claude" | "gemini" | "ollama";

/** Chunks per streamed answer (text deltas; the protocols add a few frames around them). */
export const STREAM_CHUNKS = 100;

function chunkSizeFor(text: string): number {
  return Math.ceil(text.length / STREAM_CHUNKS);
}

const SENTENCE = "The function reads the configuration once, validates every field and returns a frozen object. ";
/** About 400 characters: 100 deltas of 4 characters, the size models stream token by token. */
const TEXT = (SENTENCE.repeat(5)).slice(0, 400);

/** A compat-mode answer: prose, then one XML tool call the compat parser turns into a native call. */
const COMPAT_TEXT = [
  "I'll read the configuration loader first to see how the fields are validated.\n\n",
  "<cs:tool_use>\n<name>Read</name>\n<args>\n",
  '<arg name="file_path" type="string">/work/project/src/config/load.ts</arg>\n',
  '<arg name="limit" type="integer">200</arg>\n',
  "</args>\n</cs:tool_use>",
].join("");

export const ANSWERS = {
  text: { text: TEXT, chunkSize: chunkSizeFor(TEXT), usage: { input: 1200, output: 100 } },
  compat: { text: COMPAT_TEXT, chunkSize: chunkSizeFor(COMPAT_TEXT), usage: { input: 1500, output: 80 } },
} satisfies Record<string, FakeScenario>;

export type AnswerKind = keyof typeof ANSWERS;

export function isAnswerKind(value: string): value is AnswerKind {
  return Object.hasOwn(ANSWERS, value);
}
