// In charge of a realistic compat-mode load: coding-agent turns as a model writes them in compat mode.
//
// Each turn is a few sentences of prose, then one `<cs:tool_use>` block in the format ccproxy
// teaches (rendered by the same renderToolCall the history uses), with arguments taken from this
// repository's sources: Read/Grep/Glob/Bash calls with short arguments, Edit calls replacing a
// handful of real lines, now and then a Write of a whole file. The mix follows what a Claude
// Code session does; the test corpus (test/fixtures/compat), by contrast, is edge cases packed
// into tiny answers, which measures the per-block cost.
import { renderToolCall, type RenderableCall } from "../src/compat/render-history.ts";
import { repositorySources } from "./requests.ts";

const SENTENCES = [
  "Let me look at how the configuration is loaded first.",
  "The loader validates each provider before the runtime snapshot is built.",
  "I'll check the tests that cover this path.",
  "This function is called on every request, so it should not allocate.",
  "The error comes from the decoder: the field is optional but typed as a string.",
  "Now I'll update the call site to pass the new option.",
  "The tests pass; next I'll run the type check.",
  "I see the problem: the stream ends before the usage frame is read.",
  "Let me search for other places that build the same header.",
  "I'll make the change in one place and keep the old behaviour for existing configs.",
];

type Source = ReturnType<typeof repositorySources>[number];

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)]!;
}

function call(random: () => number, files: Source[]): RenderableCall {
  const file = pick(files, random);
  const roll = random();
  if (roll < 0.25) return { name: "Read", arguments: { file_path: file.path } };
  if (roll < 0.4) return { name: "Grep", arguments: { pattern: pick(["createStreamDecoder", "ProxyError\\(", "usageOf", "timeout_ms"], random), path: "/work/project/src", output_mode: "content", "-n": true } };
  if (roll < 0.5) return { name: "Glob", arguments: { pattern: pick(["src/**/*.ts", "test/**/*.test.ts", "bench/*.ts"], random) } };
  if (roll < 0.65) return { name: "Bash", arguments: { command: pick(["bun test test/unit", "bunx tsc --noEmit", "git diff --stat", "bun run bench --quick"], random), description: "Check the change" } };
  if (roll < 0.93) {
    const start = Math.floor(random() * Math.max(1, file.lines.length - 12));
    const old = file.lines.slice(start, start + 4 + Math.floor(random() * 9)).join("\n");
    return { name: "Edit", arguments: { file_path: file.path, old_string: old, new_string: old.replace(/const /g, "let ").replace(/\n/, "\n  // why: keeps the hot path allocation-free\n") } };
  }
  return { name: "Write", arguments: { file_path: file.path.replace(/\.ts$/, ".next.ts"), content: file.lines.join("\n") } };
}

/** Deterministic for a given random source; each turn's call is returned with it, to check the parse. */
export function agentTurns(random: () => number, count: number): { text: string; call: RenderableCall }[] {
  const files = repositorySources().filter((file) => file.lines.length > 20);
  const turns: { text: string; call: RenderableCall }[] = [];
  for (let i = 0; i < count; i++) {
    const prose = Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(SENTENCES, random)).join(" ");
    const made = call(random, files);
    turns.push({ text: `${prose}\n${renderToolCall(made)}`, call: made });
  }
  return turns;
}
