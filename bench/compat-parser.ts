// In charge of measuring the compat text parser's throughput in realistic stream chunk sizes.
// Run: bun bench/compat-parser.ts   (target ≥ 100 MB/s)
//
// Reports wall-clock and CPU-time throughput (CPU time is steadier on a busy
// machine). Three loads: the test corpus repeated to ~20 MB (45 short, call-
// dense answers: this measures per-block cost), a long streamed Write with raw
// HTML content (the in-block hot path), and long prose (the prose hot path).
import { createCompatParser, createCompatTextParser } from "../src/compat/parse-stream.ts";
import type { UnifiedEvent } from "../src/unified/events.ts";
import { loadCorpus, loadTools, randomChunks, seededRandom } from "../test/unit/compat/corpus.ts";
import { agentTurns } from "./agent-turns.ts";

const TARGET_BYTES = 20 * 1024 * 1024;
const tools = loadTools();
const corpus = loadCorpus();
const random = seededRandom(42);

/** Each answer pre-split once into 8–64 character chunks, so the timing covers the parser only. */
function load(texts: string[]): { answers: string[][]; megabytes: number } {
  const answers: string[][] = [];
  let total = 0;
  while (total < TARGET_BYTES) {
    for (const text of texts) {
      answers.push(randomChunks(text, random, 8, 64));
      total += text.length;
    }
  }
  return { answers, megabytes: total / (1024 * 1024) };
}

function runText(answers: string[][]): number {
  let outputs = 0;
  for (const chunks of answers) {
    const parser = createCompatTextParser(tools);
    for (const chunk of chunks) outputs += parser.push(chunk).length;
    outputs += parser.end().length;
  }
  return outputs;
}

const context = { newId: (prefix: string) => `${prefix}bench`, now: () => 0 };
function runEvents(answers: UnifiedEvent[][]): number {
  let outputs = 0;
  for (const events of answers) {
    const parser = createCompatParser(tools, context);
    for (const event of events) outputs += parser.push(event).length;
    outputs += parser.end().length;
  }
  return outputs;
}

function measure(name: string, megabytes: number, run: () => number): void {
  run(); // warm-up
  let bestWall = Number.POSITIVE_INFINITY;
  let bestCpu = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 5; round++) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    run();
    bestWall = Math.min(bestWall, performance.now() - started);
    const used = process.cpuUsage(cpu);
    bestCpu = Math.min(bestCpu, (used.user + used.system) / 1000);
  }
  const rate = (milliseconds: number) => (megabytes / (milliseconds / 1000)).toFixed(1);
  console.log(`${name.padEnd(44)} ${rate(bestWall).padStart(6)} MB/s wall, ${rate(bestCpu).padStart(6)} MB/s CPU (${megabytes.toFixed(1)} MB, best of 5)`);
}

const html = corpus.find((item) => item.name === "write-html-raw")?.input ?? "";
const page = html.slice(html.indexOf("<!DOCTYPE"), html.lastIndexOf("</arg>"));
const longWrite = `I'll write the page.\n<cs:tool_use>\n<name>Write</name>\n<args>\n<arg name="file_path" type="string">/srv/www/index.html</arg>\n<arg name="content" type="string">${page.repeat(40)}</arg>\n</args>\n</cs:tool_use>`;
const prose = corpus.filter((item) => item.name.startsWith("prose")).map((item) => item.input).join("\n");
const longProse = `${"Here is the plan: refactor the loader, add a test per case, then check the coverage report. ".repeat(4)}${prose}`.repeat(40);

// The realistic load first, checked: every turn must come back as its prose and its native call.
const turns = agentTurns(seededRandom(7), 400);
for (const turn of turns) {
  const parser = createCompatTextParser(tools);
  const outputs = [...randomChunks(turn.text, random, 8, 64).flatMap((chunk) => parser.push(chunk)), ...parser.end()];
  const calls = outputs.filter((output) => output.type === "call");
  if (calls.length !== 1 || JSON.stringify(calls[0]) !== JSON.stringify({ type: "call", name: turn.call.name, arguments: turn.call.arguments })) {
    throw new Error(`agent turn did not parse back to its call: ${turn.text.slice(0, 300)}\n→ ${JSON.stringify(calls).slice(0, 300)}`);
  }
}
const turnsLoad = load(turns.map((turn) => turn.text));
const turnBytes = turns.reduce((sum, turn) => sum + turn.text.length, 0);
console.log(`agent turns: ${turns.length} turns (${turnBytes} bytes, ${Math.round(turnBytes / turns.length)} per turn), chunks of 8–64 chars`);
measure("agent turns (realistic), text parser", turnsLoad.megabytes, () => runText(turnsLoad.answers));
const turnEvents: UnifiedEvent[][] = turnsLoad.answers.map((chunks) => chunks.map((text) => ({ type: "text-delta", text })));
measure("agent turns (realistic), event parser", turnsLoad.megabytes, () => runEvents(turnEvents));

const corpusLoad = load(corpus.map((item) => item.input));
console.log(`corpus: ${corpus.length} answers (${corpus.reduce((sum, item) => sum + item.input.length, 0)} bytes), chunks of 8–64 chars`);
measure("corpus, text parser", corpusLoad.megabytes, () => runText(corpusLoad.answers));
const eventAnswers: UnifiedEvent[][] = corpusLoad.answers.map((chunks) => chunks.map((text) => ({ type: "text-delta", text })));
measure("corpus, event parser (text-delta events)", corpusLoad.megabytes, () => runEvents(eventAnswers));
const writeLoad = load([longWrite]);
measure(`${(longWrite.length / 1024).toFixed(0)} KB Write call, text parser`, writeLoad.megabytes, () => runText(writeLoad.answers));
const proseLoad = load([longProse]);
measure(`${(longProse.length / 1024).toFixed(0)} KB prose with code and HTML, text parser`, proseLoad.megabytes, () => runText(proseLoad.answers));
