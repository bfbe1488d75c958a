// In charge of turning measurements into the markdown report: machine, main table, ratios, targets with ✅/❌.
import { readFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import type { ScenarioResult, Settings, TargetStats } from "./measure.ts";
import type { ParserResult, StartupResult } from "./startup.ts";

export interface Report {
  date: Date;
  settings: Settings;
  /** How ccproxy was started for the load runs. */
  ccproxy: string;
  results: ScenarioResult[];
  startup: StartupResult[];
  parser: ParserResult[];
  /** ccproxy's RSS right after it started, before any request. */
  idleRssMiB: number;
  /** /proc/loadavg (1, 5, 15 min) before and after: other work on the machine skews every number. */
  load: { before: string; after: string };
  notes: string[];
}

export const TARGETS = {
  sameThroughput: 0.9,
  sameAddedP50Ms: 0.1,
  convertedThroughput: 0.7,
  streamAddedTtfbMs: 0.3,
  peakRssMiB: 80,
  startupMs: 150,
  parserMBps: 100,
} as const;

/** The 1, 5 and 15 minute load averages. */
export function loadAverage(): string {
  try {
    return readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  } catch {
    return "unknown";
  }
}

export function machine(): string {
  let model = cpus()[0]?.model ?? "unknown CPU";
  try {
    model = /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? model;
  } catch {
    /* not Linux */
  }
  const kernel = readFileSync("/proc/sys/kernel/osrelease", "utf8").trim();
  return `${model}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Linux ${kernel}, Bun ${Bun.version}`;
}

function ms(value: number): string {
  if (!Number.isFinite(value)) return "–";
  const digits = Math.abs(value) < 1 ? 3 : Math.abs(value) < 10 ? 2 : 1;
  return value.toFixed(digits);
}

function signedMs(value: number): string {
  return Number.isFinite(value) ? (value >= 0 ? "+" : "") + ms(value) : "–";
}

const int = (value: number) => (Number.isFinite(value) ? Math.round(value).toLocaleString("en-US") : "–");
const ratio = (value: number) => (Number.isFinite(value) ? value.toFixed(2) : "–");
const mark = (pass: boolean) => (pass ? " ✅" : " ❌");

interface Checks {
  throughput?: boolean;
  addedP50?: boolean;
  addedTtfb?: boolean;
  rss?: boolean;
}

/** Which targets apply to a row, and whether it meets them (a row with failed requests meets none). */
function checks(result: ScenarioResult): Checks {
  const { scenario, stats } = result;
  const clean = result.problems.length === 0 || result.problems.every((problem) => problem.startsWith("could not reset"));
  const c = stats.ccproxy;
  const n = stats.noop;
  const out: Checks = {};
  const floor = scenario.kind === "same" ? TARGETS.sameThroughput : TARGETS.convertedThroughput;
  out.throughput = clean && c.reqPerSec / n.reqPerSec >= floor;
  if (scenario.kind === "same" && scenario.concurrency === 1) out.addedP50 = clean && c.p50 - n.p50 <= TARGETS.sameAddedP50Ms;
  if (scenario.stream && scenario.concurrency === 1) out.addedTtfb = clean && c.ttfbP50 - n.ttfbP50 <= TARGETS.streamAddedTtfbMs;
  if (scenario.concurrency >= 64) out.rss = clean && (c.peakRssMiB ?? Number.POSITIVE_INFINITY) <= TARGETS.peakRssMiB;
  return out;
}

const withMark = (text: string, pass: boolean | undefined) => (pass === undefined ? text : text + mark(pass));
const triple = (d: number, n: number, c: number) => `${ms(d)} / ${ms(n)} / ${ms(c)}`;

function mainRow(result: ScenarioResult): string {
  const { direct: d, noop: n, ccproxy: c } = result.stats;
  const check = checks(result);
  const failed = d.errors + n.errors + c.errors;
  const problems = result.problems.filter((problem) => !problem.startsWith("could not reset"));
  const errors = failed > 0 || problems.length > 0 ? `**${failed}** ⚠` : "0";
  return [
    `\`${result.scenario.id}\``,
    int(d.reqPerSec),
    int(n.reqPerSec),
    int(c.reqPerSec),
    withMark(ratio(c.reqPerSec / n.reqPerSec), check.throughput),
    ratio(c.reqPerSec / d.reqPerSec),
    triple(d.p50, n.p50, c.p50),
    triple(d.p99, n.p99, c.p99),
    withMark(signedMs(c.p50 - n.p50), check.addedP50),
    triple(d.ttfbP50, n.ttfbP50, c.ttfbP50),
    withMark(signedMs(c.ttfbP50 - n.ttfbP50), check.addedTtfb),
    int(n.cpuUsPerReq),
    int(c.cpuUsPerReq),
    `${ms(n.peakRssMiB ?? Number.NaN)} / ${withMark(ms(c.peakRssMiB ?? Number.NaN), check.rss)}`,
    errors,
  ].join(" | ");
}

function ratioRow(result: ScenarioResult): string {
  const { direct: d, noop: n, ccproxy: c } = result.stats;
  const pair = (value: (s: TargetStats) => number, againstDirect = true) => `${ratio(value(c) / value(n))} / ${againstDirect ? ratio(value(c) / value(d)) : "–"}`;
  return [
    `\`${result.scenario.id}\``,
    pair((s) => s.reqPerSec),
    pair((s) => s.p50),
    pair((s) => s.p99),
    pair((s) => s.ttfbP50),
    pair((s) => s.cpuUsPerReq, false),
    pair((s) => s.peakRssMiB ?? Number.NaN, false),
  ].join(" | ");
}

interface Verdict {
  name: string;
  pass: boolean;
  detail: string;
}

function rowVerdict(name: string, results: ScenarioResult[], pick: (check: Checks) => boolean | undefined, value: (result: ScenarioResult) => string): Verdict | undefined {
  const rows = results.filter((result) => pick(checks(result)) !== undefined);
  if (rows.length === 0) return undefined;
  const failing = rows.filter((result) => pick(checks(result)) === false);
  const detail = failing.length === 0 ? `all ${rows.length} rows` : `${failing.length} of ${rows.length} rows miss it: ${failing.map((result) => `\`${result.scenario.id}\` ${value(result)}`).join(", ")}`;
  return { name, pass: failing.length === 0, detail };
}

function verdicts(report: Report): Verdict[] {
  const list: (Verdict | undefined)[] = [];
  const r = report.results;
  const throughput = (result: ScenarioResult) => `${ratio(result.stats.ccproxy.reqPerSec / result.stats.noop.reqPerSec)}×`;
  list.push(rowVerdict(`Same-protocol throughput ≥ ${TARGETS.sameThroughput}× no-op`, r.filter((x) => x.scenario.kind === "same"), (c) => c.throughput, throughput));
  list.push(rowVerdict(`Same-protocol added p50 ≤ ${TARGETS.sameAddedP50Ms} ms over no-op (c1)`, r, (c) => c.addedP50, (x) => `${signedMs(x.stats.ccproxy.p50 - x.stats.noop.p50)} ms`));
  list.push(rowVerdict(`Converted throughput ≥ ${TARGETS.convertedThroughput}× no-op`, r.filter((x) => x.scenario.kind === "converted"), (c) => c.throughput, throughput));
  list.push(rowVerdict(`Streaming TTFB added ≤ ${TARGETS.streamAddedTtfbMs} ms over no-op (c1)`, r, (c) => c.addedTtfb, (x) => `${signedMs(x.stats.ccproxy.ttfbP50 - x.stats.noop.ttfbP50)} ms`));
  list.push(rowVerdict(`Peak RSS under c64 ≤ ${TARGETS.peakRssMiB} MiB`, r, (c) => c.rss, (x) => `${ms(x.stats.ccproxy.peakRssMiB ?? Number.NaN)} MiB`));
  const binary = report.startup.find((s) => s.compiled);
  list.push(
    binary
      ? { name: `Compiled binary serves in ≤ ${TARGETS.startupMs} ms`, pass: binary.medianMs <= TARGETS.startupMs, detail: `${ms(binary.medianMs)} ms median (${binary.label})` }
      : report.startup.length > 0 ? { name: `Compiled binary serves in ≤ ${TARGETS.startupMs} ms`, pass: false, detail: "no compiled binary measured" } : undefined,
  );
  // The target is the parser "on a realistic corpus": the text parser on the agent-turn load. The
  // event stage (which also JSON-encodes every call's arguments), the test corpus (edge cases packed
  // into tiny answers) and the single-block loads are shown under "Compat parser", not judged.
  for (const parser of report.parser.filter(isRealisticParserLoad)) list.push({ name: `Compat parser ≥ ${TARGETS.parserMBps} MB/s (${parser.name})`, pass: parser.mbPerSec >= TARGETS.parserMBps, detail: `${parser.mbPerSec.toFixed(1)} MB/s` });
  return list.filter((verdict): verdict is Verdict => verdict !== undefined);
}

function isRealisticParserLoad(parser: ParserResult): boolean {
  return parser.name.includes("(realistic), text parser");
}

function problemLines(report: Report): string[] {
  const lines: string[] = [];
  for (const result of report.results) for (const problem of result.problems) lines.push(`- \`${result.scenario.id}\`: ${problem}`);
  return lines;
}

