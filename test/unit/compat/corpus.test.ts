// In charge of the corpus and chunk-split property tests of the compat text parser.
import { describe, expect, test } from "bun:test";
import { createCompatTextParser, mergeCompatOutputs, parseCompatText, type CompatOutput } from "../../../src/compat/parse-stream.ts";
import { loadCorpus, loadTools, randomChunks, seededRandom } from "./corpus.ts";

const tools = loadTools();
const corpus = loadCorpus();

function parseChunks(chunks: string[]): CompatOutput[] {
  const parser = createCompatTextParser(tools);
  const out: CompatOutput[] = [];
  for (const chunk of chunks) out.push(...parser.push(chunk));
  out.push(...parser.end());
  return mergeCompatOutputs(out);
}

test("the corpus has at least 30 model outputs", () => {
  expect(corpus.length).toBeGreaterThanOrEqual(30);
});

describe("corpus: whole answers", () => {
  for (const item of corpus) {
    test(item.name, () => {
      expect(parseCompatText(item.input, tools)).toEqual(item.expected);
    });
  }
});

describe("corpus: split in two at every position", () => {
  for (const item of corpus) {
    test(item.name, () => {
      const failures: Array<{ splitAt: number; got: CompatOutput[] }> = [];
      for (let at = 0; at <= item.input.length; at++) {
        const got = parseChunks([item.input.slice(0, at), item.input.slice(at)]);
        if (!Bun.deepEquals(got, item.expected)) failures.push({ splitAt: at, got });
      }
      expect(failures.slice(0, 1)).toEqual([]);
    });
  }
});

describe("corpus: split in three, a short middle piece at every position", () => {
  for (const item of corpus) {
    test(item.name, () => {
      const failures: Array<{ at: number; width: number; got: CompatOutput[] }> = [];
      for (const width of [1, 2, 3, 5, 8, 13]) {
        for (let at = 0; at + width <= item.input.length; at++) {
          const got = parseChunks([item.input.slice(0, at), item.input.slice(at, at + width), item.input.slice(at + width)]);
          if (!Bun.deepEquals(got, item.expected)) failures.push({ at, width, got });
        }
      }
      expect(failures.slice(0, 1)).toEqual([]);
    });
  }
});

describe("corpus: one character per chunk and random chunkings", () => {
  for (const item of corpus) {
    test(item.name, () => {
      expect(parseChunks([...item.input])).toEqual(item.expected);
      const random = seededRandom(0x5eed + item.name.length);
      const failures: Array<{ chunks: string[]; got: CompatOutput[] }> = [];
      for (let round = 0; round < 60; round++) {
        const chunks = randomChunks(item.input, random, 1, [4, 16, 64][round % 3] ?? 16);
        const got = parseChunks(chunks);
        if (!Bun.deepEquals(got, item.expected)) failures.push({ chunks, got });
      }
      expect(failures.slice(0, 1)).toEqual([]);
    });
  }
});

describe("corpus: nothing the model wrote is lost", () => {
  test("answers without calls come back byte-exact", () => {
    const plain = corpus.filter((item) => item.expected.every((output) => output.type === "text"));
    expect(plain.length).toBeGreaterThanOrEqual(6);
    for (const item of plain) expect(parseCompatText(item.input, tools)).toEqual([{ type: "text", text: item.input }]);
  });

  test("every expected call names a known tool", () => {
    const names = new Set(tools.map((tool) => tool.name));
    for (const item of corpus) for (const output of item.expected) if (output.type === "call") expect(names.has(output.name)).toBe(true);
  });
});
