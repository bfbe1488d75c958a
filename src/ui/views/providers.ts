// In charge of the Providers tab: protocol, base URL, masked keys, health/cooldown per key and target; MCP servers and their tools; reload config.toml.
import { ApiError, type HealthState, type McpServerStatus, type ProviderStatus } from "../api.ts";
import type { AppContext, View } from "../context.ts";
import { badge, errorBox, fill, h, messageOf } from "../dom.ts";
import { formatMs } from "../format.ts";

const stateBadge = (state: HealthState) => (state.state === "ok" ? badge("healthy", "ok") : state.state === "cooldown" ? badge("cooling down", "warn") : badge("disabled", "error"));

/** "until 14:05:00 · 3 failures · 429 rate limited", or "" when healthy. */
function healthDetail(state: HealthState): string {
  if (state.state === "ok") return "";
  return [state.until ? `until ${new Date(state.until).toLocaleTimeString()}` : "until reload", state.failures ? `${state.failures} failure${state.failures === 1 ? "" : "s"}` : null, [state.status, state.reason].filter(Boolean).join(" ")].filter(Boolean).join(" · ");
}

export function createProviders(context: AppContext): View {
  const { api } = context;
  const errors = errorBox();
  const list = h("div", { class: "provider-list" });
  const mcpList = h("div", {});
  const reload = h("button", { type: "button" }, "Reload config.toml");
  const reloadStatus = h("span", { role: "status", class: "muted" });
  const reloadErrors = errorBox();
  const panel = h(
    "div",
    { class: "view" },
    h("div", { class: "section-head" }, h("h2", {}, "Providers"), h("div", { class: "inline center" }, reloadStatus, reload)),
    h("p", { class: "muted" }, "Providers are declared in config.toml; after editing it, reload here (or send SIGHUP). Keys are always masked."),
    reloadErrors.element,
    errors.element,
    list,
    h("section", { "aria-labelledby": "mcp-title" }, h("h2", { id: "mcp-title" }, "MCP servers"), mcpList),
  );

  async function load(): Promise<void> {
    try {
      renderProviders(await api.providers());
      errors.clear();
    } catch (error) {
      errors.show(`Could not load providers: ${messageOf(error)}`);
    }
    try {
      renderMcp((await api.mcp()).servers);
    } catch (error) {
      fill(mcpList, h("p", { class: "muted" }, error instanceof ApiError && error.status === 404 ? "This ccproxy has no MCP endpoint." : `Could not load MCP servers: ${messageOf(error)}`));
    }
  }

  function renderProviders(providers: ProviderStatus[]): void {
    if (!providers.length) {
      fill(list, h("p", { class: "muted" }, "No providers configured. Add [[providers]] to config.toml and reload."));
      return;
    }
    fill(
      list,
      providers.map((provider) =>
        h(
          "article",
          { class: "card", "aria-labelledby": `provider-${provider.id}`, "data-provider": provider.id },
          h("h3", { id: `provider-${provider.id}` }, provider.id),
          h("dl", { class: "fields" }, [["Protocol", provider.protocol], ["Base URL", provider.base_url], ["Tools", provider.tools], ["Timeout", formatMs(provider.timeout_ms)]].map(([name, value]) => h("div", {}, h("dt", {}, name), h("dd", {}, name === "Base URL" ? h("code", {}, value) : value)))),
          healthTable("API keys", ["Key", "State", "Detail"], provider.keys.map((key) => [h("code", {}, key.key || "(none)"), stateBadge(key), healthDetail(key)]), "No API keys (the upstream needs none)."),
          healthTable("Targets used by groups", ["Model", "State", "Detail"], provider.targets.map((target) => [h("code", {}, target.model), stateBadge(target), healthDetail(target)]), "No group routes to this provider."),
        ),
      ),
    );
  }

  function healthTable(title: string, headers: string[], rows: (Node | string)[][], empty: string): HTMLElement {
    if (!rows.length) return h("p", { class: "muted" }, empty);
    return h("div", { class: "table-scroll" }, h("table", { class: "data wide" }, h("caption", {}, title), h("thead", {}, h("tr", {}, headers.map((header) => h("th", { scope: "col" }, header)))), h("tbody", {}, rows.map((cells) => h("tr", {}, cells.map((cell) => h("td", {}, cell)))))));
  }

  function renderMcp(servers: McpServerStatus[]): void {
    if (!servers.length) {
      fill(mcpList, h("p", { class: "muted" }, "No MCP servers configured ([[mcp_servers]] in config.toml)."));
      return;
    }
    fill(
      mcpList,
      servers.map((server) =>
        h(
          "article",
          { class: "card", "data-mcp": server.name },
          h("h3", {}, server.name, " ", badge(server.state, server.state === "ready" ? "ok" : server.state === "down" ? "error" : "muted")),
          h("dl", { class: "fields" }, [["Transport", server.transport], ["Target", server.target], ["Restarts", String(server.restarts)], ["Last error", server.lastError ?? "none"]].map(([name, value]) => h("div", {}, h("dt", {}, name), h("dd", {}, value)))),
          server.tools.length
            ? h("details", {}, h("summary", {}, `${server.tools.length} tool${server.tools.length === 1 ? "" : "s"}`), h("ul", { class: "tools" }, server.tools.map((tool) => h("li", {}, h("code", {}, tool.name), tool.name !== tool.original ? ` (${tool.original})` : ""))))
            : h("p", { class: "muted" }, "No tools."),
        ),
      ),
    );
  }

  reload.addEventListener("click", async () => {
    reloadErrors.clear();
    reloadStatus.textContent = "Reloading…";
    reload.disabled = true;
    try {
      const answer = await api.reload();
      reloadStatus.textContent = `Reloaded: ${answer.providers.length} providers, ${answer.groups.length} groups.`;
      await load();
    } catch (error) {
      reloadStatus.textContent = "";
      reloadErrors.show(messageOf(error));
    } finally {
      reload.disabled = false;
    }
  });

  return { id: "providers", label: "Providers", panel, show: () => void load(), hide() {} };
}
