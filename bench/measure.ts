// In charge of measuring one scenario on its three targets (direct, no-op proxy, ccproxy) with the same upstream work.
import type { BenchProtocol } from "./answers.ts";
import { fetchText, MAX_ERRORS, mergeResults, percentile, runLoad, type Job, type LoadResult } from "./load.ts";
import { cpuMicros, peakRssMiB, resetPeakRss, type Child } from "./procs.ts";
import { clientRequest, endMarker } from "./requests.ts";
import type { Scenario } from "./scenarios.ts";

export type TargetName = "direct" | "noop" | "ccproxy";
export const TARGETS: TargetName[] = ["direct", "noop", "ccproxy"];

export interface TargetStats {
  ok: number;
  errors: number;
  firstError?: string;
  reqPerSec: number;
  p50: number;
  p99: number;
  ttfbP50: number;
  ttfbP99: number;
  /** CPU of the proxy process (no-op or ccproxy), or of the fake upstream for the direct call. */
  cpuUsPerReq: number;
  /** Peak RSS of the proxy process during this scenario (undefined for the direct call). */
  peakRssMiB?: number;
}

export interface ScenarioResult {
  scenario: Scenario;
  stats: Record<TargetName, TargetStats>;
  /** Failed answer checks, setup problems. */
  problems: string[];
}

export interface Settings {
  /** Measured time per target, split over two passes (A→B→C, then C→B→A, which cancels slow drift). */
  durationMs: number;
  warmupFirst: number;
  warmupSecond: number;
}

export interface Processes {
  fake: Child;
  noop: Child;
  ccproxy: Child;
}

/** What a correct client answer must contain, beyond its ending (checked once, on the whole answer). */
function answerProblems(scenario: Scenario, text: string): string[] {
  const problems: string[] = [];
  if (scenario.compat) {
    if (text.includes("<cs:tool_use>")) problems.push("the compat XML reached the client");
    const call = scenario.client === "claude" ? '"type":"tool_use"' : scenario.client === "openai" ? '"tool_calls"' : '"functionCall"';
    if (!text.includes(call) || !text.includes("Read")) problems.push(`no native ${call} call for Read in the answer`);
  } else if (!scenario.stream && !text.includes("frozen object")) {
    problems.push("the answer text is missing");
  }
  return problems;
}

function upstreamHeaders(protocol: BenchProtocol): Record<string, string> {
  const json = { "content-type": "application/json" };
  if (protocol === "claude") return { ...json, "x-api-key": "sk-upstream-bench", "anthropic-version": "2023-06-01" };
  if (protocol === "gemini") return { ...json, "x-goog-api-key": "sk-upstream-bench" };
  return { ...json, authorization: "Bearer sk-upstream-bench" };
}

/** ccproxy's job, then one checked request through it, then the direct and no-op jobs replaying exactly what ccproxy sent upstream. */
async function buildJobs(processes: Processes, scenario: Scenario, problems: string[]): Promise<Record<TargetName, Job>> {
  const request = clientRequest(scenario.client, scenario.prompt, scenario.slot, scenario.stream, scenario.compat ? "/compat_mode" : "");
  const ccproxy: Job = { url: processes.ccproxy.origin + request.path, headers: request.headers, body: request.body, marker: endMarker(scenario.client, scenario.stream) };
  const first = await fetchText(ccproxy);
  if (first.status !== 200) problems.push(`ccproxy answered HTTP ${first.status}: ${first.text.slice(0, 300)}`);
  else if (!first.text.includes(ccproxy.marker)) problems.push(`ccproxy's answer does not end with ${ccproxy.marker}`);
  else problems.push(...answerProblems(scenario, first.text));

  const slot = await fetch(`${processes.fake.origin}/__captured?scenario=${encodeURIComponent(scenario.slot)}`);
  if (slot.status !== 200) throw new Error(`${scenario.id}: the fake upstream captured no request from ccproxy (${problems.join("; ")})`);
  const captured = (await slot.json()) as { path: string; search: string; body: string };
  const body = new TextEncoder().encode(captured.body);
  const headers = upstreamHeaders(scenario.upstream);
  const marker = endMarker(scenario.upstream, scenario.stream);
  const upstreamPath = captured.path + captured.search;
  return {
    direct: { url: processes.fake.origin + upstreamPath, headers, body, marker },
    noop: { url: processes.noop.origin + upstreamPath, headers, body, marker },
    ccproxy,
  };
}

