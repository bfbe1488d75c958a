// In charge of the Overview tab: range and breakdown pickers, totals, charts over time, a breakdown table and the live tail.
import type { StatsDimension, StatsRow, TimeseriesRow } from "../../store/types.ts";
import type { AppContext, View } from "../context.ts";
import { errorBox, field, fill, h, messageOf } from "../dom.ts";
import { formatCount, formatMs, formatRatio } from "../format.ts";
import { customRange, presetRange, RANGE_PRESETS, seriesColumns, sumRows, totalsColumns, type TimeRange, type Totals } from "../series.ts";
import { createChart } from "./chart.ts";
import { createTail } from "./tail.ts";

type Breakdown = Exclude<StatsDimension, "day">;
const BREAKDOWNS: { value: Breakdown; label: string }[] = [
  { value: "alias", label: "Model asked (alias)" },
  { value: "provider", label: "Provider" },
  { value: "model", label: "Upstream model" },
  { value: "key", label: "Access key" },
];
/** Charts follow the clock even without traffic: the range "last hour" moves. */
const REFRESH_MS = 30_000;

/** "2025-01-15T14:03" in local time, what datetime-local inputs hold. */
const localInput = (ms: number) => new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 16);

/** The toolbar: a preset or custom range, and what to break the figures down by. */
function createPickers(onChange: () => void) {
  const range = h("select", { name: "range" }, RANGE_PRESETS.map((preset) => h("option", { value: preset.id, selected: preset.id === "1h" }, preset.label)), h("option", { value: "custom" }, "Custom range…"));
  const from = field("From", h("input", { type: "datetime-local", name: "from" }));
  const to = field("To", h("input", { type: "datetime-local", name: "to" }));
  const by = h("select", { name: "by" }, BREAKDOWNS.map((option) => h("option", { value: option.value }, option.label)));
  const custom = h("div", { class: "custom-range", hidden: true }, from.element, to.element);
  const element = h("form", { class: "toolbar card", "aria-label": "Time range and breakdown" }, field("Time range", range).element, custom, field("Break down by", by).element, h("div", { class: "field end" }, h("button", { type: "submit" }, "Refresh")));
  range.addEventListener("change", () => {
    custom.hidden = range.value !== "custom";
    if (range.value === "custom" && !from.control.value) {
      from.control.value = localInput(Date.now() - 3_600_000);
      to.control.value = localInput(Date.now());
    }
    onChange();
  });
  for (const control of [by, from.control, to.control]) control.addEventListener("change", onChange);
  element.addEventListener("submit", (event) => {
    event.preventDefault();
    onChange();
  });
  return {
    element,
    isCustom: () => range.value === "custom",
    breakdown: () => by.value as Breakdown,
    breakdownLabel: () => BREAKDOWNS.find((option) => option.value === by.value)?.label.toLowerCase() ?? by.value,
    /** The chosen range, or a message (shown under "To") when the custom one cannot be used. */
    range(): TimeRange | string {
      const chosen = range.value === "custom" ? customRange(new Date(from.control.value).getTime(), new Date(to.control.value).getTime()) : presetRange(range.value, Date.now());
      to.invalid(typeof chosen === "string" ? chosen : null);
      return chosen;
    },
  };
}

function createCharts() {
  const requests = createChart("Requests and errors", formatCount, { counts: true });
  const tokens = createChart("Tokens", formatCount, { counts: true });
  const latency = createChart("Latency (p50, p95)", formatMs);
  const breakdown = createChart("Requests by model asked", formatCount, { counts: true });
  return {
    element: h("div", { class: "charts" }, requests.element, tokens.element, latency.element, breakdown.element),
    update(totalRows: TimeseriesRow[], seriesRows: TimeseriesRow[], range: TimeRange, label: string): void {
      const { x, values } = totalsColumns(totalRows, range);
      requests.update({ x, series: [{ label: "Requests", values: values.requests, color: 0 }, { label: "Errors", values: values.errors, color: 1, dash: true }] });
      tokens.update({
        x,
        series: [
          { label: "Input", values: values.inputTokens, color: 0 },
          { label: "Output", values: values.outputTokens, color: 2 },
          { label: "Cache read", values: values.cacheReadTokens, color: 3, dash: true },
          { label: "Cache write", values: values.cacheWriteTokens, color: 5, dash: true },
        ],
      });
      latency.update({ x, series: [{ label: "p50", values: values.p50LatencyMs, color: 2 }, { label: "p95", values: values.p95LatencyMs, color: 1, dash: true }] });
      const series = seriesColumns(seriesRows, range);
      breakdown.element.querySelector("figcaption")!.textContent = `Requests by ${label}`;
      breakdown.update({ x: series.x, series: series.keys.map((key, index) => ({ label: key, values: series.requests[index], color: index, dash: index % 2 === 1 })) });
    },
  };
}

