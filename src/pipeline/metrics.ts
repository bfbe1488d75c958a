// In charge of in-memory request metrics and their Prometheus text exposition (version 0.0.4).
import type { HealthEntry } from "../routing/health.ts";
import type { RequestLogEntry } from "../store/types.ts";

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

interface Histogram {
  labels: string;
  counts: number[];
  sum: number;
  count: number;
}

const NEEDS_ESCAPE = /[\\"\n]/;
const escapeLabel = (value: string) => (NEEDS_ESCAPE.test(value) ? value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n") : value);

function labelText(labels: Record<string, string>): string {
  let out = "";
  for (const key in labels) out += `${out ? "," : ""}${key}="${escapeLabel(labels[key]!)}"`;
  return out;
}

export class Metrics {
  private readonly requests = new Map<string, number>();
  private readonly tokens = new Map<string, number>();
  private readonly attempts = new Map<string, number>();
  private readonly latency = new Map<string, Histogram>();
  private readonly ttfb = new Map<string, Histogram>();
  private readonly startedAt = Date.now();

  /** Label strings are built once per combination: observe runs on every request. */
  private readonly labelCache = new Map<string, string>();

  private labels(cacheKey: string, build: () => Record<string, string>): string {
    let text = this.labelCache.get(cacheKey);
    if (text === undefined) {
      text = labelText(build());
      if (this.labelCache.size > 50_000) this.labelCache.clear();
      this.labelCache.set(cacheKey, text);
    }
    return text;
  }

  observe(entry: RequestLogEntry): void {
    const provider = entry.provider ?? "";
    const routeKey = `${entry.group}\u0000${entry.alias}\u0000${provider}`;
    const route = () => ({ group: entry.group, alias: entry.alias, provider });
    const requestLabels = this.labels(`r\u0000${routeKey}\u0000${entry.clientProtocol}\u0000${entry.status}\u0000${entry.outcome}`, () => ({ ...route(), client: entry.clientProtocol, status: String(entry.status), outcome: entry.outcome }));
    this.requests.set(requestLabels, (this.requests.get(requestLabels) ?? 0) + 1);
    const routeLabels = this.labels(`a\u0000${routeKey}`, route);
    this.attempts.set(routeLabels, (this.attempts.get(routeLabels) ?? 0) + entry.attempts);
    for (const [type, value] of [["input", entry.inputTokens], ["output", entry.outputTokens], ["cache_read", entry.cacheReadTokens], ["cache_write", entry.cacheWriteTokens]] as const) {
      if (value <= 0) continue;
      const labels = this.labels(`t\u0000${routeKey}\u0000${type}`, () => ({ ...route(), type }));
      this.tokens.set(labels, (this.tokens.get(labels) ?? 0) + value);
    }
    observeHistogram(this.latency, routeLabels, entry.latencyMs / 1000);
    if (entry.ttfbMs !== undefined) observeHistogram(this.ttfb, routeLabels, entry.ttfbMs / 1000);
  }

  render(health: readonly HealthEntry[], now: number): string {
    const lines: string[] = [];
    const counter = (name: string, help: string, values: Map<string, number>) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`);
      for (const [labels, value] of values) lines.push(`${name}{${labels}} ${value}`);
    };
    counter("ccproxy_requests_total", "Requests answered, by group, alias, provider, client protocol, HTTP status and outcome.", this.requests);
    counter("ccproxy_upstream_attempts_total", "Upstream attempts made (failover included).", this.attempts);
    counter("ccproxy_tokens_total", "Tokens reported by upstreams, by type.", this.tokens);
    renderHistogram(lines, "ccproxy_request_duration_seconds", "Time from request to the last byte answered.", this.latency);
    renderHistogram(lines, "ccproxy_time_to_first_byte_seconds", "Time from request to the first byte answered.", this.ttfb);
    lines.push("# HELP ccproxy_upstream_resting Upstream targets and keys resting after failures (1 = skipped until the cooldown ends).", "# TYPE ccproxy_upstream_resting gauge");
    for (const entry of health) lines.push(`ccproxy_upstream_resting{id="${escapeLabel(entry.id)}",status="${entry.status ?? ""}"} 1`);
    lines.push("# HELP ccproxy_upstream_resting_seconds Seconds until a resting target or key is tried again (-1: taken out).", "# TYPE ccproxy_upstream_resting_seconds gauge");
    for (const entry of health) lines.push(`ccproxy_upstream_resting_seconds{id="${escapeLabel(entry.id)}"} ${entry.until === Number.POSITIVE_INFINITY ? -1 : Math.max(0, (entry.until - now) / 1000).toFixed(1)}`);
    lines.push("# HELP ccproxy_uptime_seconds Seconds since ccproxy started.", "# TYPE ccproxy_uptime_seconds gauge", `ccproxy_uptime_seconds ${((now - this.startedAt) / 1000).toFixed(0)}`);
    return lines.join("\n") + "\n";
  }
}

function observeHistogram(map: Map<string, Histogram>, labels: string, value: number): void {
  let histogram = map.get(labels);
  if (!histogram) {
    histogram = { labels, counts: LATENCY_BUCKETS.map(() => 0), sum: 0, count: 0 };
    map.set(labels, histogram);
  }
  for (let i = 0; i < LATENCY_BUCKETS.length; i++) if (value <= LATENCY_BUCKETS[i]!) histogram.counts[i]!++;
  histogram.sum += value;
  histogram.count++;
}

function renderHistogram(lines: string[], name: string, help: string, map: Map<string, Histogram>): void {
  lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} histogram`);
  for (const histogram of map.values()) {
    LATENCY_BUCKETS.forEach((bound, i) => lines.push(`${name}_bucket{${histogram.labels},le="${bound}"} ${histogram.counts[i]}`));
    lines.push(`${name}_bucket{${histogram.labels},le="+Inf"} ${histogram.count}`, `${name}_sum{${histogram.labels}} ${histogram.sum.toFixed(6)}`, `${name}_count{${histogram.labels}} ${histogram.count}`);
  }
}
