// In charge of a generative property test: seeded random answers built from real fragments parse the same whatever the chunking.
import { expect, test } from "bun:test";
import { createCompatTextParser, mergeCompatOutputs, parseCompatText, type CompatOutput } from "../../../src/compat/parse-stream.ts";
import { loadCorpus, loadTools, randomChunks, seededRandom } from "./corpus.ts";

const tools = loadTools();
const corpus = loadCorpus();

/** Fragments that stress the boundaries: tag prefixes, fences, stray closers, entities, blocks cut anywhere. */
const FRAGMENTS = [
  "Hello ", "a < b ", "<div>", "</div>", "`x`", "```", "```xml\n", "```\n", "\n", "\n\n", "  ", "<", "</", "<cs:", "</cs:tool_use>",
  "</args>", "<cs:todo>plan</cs:todo>", "&amp;", "&lt;", "<tool>", "<tool_call>", "</tool_call>", "<cs:tool_use>", "Array<string>",
  '<arg name="file_path">/x</arg>', "<name>Read</name>", "<args>", "<![CDATA[<a>]]>", "\r\n",
];

function parseChunks(chunks: string[]): CompatOutput[] {
  const parser = createCompatTextParser(tools);
  const out: CompatOutput[] = [];
  for (const chunk of chunks) out.push(...parser.push(chunk));
  out.push(...parser.end());
  return mergeCompatOutputs(out);
}

test("property: 400 generated answers give the same output for every chunking tried", () => {
  const random = seededRandom(0xc0ffee);
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)] as T;
  const failures: Array<{ text: string; chunks: string[] }> = [];
  for (let round = 0; round < 400; round++) {
    let text = "";
    const parts = 1 + Math.floor(random() * 8);
    for (let index = 0; index < parts; index++) {
      if (random() < 0.3) {
        const source = pick(corpus).input;
        const start = Math.floor(random() * source.length);
        text += source.slice(start, start + Math.floor(random() * 200));
      } else {
        text += pick(FRAGMENTS);
      }
    }
    const whole = parseCompatText(text, tools);
    for (let attempt = 0; attempt < 6; attempt++) {
      const chunks = randomChunks(text, random, 1, attempt < 3 ? 4 : 24);
      if (!Bun.deepEquals(parseChunks(chunks), whole)) failures.push({ text, chunks });
    }
  }
  expect(failures.slice(0, 1)).toEqual([]);
});

test("property: generated answers without any tag-like text come back byte-exact", () => {
  const random = seededRandom(7);
  for (let round = 0; round < 200; round++) {
    let text = "";
    for (let index = 0; index < 20; index++) text += "ab <>&`\n{}\"'x<y>z a<b </p>"[Math.floor(random() * 27)];
    expect(parseCompatText(text, tools)).toEqual(text === "" ? [] : [{ type: "text", text }]);
  }
});
