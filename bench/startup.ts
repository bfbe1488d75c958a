// In charge of the one-shot measurements: time for ccproxy to start serving, and the compat parser's throughput.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { freePort, rssMiB, spawnHealthChecked } from "./procs.ts";

const ROOT = join(import.meta.dir, "..");

export interface StartupResult {
  /** What was started: "dist/ccproxy", "compiled (temp build)", "bun src/index.ts". */
  label: string;
  compiled: boolean;
  /** First start, with an empty data directory (creates the SQLite database). */
  coldMs: number;
  /** Median of the later starts (existing database). */
  medianMs: number;
  minMs: number;
  runs: number;
  /** RSS right after the first 200 from /healthz (median over the runs). */
  idleRssMiB: number;
}

/**
 * The binary users run: compiled fresh into `tmp` with package.json's "build" flags, so the
 * numbers are of the code in src/. With build = false, dist/ccproxy as it is (its build time is
 * shown: a stale binary measures older code).
 */
export function compiledBinary(tmp: string, build: boolean, log: (line: string) => void): { path: string; label: string } | undefined {
  const dist = join(ROOT, "dist", "ccproxy");
  if (!build) return existsSync(dist) ? { path: dist, label: `dist/ccproxy (built ${statSync(dist).mtime.toISOString().slice(0, 16)}Z)` } : undefined;
  const outfile = join(tmp, "ccproxy");
  if (existsSync(outfile)) return { path: outfile, label: "compiled binary (bun run build, fresh)" };
  const script = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: { build: string } }).scripts.build;
  const args = script.replace(/^bun build /, "").replace("dist/ccproxy", outfile).split(" ");
  log(`compiling the binary (bun build ${args.join(" ")})…`);
  const result = Bun.spawnSync([process.execPath, "build", ...args], { cwd: ROOT });
  if (result.exitCode !== 0) {
    log(`build failed: ${result.stderr.toString().slice(0, 500)}`);
    return undefined;
  }
  return { path: outfile, label: "compiled binary (bun run build, fresh)" };
}

async function timeStarts(label: string, command: string[], compiled: boolean, tmp: string, config: (port: number, dataDir: string) => string, runs: number): Promise<StartupResult> {
  const dir = join(tmp, `startup-${compiled ? "bin" : "src"}`);
  mkdirSync(dir, { recursive: true });
  const dataDir = join(dir, "data");
  const times: number[] = [];
  const rss: number[] = [];
  for (let run = 0; run < runs; run++) {
    const port = freePort();
    const configPath = join(dir, "config.toml");
    writeFileSync(configPath, config(port, dataDir));
    const child = await spawnHealthChecked(label, [...command, "--config", configPath], port, join(dir, "ccproxy.log"), dir);
    times.push(child.startMs);
    rss.push(rssMiB(child.pid));
    await child.stop();
  }
  const later = times.slice(1).sort((a, b) => a - b);
  const idleRssMiB = rss.sort((a, b) => a - b)[Math.floor(rss.length / 2)]!;
  return { label, compiled, coldMs: times[0]!, medianMs: later[Math.floor(later.length / 2)] ?? times[0]!, minMs: Math.min(...times), runs, idleRssMiB };
}

export async function measureStartup(options: { tmp: string; build: boolean; runs: number; config: (port: number, dataDir: string) => string; log: (line: string) => void }): Promise<StartupResult[]> {
  const results: StartupResult[] = [];
  const binary = compiledBinary(options.tmp, options.build, options.log);
  if (binary) results.push(await timeStarts(binary.label, [binary.path], true, options.tmp, options.config, options.runs));
  results.push(await timeStarts("bun src/index.ts", [process.execPath, join(ROOT, "src", "index.ts")], false, options.tmp, options.config, options.runs));
  return results;
}

export interface ParserResult {
  name: string;
  mbPerSec: number;
}

/** Runs bench/compat-parser.ts (it exports nothing, so as its own process) and reads its "name: N MB/s" lines. */
export async function measureCompatParser(log: (line: string) => void): Promise<{ results: ParserResult[]; output: string }> {
  const proc = Bun.spawn([process.execPath, join(import.meta.dir, "compat-parser.ts")], { stdout: "pipe", stderr: "pipe", cwd: ROOT });
  const [output, errors, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  if (code !== 0) log(`compat parser bench exited with ${code}: ${errors.slice(0, 500)}`);
  const results: ParserResult[] = [];
  for (const line of output.split("\n")) {
    // "name: N MB/s …" or "name   N MB/s wall, …": the first rate on the line is the one reported.
    const match = /^(.*?\S)\s*:?\s+([\d.]+) MB\/s/.exec(line.trim());
    if (match) results.push({ name: match[1]!, mbPerSec: Number(match[2]) });
  }
  return { results, output: output.trim() };
}
