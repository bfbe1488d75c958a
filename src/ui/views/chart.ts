// In charge of one time-series chart: a uPlot canvas that follows its container's width, plus the same data as a table.
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { h, fill } from "../dom.ts";
import { formatClock } from "../format.ts";

export interface ChartSeries {
  label: string;
  values: (number | null)[];
  /** Palette slot; dashed lines tell series apart without colour. */
  color: number;
  dash?: boolean;
}

export interface ChartData {
  /** Bucket starts, epoch seconds. */
  x: number[];
  series: ChartSeries[];
}

/** Mid-tone colours readable on light and dark backgrounds. */
const PALETTE = ["#2f74c0", "#d9480f", "#2b8a3e", "#ae3ec9", "#c92a6d", "#1098ad", "#868e96"];
const HEIGHT = 180;
const COUNT_INCREMENTS = Array.from({ length: 13 }, (_, power) => [1, 2, 5].map((step) => step * 10 ** power)).flat();

/** Values with no neighbour (one busy minute in an idle hour) draw no line; uPlot draws only these as dots. */
function isolatedPoints(values: ArrayLike<number | null | undefined>): number[] | null {
  const indices: number[] = [];
  for (let index = 0; index < values.length; index++) {
    if (values[index] != null && (index === 0 || values[index - 1] == null) && (index === values.length - 1 || values[index + 1] == null)) indices.push(index);
  }
  return indices.length ? indices : null;
}

const cssVariable = (name: string, fallback: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;

/**
 * The chart is drawn for sighted mouse users; the <details> table under it carries the same
 * numbers for screen readers, keyboard users and tests (only buckets with data, to stay short).
 */
export function createChart(title: string, formatValue: (value: number) => string, options: { counts?: boolean } = {}) {
  const plotArea = h("div", { class: "plot", "aria-hidden": "true" });
  const table = h("table", { class: "data" });
  const summary = h("summary", {}, "Show data as a table");
  const element = h("figure", { class: "chart card" }, h("figcaption", {}, title), plotArea, h("details", {}, summary, table));
  let plot: uPlot | null = null;
  let signature = "";

  const width = () => Math.max(plotArea.clientWidth, 240);

  function build(data: ChartData): void {
    plot?.destroy();
    const axisColor = cssVariable("--muted", "#555");
    const gridColor = cssVariable("--grid", "#e5e5e5");
    const axis = { stroke: axisColor, grid: { stroke: gridColor, width: 1 }, ticks: { stroke: gridColor, width: 1 } };
    plot = new uPlot(
      {
        width: width(),
        height: HEIGHT,
        series: [{}, ...data.series.map((series) => ({ label: series.label, stroke: PALETTE[series.color % PALETTE.length], width: 2, dash: series.dash ? [6, 4] : undefined, value: (_: uPlot, value: number | null) => (value === null ? "–" : formatValue(value)), points: { size: 6, filter: (self: uPlot, index: number, show: boolean) => (show ? null : isolatedPoints(self.data[index])) } }))],
        // Counts get whole-number ticks: "0.5 requests" reads as a rounding bug.
        axes: [axis, { ...axis, size: 56, values: (_: uPlot, ticks: number[]) => ticks.map(formatValue), incrs: options.counts ? COUNT_INCREMENTS : undefined }],
        scales: { y: { range: (_: uPlot, min: number, max: number) => [0, Math.max(max, min, 1) * 1.1] } },
        cursor: { drag: { x: false, y: false } },
      },
      [data.x, ...data.series.map((series) => series.values)],
      plotArea,
    );
  }

  function renderTable(data: ChartData): void {
    const now = Date.now();
    const rows = data.x
      .map((time, index) => ({ time, values: data.series.map((series) => series.values[index]) }))
      .filter((row) => row.values.some((value) => value !== null && value !== 0));
    fill(
      table,
      h("caption", {}, `${title}: buckets with traffic (${rows.length})`),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Bucket start"), data.series.map((series) => h("th", { scope: "col" }, series.label)))),
      h("tbody", {}, rows.length ? rows.map((row) => h("tr", {}, h("th", { scope: "row" }, formatClock(row.time * 1000, now)), row.values.map((value) => h("td", { "data-value": value ?? "" }, value === null ? "–" : formatValue(value))))) : h("tr", {}, h("td", { colspan: data.series.length + 1 }, "No requests in this range."))),
    );
  }

  // uPlot draws at a fixed size; follow the container (phones rotate, sidebars open).
  const resize = new ResizeObserver(() => plot?.setSize({ width: width(), height: HEIGHT }));
  resize.observe(plotArea);
  // Canvas colours are read once from the CSS; redraw when the system switches light/dark.
  let lastData: ChartData | null = null;
  matchMedia("(prefers-color-scheme: dark)").addEventListener("change", () => {
    if (lastData) build(lastData);
  });

  return {
    element,
    update(data: ChartData): void {
      const nextSignature = data.series.map((series) => series.label).join("\u0000");
      // Same series: only new data (keeps the legend and cursor). Different series: a new chart.
      if (plot && nextSignature === signature) plot.setData([data.x, ...data.series.map((series) => series.values)]);
      else build(data);
      signature = nextSignature;
      lastData = data;
      renderTable(data);
    },
  };
}