/** The process whose CPU a target's requests cost: the proxy, or the fake upstream for the direct call. */
function processOf(processes: Processes, target: TargetName): Child {
  return target === "direct" ? processes.fake : processes[target];
}

interface Pass {
  result: LoadResult;
  cpuUs: number;
}

/** Warm-up, then the measured window; failures during the warm-up count as failures of the pass. */
async function measurePass(processes: Processes, job: Job, target: TargetName, concurrency: number, warmup: number, durationMs: number): Promise<Pass> {
  const warm = warmup > 0 ? await runLoad(job, concurrency, { count: warmup }) : undefined;
  const pid = processOf(processes, target).pid;
  const before = cpuMicros(pid);
  const failedWarmup = warm !== undefined && warm.errors >= MAX_ERRORS;
  const result: LoadResult = failedWarmup ? { ok: 0, errors: 0, elapsedMs: 0, latencies: [], ttfb: [], bytes: 0 } : await runLoad(job, concurrency, { durationMs });
  if (warm && warm.errors > 0) {
    result.errors += warm.errors;
    result.firstError = warm.firstError ?? result.firstError;
  }
  return { result, cpuUs: cpuMicros(pid) - before };
}

const failures = (passes: Pass[]) => passes.reduce((sum, pass) => sum + pass.result.errors, 0);

function summarize(passes: Pass[], peak: number | undefined): TargetStats {
  const merged = mergeResults(passes.map((pass) => pass.result));
  const latencies = merged.latencies.sort((a, b) => a - b);
  const ttfb = merged.ttfb.sort((a, b) => a - b);
  const total = merged.ok + merged.errors;
  const cpuUs = passes.reduce((sum, pass) => sum + pass.cpuUs, 0);
  return {
    ok: merged.ok,
    errors: merged.errors,
    firstError: merged.firstError,
    reqPerSec: merged.ok / (merged.elapsedMs / 1000),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    ttfbP50: percentile(ttfb, 50),
    ttfbP99: percentile(ttfb, 99),
    cpuUsPerReq: merged.ok > 0 ? cpuUs / total : Number.NaN,
    peakRssMiB: peak,
  };
}

export async function measureScenario(processes: Processes, scenario: Scenario, settings: Settings): Promise<ScenarioResult> {
  const problems: string[] = [];
  const jobs = await buildJobs(processes, scenario, problems);
  const resetOk = resetPeakRss(processes.noop.pid) && resetPeakRss(processes.ccproxy.pid);
  if (!resetOk) problems.push("could not reset VmHWM: peak RSS is the process's peak since start");
  const passes: Record<TargetName, Pass[]> = { direct: [], noop: [], ccproxy: [] };
  const half = settings.durationMs / 2;
  for (const [round, order] of [TARGETS, [...TARGETS].reverse()].entries()) {
    for (const target of order) {
      const warmup = round === 0 ? settings.warmupFirst : settings.warmupSecond;
      // A target that keeps failing is not measured further (each failure may cost a request timeout).
      if (failures(passes[target]) >= MAX_ERRORS) continue;
      passes[target].push(await measurePass(processes, jobs[target], target, scenario.concurrency, warmup, half));
    }
  }
  const stats: Record<TargetName, TargetStats> = {
    direct: summarize(passes.direct, undefined),
    noop: summarize(passes.noop, peakRssMiB(processes.noop.pid)),
    ccproxy: summarize(passes.ccproxy, peakRssMiB(processes.ccproxy.pid)),
  };
  for (const target of TARGETS) {
    if (stats[target].errors > 0) problems.push(`${target}: ${stats[target].errors} failed requests, first: ${stats[target].firstError}`);
  }
  return { scenario, stats, problems };
}