export function renderReport(report: Report): string {
  const s = report.settings;
  const out: string[] = [
    `# ccproxy benchmark — ${report.date.toISOString()}`,
    "",
    `**Machine:** ${machine()}`,
    "",
    `**Run:** ${report.results.length} scenarios; per target ${s.durationMs} ms measured in two passes (direct → no-op → ccproxy, then reversed), after ${s.warmupFirst} + ${s.warmupSecond} warm-up requests. ccproxy ran as \`${report.ccproxy}\`. Fake upstream, no-op proxy, ccproxy and the load generator are separate processes on the same machine. ccproxy idle RSS after start: ${ms(report.idleRssMiB)} MiB. Load average before / after: ${report.load.before} / ${report.load.after}.`,
    "",
    "## Targets",
    "",
    ...verdicts(report).map((v) => `- ${v.pass ? "✅" : "❌"} ${v.name}: ${v.detail}`),
    "",
    "## Results",
    "",
    "d = direct call to the fake upstream, n = no-op Bun proxy, c = ccproxy. Latencies in ms; +p50 and +TTFB are ccproxy minus no-op. CPU is the proxy process's user+system time per request; peak RSS is VmHWM during the scenario.",
    "",
    "| scenario | req/s d | req/s n | req/s c | c/n | c/d | p50 d / n / c | p99 d / n / c | +p50 | TTFB p50 d / n / c | +TTFB | CPU µs/req n | CPU µs/req c | peak RSS MiB n / c | errors |",
    "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ...report.results.map((result) => `| ${mainRow(result)} |`),
    "",
    "## Ratios",
    "",
    "Each cell: ccproxy ÷ no-op / ccproxy ÷ direct (CPU and RSS: ÷ no-op only; for throughput higher is better, for the rest lower is better).",
    "",
    "| scenario | req/s | p50 | p99 | TTFB p50 | CPU/req | peak RSS |",
    "|---|--:|--:|--:|--:|--:|--:|",
    ...report.results.map((result) => `| ${ratioRow(result)} |`),
    "",
  ];
  if (report.startup.length > 0) {
    out.push("## Startup (spawn → first 200 from /healthz, polled every 2 ms)", "", "| what | cold (new data dir) ms | median ms | min ms | RSS after start MiB | runs |", "|---|--:|--:|--:|--:|--:|");
    for (const start of report.startup) out.push(`| ${start.label} | ${ms(start.coldMs)} | ${ms(start.medianMs)} | ${ms(start.minMs)} | ${ms(start.idleRssMiB)} | ${start.runs} |`);
    out.push("");
  }
  if (report.parser.length > 0) {
    out.push(
      "## Compat parser (bench/compat-parser.ts)",
      "",
      "Agent turns are the realistic load; the target is the text parser on it. The event parser is the stage the pipeline runs (the text parser plus unified events, JSON-encoding every call's arguments: about a quarter of its time). The test corpus packs edge cases into tiny answers (the per-block worst case); the last two are single long blocks.",
      "",
      ...report.parser.map((p) => `- ${p.name}: ${p.mbPerSec.toFixed(1)} MB/s${isRealisticParserLoad(p) ? " (the target)" : ""}`),
      "",
    );
  }
  const problems = problemLines(report);
  if (problems.length > 0 || report.notes.length > 0) out.push("## Problems and notes", "", ...problems, ...report.notes.map((note) => `- ${note}`), "");
  return out.join("\n");
}
