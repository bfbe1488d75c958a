// In charge of `bun run bench`: start fake upstream, no-op proxy and ccproxy, measure every scenario, write the report.
// Usage: bun run bench [--quick] [--scenario NAME]... [--duration MS] [--source] [--no-startup] [--no-parser] [--no-build] [--readme] [--cpu-prof]
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { measureScenario, type Processes, type ScenarioResult, type Settings } from "./measure.ts";
import { freePort, rssMiB, spawnHealthChecked, spawnPortPrinter, type Child } from "./procs.ts";
import { loadAverage, machine, renderReport, type Report } from "./report.ts";
import { ACCESS_KEY } from "./requests.ts";
import { ccproxyConfig, selectScenarios, type Scenario } from "./scenarios.ts";
import { compiledBinary, measureCompatParser, measureStartup, type ParserResult, type StartupResult } from "./startup.ts";

const ROOT = join(import.meta.dir, "..");
const BUN = process.execPath;

interface Options {
  quick: boolean;
  scenarios: string[];
  durationMs?: number;
  startup: boolean;
  parser: boolean;
  build: boolean;
  readme: boolean;
  cpuProf: boolean;
  /** Load `bun src/index.ts` instead of the compiled binary (implied by --cpu-prof). */
  source: boolean;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { quick: false, scenarios: [], startup: true, parser: true, build: true, readme: false, cpuProf: false, source: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === "--quick") options.quick = true;
    else if (arg === "--scenario") options.scenarios.push(value());
    else if (arg === "--duration") options.durationMs = Number(value());
    else if (arg === "--no-startup") options.startup = false;
    else if (arg === "--no-parser") options.parser = false;
    else if (arg === "--no-build") options.build = false;
    else if (arg === "--readme") options.readme = true;
    else if (arg === "--cpu-prof") options.cpuProf = true;
    else if (arg === "--source") options.source = true;
    else throw new Error(`unknown option ${arg}`);
  }
  return options;
}

const log = (line: string) => process.stderr.write(line + "\n");

function settingsFor(options: Options): Settings {
  if (options.quick) return { durationMs: options.durationMs ?? 300, warmupFirst: 50, warmupSecond: 20 };
  return { durationMs: options.durationMs ?? 1000, warmupFirst: 200, warmupSecond: 50 };
}

/** The command that starts ccproxy for the load runs (the compiled binary users run, unless --source or --cpu-prof), and its label. */
function ccproxyCommand(tmp: string, options: Options, resultsDir: string): { command: string[]; label: string } {
  if (!options.source && !options.cpuProf) {
    const binary = compiledBinary(tmp, options.build, log);
    if (binary) return { command: [binary.path], label: binary.label };
    log("no compiled binary (build failed, or --no-build without dist/ccproxy): running bun src/index.ts");
  }
  const profile = options.cpuProf ? ["--cpu-prof", `--cpu-prof-dir=${resultsDir}`, "--cpu-prof-md"] : [];
  return { command: [BUN, ...profile, join(ROOT, "src", "index.ts")], label: `bun ${profile.length > 0 ? "--cpu-prof " : ""}src/index.ts` };
}

async function startProcesses(tmp: string, scenarios: Scenario[], command: string[]): Promise<Processes> {
  const fake = await spawnPortPrinter("fake upstream", [BUN, join(import.meta.dir, "fake-upstream.ts")], join(tmp, "fake.log"));
  const noop = await spawnPortPrinter("no-op proxy", [BUN, join(import.meta.dir, "noop-proxy.ts"), fake.origin], join(tmp, "noop.log"));
  const port = freePort();
  const configPath = join(tmp, "ccproxy.toml");
  writeFileSync(configPath, ccproxyConfig({ port, dataDir: join(tmp, "data"), fakeOrigin: fake.origin, accessKey: ACCESS_KEY, scenarios }));
  // stdout carries ccproxy's one JSON log line per request: to a file, as a service manager would keep it.
  const ccproxy = await spawnHealthChecked("ccproxy", [...command, "--config", configPath], port, join(tmp, "ccproxy.log"), tmp);
  return { fake, noop, ccproxy };
}

function progress(result: ScenarioResult): string {
  const { noop, ccproxy } = result.stats;
  const failed = result.problems.filter((problem) => !problem.startsWith("could not reset")).length > 0 ? "  ⚠ " + result.problems.join("; ") : "";
  return `  ${result.scenario.id.padEnd(34)} no-op ${Math.round(noop.reqPerSec).toString().padStart(6)} req/s  ccproxy ${Math.round(ccproxy.reqPerSec).toString().padStart(6)} req/s  (${(ccproxy.reqPerSec / noop.reqPerSec).toFixed(2)}×)${failed}`;
}

