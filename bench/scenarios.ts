// In charge of the benchmark's scenarios and the ccproxy configuration that routes each to its own fake upstream slot.
import type { AnswerKind, BenchProtocol } from "./answers.ts";
import type { PromptKind } from "./requests.ts";

export type PathKind = "same" | "converted";

export interface Scenario {
  /** e.g. `claude>openai/stream/c64`. */
  id: string;
  client: BenchProtocol;
  upstream: BenchProtocol;
  stream: boolean;
  concurrency: number;
  prompt: PromptKind;
  answer: AnswerKind;
  compat: boolean;
  /** Same-protocol passthrough or converted (compat mode always converts). */
  kind: PathKind;
  /** Provider id and model alias in the generated config; also the fake's capture slot. */
  slot: string;
}

const PAIRS: [BenchProtocol, BenchProtocol][] = [
  ["openai", "openai"],
  ["claude", "claude"],
  ["claude", "openai"],
  ["openai", "gemini"],
  ["ollama", "claude"],
];

function make(client: BenchProtocol, upstream: BenchProtocol, stream: boolean, concurrency: number, extra: { prompt?: PromptKind; compat?: boolean; tag?: string } = {}): Scenario {
  const compat = extra.compat ?? false;
  const tag = extra.tag ? `${extra.tag} ` : "";
  const id = `${tag}${client}>${upstream}/${stream ? "stream" : "json"}/c${concurrency}`;
  return {
    id,
    client,
    upstream,
    stream,
    concurrency,
    prompt: extra.prompt ?? "small",
    answer: compat ? "compat" : "text",
    compat,
    kind: client === upstream && !compat ? "same" : "converted",
    slot: id.replace(/[^a-zA-Z0-9_.-]+/g, "-"),
  };
}

/** Every scenario, in run order: the 200 KB prompts last, so their memory does not inflate the peaks of the small ones. */
export function allScenarios(): Scenario[] {
  const list: Scenario[] = [];
  for (const stream of [false, true]) {
    for (const concurrency of [1, 64]) {
      for (const [client, upstream] of PAIRS) list.push(make(client, upstream, stream, concurrency));
    }
  }
  for (const concurrency of [1, 64]) list.push(make("claude", "openai", true, concurrency, { prompt: "tools", compat: true, tag: "compat+tools" }));
  for (const concurrency of [1, 64]) {
    list.push(make("claude", "claude", true, concurrency, { prompt: "big", tag: "200KB" }));
    list.push(make("claude", "openai", true, concurrency, { prompt: "big", tag: "200KB" }));
  }
  return list;
}

/** Per filter: the scenario with exactly that id (or slot), else every scenario whose id contains it; all when no filter. */
export function selectScenarios(filters: string[]): Scenario[] {
  const all = allScenarios();
  if (filters.length === 0) return all;
  const matches = (scenario: Scenario, filter: string) =>
    all.some((s) => s.id === filter || s.slot === filter) ? scenario.id === filter || scenario.slot === filter : scenario.id.includes(filter);
  const chosen = all.filter((scenario) => filters.some((filter) => matches(scenario, filter)));
  if (chosen.length === 0) throw new Error(`no scenario matches ${filters.join(", ")}; scenarios:\n  ${all.map((s) => s.id).join("\n  ")}`);
  return chosen;
}

/** The fake upstream base URL for a scenario, in each protocol's base_url convention. */
export function upstreamBase(fakeOrigin: string, scenario: Scenario): string {
  const root = `${fakeOrigin}/s/${scenario.answer}/${scenario.slot}`;
  return scenario.upstream === "openai" ? `${root}/v1` : root;
}

/** ccproxy's config: one provider per scenario (its own fake slot) and an alias named after the slot. */
export function ccproxyConfig(options: { port: number; dataDir: string; fakeOrigin: string; accessKey: string; scenarios: Scenario[] }): string {
  const lines = [
    "[server]",
    `host = "127.0.0.1"`,
    `port = ${options.port}`,
    `data_dir = ${JSON.stringify(options.dataDir)}`,
    "",
    "[[keys]]",
    `name = "bench"`,
    `key = "${options.accessKey}"`,
    "",
  ];
  for (const scenario of options.scenarios) {
    lines.push("[[providers]]", `id = "${scenario.slot}"`, `protocol = "${scenario.upstream}"`, `base_url = "${upstreamBase(options.fakeOrigin, scenario)}"`, `api_keys = ["sk-upstream-bench"]`, "");
  }
  lines.push("[[groups]]", `name = "default"`, "");
  for (const scenario of options.scenarios) lines.push("[[groups.aliases]]", `alias = "${scenario.slot}"`, `targets = ["${scenario.slot}/upstream-model"]`, "");
  return lines.join("\n");
}