function renderCards(cards: HTMLElement, totals: Totals, bucket: string): void {
  const card = (label: string, value: string, detail?: string) => h("div", { class: "stat card" }, h("div", { class: "stat-label" }, label), h("div", { class: "stat-value" }, value), detail ? h("div", { class: "stat-detail muted" }, detail) : null);
  fill(
    cards,
    card("Requests", formatCount(totals.requests), `per ${bucket} on the charts`),
    card("Errors", formatCount(totals.errors), `${formatRatio(totals.errors, totals.requests)} of requests`),
    card("Tokens in", formatCount(totals.inputTokens), "cache included"),
    card("Tokens out", formatCount(totals.outputTokens)),
    card("Cache tokens", formatCount(totals.cacheTokens), "read + write"),
  );
}

function renderBreakdown(table: HTMLTableElement, rows: StatsRow[], label: string): void {
  const headers = [label, "Requests", "Errors", "Tokens in", "Tokens out", "Cache", "p50", "p95"];
  const row = (stats: StatsRow) =>
    h(
      "tr",
      {},
      h("th", { scope: "row" }, stats.key),
      [stats.requests, stats.errors, stats.inputTokens, stats.outputTokens, stats.cacheReadTokens + stats.cacheWriteTokens].map((value) => h("td", { class: "num" }, formatCount(value))),
      h("td", { class: "num" }, formatMs(stats.p50LatencyMs)),
      h("td", { class: "num" }, formatMs(stats.p95LatencyMs)),
    );
  fill(
    table,
    h("thead", {}, h("tr", {}, headers.map((header) => h("th", { scope: "col" }, header)))),
    h("tbody", {}, rows.length ? rows.map(row) : h("tr", {}, h("td", { colspan: headers.length, class: "muted" }, "No requests in this range."))),
  );
}

export function createOverview(context: AppContext): View {
  const { api } = context;
  const pickers = createPickers(() => void load());
  const errors = errorBox();
  const cards = h("div", { class: "cards" });
  const charts = createCharts();
  const breakdownTable = h("table", { class: "data wide" });
  const breakdownTitle = h("h2", { id: "breakdown-title" }, "Breakdown");
  const tail = createTail(api, () => void load());
  const panel = h(
    "div",
    { class: "view overview" },
    pickers.element,
    errors.element,
    cards,
    charts.element,
    h("section", { class: "card", "aria-labelledby": "breakdown-title" }, breakdownTitle, h("div", { class: "table-scroll" }, breakdownTable)),
    tail.element,
  );
  let timer: ReturnType<typeof setInterval> | undefined;
  let loading = 0;

  async function load(): Promise<void> {
    const range = pickers.range();
    if (typeof range === "string") return;
    const by = pickers.breakdown();
    const ticket = ++loading;
    try {
      const [totals, perSeries, stats] = await Promise.all([api.timeseries(range.from, range.to, range.bucket), api.timeseries(range.from, range.to, range.bucket, by), api.stats(range.from, range.to, by)]);
      // A slower, older answer must not overwrite a newer one.
      if (ticket !== loading) return;
      errors.clear();
      const label = pickers.breakdownLabel();
      renderCards(cards, sumRows(totals.rows), range.bucket);
      charts.update(totals.rows, perSeries.rows, range, label);
      breakdownTitle.textContent = `Breakdown by ${label}`;
      renderBreakdown(breakdownTable, stats.rows, label);
    } catch (error) {
      if (ticket === loading) errors.show(`Could not load statistics: ${messageOf(error)}`);
    }
  }

  return {
    id: "overview",
    label: "Overview",
    panel,
    show() {
      void load();
      tail.start();
      timer ??= setInterval(() => {
        if (!pickers.isCustom() && document.visibilityState === "visible") void load();
      }, REFRESH_MS);
    },
    hide() {
      tail.stop();
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