async function runScenarios(tmp: string, scenarios: Scenario[], settings: Settings, command: string[]): Promise<{ results: ScenarioResult[]; idleRssMiB: number; notes: string[] }> {
  const processes = await startProcesses(tmp, scenarios, command);
  const idleRssMiB = rssMiB(processes.ccproxy.pid);
  const results: ScenarioResult[] = [];
  const notes: string[] = [];
  try {
    for (const scenario of scenarios) {
      try {
        const result = await measureScenario(processes, scenario, settings);
        results.push(result);
        log(progress(result));
      } catch (error) {
        notes.push(`\`${scenario.id}\` could not run: ${error instanceof Error ? error.message : String(error)}`);
        log(`  ${scenario.id}: FAILED ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  } finally {
    const children: Child[] = [processes.ccproxy, processes.noop, processes.fake];
    for (const child of children) await child.stop();
  }
  return { results, idleRssMiB, notes };
}

const MARK_START = "<!-- bench:latest:start -->";
const MARK_END = "<!-- bench:latest:end -->";

/** Replaces the text between the bench:latest markers of a markdown file; false when it has none. */
function replaceLatest(path: string, body: string): boolean {
  const text = readFileSync(path, "utf8");
  const from = text.indexOf(MARK_START);
  const to = text.indexOf(MARK_END);
  if (from < 0 || to < from) return false;
  writeFileSync(path, `${text.slice(0, from + MARK_START.length)}\n${body.trim()}\n${text.slice(to)}`);
  return true;
}

/**
 * bench/README.md gets the whole report; the top README its date, machine, run, targets and
 * results (the ratios, startup and parser sections stay in bench/README.md).
 */
function updateReadmes(markdown: string): void {
  const full = markdown.replace(/^# ccproxy benchmark — (.*)\n/, "**Date:** $1\n").replace(/^## /gm, "### ");
  log(replaceLatest(join(import.meta.dir, "README.md"), full) ? "bench/README.md updated" : "bench/README.md has no bench:latest markers; not updated");
  const cut = full.indexOf("\n### Ratios");
  const summary = (cut < 0 ? full : full.slice(0, cut)).replace(/^### (.*)$/gm, "**$1**");
  log(replaceLatest(join(ROOT, "README.md"), summary) ? "README.md updated" : "README.md has no bench:latest markers; not updated");
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const scenarios = selectScenarios(options.scenarios);
  const date = new Date();
  const resultsDir = join(import.meta.dir, "results");
  mkdirSync(resultsDir, { recursive: true });
  const tmp = mkdtempSync(join(tmpdir(), "ccproxy-bench-"));
  // Also on Ctrl-C (procs.ts exits the process after killing the children).
  process.on("exit", () => rmSync(tmp, { recursive: true, force: true }));
  const settings = settingsFor(options);
  const loadBefore = loadAverage();
  log(`ccproxy bench: ${scenarios.length} scenario(s), ${settings.durationMs} ms per target; temp dir ${tmp}`);
  try {
    const ccproxy = ccproxyCommand(tmp, options, resultsDir);
    const { results, idleRssMiB, notes } = await runScenarios(tmp, scenarios, settings, ccproxy.command);
    let startup: StartupResult[] = [];
    if (options.startup) {
      log("startup…");
      startup = await measureStartup({ tmp, build: options.build, runs: options.quick ? 3 : 6, log, config: (port, dataDir) => ccproxyConfig({ port, dataDir, fakeOrigin: "http://127.0.0.1:9", accessKey: ACCESS_KEY, scenarios }) });
    }
    let parser: ParserResult[] = [];
    if (options.parser) {
      log("compat parser…");
      const measured = await measureCompatParser(log);
      parser = measured.results;
      if (parser.length === 0) notes.push(`bench/compat-parser.ts printed no "N MB/s" line: ${measured.output.slice(0, 300)}`);
    }
    const report: Report = { date, settings, ccproxy: ccproxy.label, results, startup, parser, idleRssMiB, notes, load: { before: loadBefore, after: loadAverage() } };
    const markdown = renderReport(report);
    const stamp = date.toISOString().replace(/[:.]/g, "-");
    writeFileSync(join(resultsDir, `${stamp}.md`), markdown);
    writeFileSync(join(resultsDir, `${stamp}.json`), JSON.stringify({ ...report, machine: machine() }, null, 2));
    process.stdout.write(markdown + "\n");
    log(`written: bench/results/${stamp}.md (+ .json)`);
    if (options.readme) updateReadmes(markdown);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}


await main();
