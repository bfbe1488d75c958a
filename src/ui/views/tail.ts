// In charge of the live tail: the latest requests, polled from GET /admin/logs every 2 s while visible, with a pause button.
import type { RequestLogEntry } from "../../store/types.ts";
import type { AdminApi } from "../api.ts";
import { badge, errorBox, fill, h, messageOf, openDialog } from "../dom.ts";
import { formatClock, formatMs, formatRoute, formatTokens, statusTone } from "../format.ts";

export const TAIL_LIMIT = 50;
export const TAIL_INTERVAL_MS = 2000;

/**
 * Polling rather than SSE: one cheap indexed query every 2 s, only while the overview is on
 * screen and the tab visible; it needs no long-lived connection through reverse proxies.
 */
export function createTail(api: AdminApi, onNewTraffic: () => void) {
  const body = h("tbody", {});
  const status = h("span", { class: "muted" }, "Not started");
  const pause = h("button", { type: "button", class: "small", "aria-pressed": "false" }, "Pause");
  const errors = errorBox();
  const element = h(
    "section",
    { class: "card tail", "aria-labelledby": "tail-title" },
    h("div", { class: "section-head" }, h("h2", { id: "tail-title" }, "Live requests"), h("div", { class: "inline center" }, status, pause)),
    errors.element,
    h("div", { class: "table-scroll" }, h("table", { class: "log-table" }, h("caption", { class: "visually-hidden" }, `The ${TAIL_LIMIT} latest requests, newest first`), h("thead", {}, h("tr", {}, ["Time", "Status", "Group", "Model → target", "Tokens", "Latency"].map((label) => h("th", { scope: "col" }, label)))), body)),
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let paused = false;
  let lastSignature: string | null = null;

  async function poll(): Promise<void> {
    timer = undefined;
    if (!running || paused) return;
    if (document.visibilityState === "visible") {
      try {
        const { logs } = await api.logs(TAIL_LIMIT);
        errors.clear();
        const signature = logs.map((entry) => entry.id).join(",");
        if (signature !== lastSignature) {
          if (lastSignature !== null) onNewTraffic();
          lastSignature = signature;
          render(logs);
        }
        status.textContent = `Updated ${formatClock(Date.now(), Date.now())}`;
      } catch (error) {
        errors.show(`Could not load the latest requests: ${messageOf(error)}`);
      }
    }
    if (running && !paused) timer = setTimeout(poll, TAIL_INTERVAL_MS);
  }

  function render(logs: RequestLogEntry[]): void {
    const now = Date.now();
    if (!logs.length) {
      fill(body, h("tr", {}, h("td", { colspan: 6, class: "muted" }, "No requests yet. Point a client at ccproxy (Connect tab) and they appear here.")));
      return;
    }
    fill(
      body,
      logs.map((entry) =>
        h(
          "tr",
          { "data-id": entry.id },
          h("td", {}, h("button", { type: "button", class: "link", "aria-label": `Details of request ${entry.id} at ${formatClock(entry.time, now)}`, onclick: () => showDetails(api, entry.id) }, formatClock(entry.time, now))),
          h("td", {}, badge(String(entry.status), statusTone(entry.status))),
          h("td", {}, entry.group),
          h("td", { class: "route" }, formatRoute(entry), entry.compat ? badge("compat", "info") : null),
          h("td", { class: "nowrap" }, formatTokens(entry)),
          h("td", { class: "num" }, formatMs(entry.latencyMs)),
        ),
      ),
    );
  }

  function setPaused(value: boolean): void {
    paused = value;
    pause.textContent = paused ? "Resume" : "Pause";
    pause.setAttribute("aria-pressed", String(paused));
    status.textContent = paused ? "Paused" : "Resuming…";
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (!paused && running) void poll();
  }
  pause.addEventListener("click", () => setPaused(!paused));

  const onVisibility = () => {
    if (document.visibilityState === "visible" && running && !paused && !timer) void poll();
  };

  return {
    element,
    start(): void {
      if (running) return;
      running = true;
      document.addEventListener("visibilitychange", onVisibility);
      void poll();
    },
    stop(): void {
      running = false;
      document.removeEventListener("visibilitychange", onVisibility);
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}

/** One request in full (GET /admin/logs/:id), bodies included when log_requests is on. */
async function showDetails(api: AdminApi, id: string): Promise<void> {
  const content = h("div", { class: "details" }, h("p", { class: "muted" }, "Loading…"));
  openDialog(`Request ${id}`, [content], { wide: true });
  try {
    const entry = await api.log(id);
    const { requestBody, responseBody, ...fields } = entry;
    const rows = Object.entries(fields).map(([name, value]) => h("div", {}, h("dt", {}, name), h("dd", {}, name === "time" ? new Date(Number(value)).toISOString() : String(value))));
    fill(
      content,
      h("dl", { class: "fields" }, rows),
      requestBody ? [h("h3", {}, "Request body"), h("pre", {}, requestBody)] : h("p", { class: "muted" }, "Bodies are stored only with [server].log_requests = true."),
      responseBody ? [h("h3", {}, "Response body"), h("pre", {}, responseBody)] : null,
    );
  } catch (error) {
    fill(content, h("p", { class: "error-box", role: "alert" }, messageOf(error)));
  }
}
