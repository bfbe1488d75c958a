// In charge of loading the compat corpus (model outputs + expected parses) shared by the tests and the benchmark.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { CompatOutput } from "../../../src/compat/parse-stream.ts";
import type { UnifiedTool } from "../../../src/unified/request.ts";

export const CORPUS_DIR = join(import.meta.dir, "../../fixtures/compat");

export interface CorpusCase {
  name: string;
  input: string;
  expected: CompatOutput[];
}

export function loadTools(): UnifiedTool[] {
  return JSON.parse(readFileSync(join(CORPUS_DIR, "tools.json"), "utf8")) as UnifiedTool[];
}

export function loadCorpus(): CorpusCase[] {
  return readdirSync(CORPUS_DIR)
    .filter((file) => file.endsWith(".txt"))
    .sort()
    .map((file) => {
      const name = file.slice(0, -4);
      return {
        name,
        input: readFileSync(join(CORPUS_DIR, file), "utf8"),
        expected: JSON.parse(readFileSync(join(CORPUS_DIR, `${name}.expected.json`), "utf8")) as CompatOutput[],
      };
    });
}

/** mulberry32: a tiny seeded PRNG, so random chunkings are the same on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/** Splits text into chunks of min..max characters. */
export function randomChunks(text: string, random: () => number, min: number, max: number): string[] {
  const chunks: string[] = [];
  for (let at = 0; at < text.length; ) {
    const size = min + Math.floor(random() * (max - min + 1));
    chunks.push(text.slice(at, at + size));
    at += size;
  }
  return chunks;
}
