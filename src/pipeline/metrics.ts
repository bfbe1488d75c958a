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

/** Everything counted for one (group, alias, provider). */
interface RouteMetrics {
  labels: string;
  /** client protocol → status → outcome → counter (with its label text). */
  requests: Map<string, Map<number, Map<string, Counter>>>;
  attempts: number;
  tokens: Record<TokenType, number>;
  latency: Histogram;
  ttfb: Histogram;
}

interface Counter {
  labels: string;
  value: number;
}

type TokenType = "input" | "output" | "cache_read" | "cache_write";
const TOKEN_TYPES: readonly TokenType[] = ["input", "output", "cache_read", "cache_write"];
const ROUTE_LIMIT = 50_000;

/** Map<K, V>.get or create: nested maps keyed by the entry's own strings need no key built per request. */
function child<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}

export class Metrics {
  /** group → alias → provider → counters. observe() runs on every request: no strings are built once a route is known. */
  private readonly routes = new Map<string, Map<string, Map<string, RouteMetrics>>>();
  private routeCount = 0;
  private readonly startedAt = Date.now();

  private route(entry: RequestLogEntry): RouteMetrics {
    const provider = entry.provider ?? "";
    const byProvider = child(child(this.routes, entry.group, () => new Map()), entry.alias, () => new Map<string, RouteMetrics>());
    let route = byProvider.get(provider);
    if (route === undefined) {
      // Aliases come from the client (wildcards): a bound keeps a hostile client from growing this forever.
      if (this.routeCount >= ROUTE_LIMIT) {
        this.routes.clear();
        this.routeCount = 0;
        return this.route(entry);
      }
      const labels = labelText({ group: entry.group, alias: entry.alias, provider });
      route = { labels, requests: new Map(), attempts: 0, tokens: { input: 0, output: 0, cache_read: 0, cache_write: 0 }, latency: histogram(labels), ttfb: histogram(labels) };
      byProvider.set(provider, route);
      this.routeCount++;
    }
    return route;
  }

  observe(entry: RequestLogEntry): void {
    const route = this.route(entry);
    const byStatus = child(route.requests, entry.clientProtocol, () => new Map<number, Map<string, Counter>>());
    const byOutcome = child(byStatus, entry.status, () => new Map<string, Counter>());
    const counter = child(byOutcome, entry.outcome, () => ({
      labels: `${route.labels},${labelText({ client: entry.clientProtocol, status: String(entry.status), outcome: entry.outcome })}`,
      value: 0,
    }));
    counter.value++;
    route.attempts += entry.attempts;
    route.tokens.input += Math.max(0, entry.inputTokens);
    route.tokens.output += Math.max(0, entry.outputTokens);
    route.tokens.cache_read += Math.max(0, entry.cacheReadTokens);
    route.tokens.cache_write += Math.max(0, entry.cacheWriteTokens);
    observeHistogram(route.latency, entry.latencyMs / 1000);
    if (entry.ttfbMs !== undefined) observeHistogram(route.ttfb, entry.ttfbMs / 1000);
  }

  private *allRoutes(): Generator<RouteMetrics> {
    for (const byAlias of this.routes.values()) for (const byProvider of byAlias.values()) yield* byProvider.values();
  }

  render(health: readonly HealthEntry[], now: number): string {
    const lines: string[] = [];
    const routes = [...this.allRoutes()];
    const header = (name: string, help: string, type: string) => lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    header("ccproxy_requests_total", "Requests answered, by group, alias, provider, client protocol, HTTP status and outcome.", "counter");
    for (const route of routes) {
      for (const byStatus of route.requests.values()) {
        for (const byOutcome of byStatus.values()) for (const counter of byOutcome.values()) lines.push(`ccproxy_requests_total{${counter.labels}} ${counter.value}`);
      }
    }
    header("ccproxy_upstream_attempts_total", "Upstream attempts made (failover included).", "counter");
    for (const route of routes) lines.push(`ccproxy_upstream_attempts_total{${route.labels}} ${route.attempts}`);
    header("ccproxy_tokens_total", "Tokens reported by upstreams, by type.", "counter");
    for (const route of routes) {
      for (const type of TOKEN_TYPES) if (route.tokens[type] > 0) lines.push(`ccproxy_tokens_total{${route.labels},type="${type}"} ${route.tokens[type]}`);
    }
    renderHistogram(lines, "ccproxy_request_duration_seconds", "Time from request to the last byte answered.", routes.map((route) => route.latency));
    renderHistogram(lines, "ccproxy_time_to_first_byte_seconds", "Time from request to the first byte answered.", routes.map((route) => route.ttfb).filter((h) => h.count > 0));
    lines.push("# HELP ccproxy_upstream_resting Upstream targets and keys resting after failures (1 = skipped until the cooldown ends).", "# TYPE ccproxy_upstream_resting gauge");
    for (const entry of health) lines.push(`ccproxy_upstream_resting{id="${escapeLabel(entry.id)}",status="${entry.status ?? ""}"} 1`);
    lines.push("# HELP ccproxy_upstream_resting_seconds Seconds until a resting target or key is tried again (-1: taken out).", "# TYPE ccproxy_upstream_resting_seconds gauge");
    for (const entry of health) lines.push(`ccproxy_upstream_resting_seconds{id="${escapeLabel(entry.id)}"} ${entry.until === Number.POSITIVE_INFINITY ? -1 : Math.max(0, (entry.until - now) / 1000).toFixed(1)}`);
    lines.push("# HELP ccproxy_uptime_seconds Seconds since ccproxy started.", "# TYPE ccproxy_uptime_seconds gauge", `ccproxy_uptime_seconds ${((now - this.startedAt) / 1000).toFixed(0)}`);
    return lines.join("\n") + "\n";
  }
}

function histogram(labels: string): Histogram {
  return { labels, counts: LATENCY_BUCKETS.map(() => 0), sum: 0, count: 0 };
}

function observeHistogram(histogram: Histogram, value: number): void {
  for (let i = 0; i < LATENCY_BUCKETS.length; i++) if (value <= LATENCY_BUCKETS[i]!) histogram.counts[i]!++;
  histogram.sum += value;
  histogram.count++;
}

function renderHistogram(lines: string[], name: string, help: string, histograms: readonly Histogram[]): void {
  lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} histogram`);
  for (const histogram of histograms) {
    LATENCY_BUCKETS.forEach((bound, i) => lines.push(`${name}_bucket{${histogram.labels},le="${bound}"} ${histogram.counts[i]}`));
    lines.push(`${name}_bucket{${histogram.labels},le="+Inf"} ${histogram.count}`, `${name}_sum{${histogram.labels}} ${histogram.sum.toFixed(6)}`, `${name}_count{${histogram.labels}} ${histogram.count}`);
  }
}
