// In charge of the benchmark's child processes: spawning, readiness, CPU time and peak memory from /proc.
import { existsSync, openSync, readFileSync, writeFileSync } from "node:fs";
import type { Subprocess } from "bun";

export interface Child {
  name: string;
  pid: number;
  port: number;
  origin: string;
  stop(): Promise<void>;
}

const CLOCK_TICKS = clockTicks();

function clockTicks(): number {
  const result = Bun.spawnSync(["getconf", "CLK_TCK"]);
  const value = Number(result.stdout.toString().trim());
  return Number.isFinite(value) && value > 0 ? value : 100;
}

/** Every child still running, killed when the benchmark exits for any reason (Ctrl-C, a crash, a timeout). */
const live = new Set<Subprocess>();
function killAll(): void {
  for (const proc of live) proc.kill("SIGKILL");
  live.clear();
}
process.on("exit", killAll);
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    killAll();
    process.exit(130);
  });
}

function track(proc: Subprocess): Subprocess {
  live.add(proc);
  void proc.exited.then(() => live.delete(proc));
  return proc;
}

async function stopProcess(proc: Subprocess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  proc.kill("SIGTERM");
  const exited = await Promise.race([proc.exited.then(() => true), Bun.sleep(3000).then(() => false)]);
  if (!exited) proc.kill("SIGKILL");
}

/** Spawns a helper that prints its port as the first stdout line (the fake upstream, the no-op proxy). */
export async function spawnPortPrinter(name: string, command: string[], logPath: string): Promise<Child> {
  const proc = Bun.spawn(command, { stdout: "pipe", stderr: openSync(logPath, "a"), stdin: "ignore" });
  track(proc);
  const reader = proc.stdout.getReader();
  let text = "";
  while (!text.includes("\n")) {
    const chunk = await reader.read();
    if (chunk.done) throw new Error(`${name} exited before printing its port (see ${logPath})`);
    text += new TextDecoder().decode(chunk.value);
  }
  reader.releaseLock();
  // Keep draining stdout so the child never blocks on a full pipe.
  void proc.stdout.pipeTo(new WritableStream()).catch(() => {});
  const port = Number(text.trim().split("\n")[0]);
  return { name, pid: proc.pid, port, origin: `http://127.0.0.1:${port}`, stop: () => stopProcess(proc) };
}

/** A port free right now (the OS picks it; a tiny race with other programs is acceptable for a benchmark). */
export function freePort(): number {
  const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response() });
  const port = server.port ?? 0;
  server.stop(true);
  return port;
}

/** Polls `url` every `everyMs` until it answers 200; returns ms since `since`. */
export async function waitHealthy(url: string, since: number, timeoutMs = 15_000, everyMs = 2): Promise<number> {
  while (performance.now() - since < timeoutMs) {
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.status === 200) return performance.now() - since;
    } catch {
      /* not listening yet */
    }
    await Bun.sleep(everyMs);
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
}

function logTail(path: string): string {
  return existsSync(path) ? readFileSync(path, "utf8").trim().split("\n").slice(-5).join(" | ").slice(-600) : "(no log)";
}

/** Spawns a server that listens on a port we choose, and waits for /healthz (ccproxy). */
export async function spawnHealthChecked(name: string, command: string[], port: number, logPath: string, cwd?: string): Promise<Child & { startMs: number }> {
  const log = openSync(logPath, "a");
  const started = performance.now();
  const proc = Bun.spawn(command, { stdout: log, stderr: log, stdin: "ignore", cwd });
  track(proc);
  const origin = `http://127.0.0.1:${port}`;
  try {
    const startMs = await Promise.race([
      waitHealthy(`${origin}/healthz`, started),
      proc.exited.then((code) => Promise.reject(new Error(`${name} exited with ${code} before serving: ${logTail(logPath)}`))),
    ]);
    return { name, pid: proc.pid, port, origin, startMs, stop: () => stopProcess(proc) };
  } catch (error) {
    await stopProcess(proc);
    throw error;
  }
}

/** User + system CPU time of a process so far, µs (from /proc/<pid>/stat, in clock ticks). */
export function cpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1_000_000) / CLOCK_TICKS;
}

function statusKb(pid: number, field: "VmHWM" | "VmRSS"): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status);
  return match ? Number(match[1]) : Number.NaN;
}

/** Peak resident memory since the last reset, MiB. */
export function peakRssMiB(pid: number): number {
  return statusKb(pid, "VmHWM") / 1024;
}

export function rssMiB(pid: number): number {
  return statusKb(pid, "VmRSS") / 1024;
}

/** Resets the peak (VmHWM) to the current RSS (Linux ≥ 4.0, own processes); false when the kernel refuses. */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, "5");
    return true;
  } catch {
    return false;
  }
}
