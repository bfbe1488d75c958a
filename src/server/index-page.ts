// In charge of the small HTML page at `/`: where things are, which groups exist, whether auth is on.
import type { Runtime } from "../config/runtime.ts";

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function indexPage(runtime: Runtime, origin: string, version: string): string {
  const { config, groups } = runtime.snapshot;
  const rows = [...groups.values()]
    .map((group) => `<tr><td><code>${escape(group.name)}</code>${group.name === runtime.activeGroup ? " (active)" : ""}</td><td>${group.aliases.map((alias) => `<code>${escape(alias.alias)}</code> → ${alias.targets.map((target) => `<code>${escape(target)}</code>`).join(", ")}`).join("<br>")}</td><td><code>${escape(origin)}/${escape(group.name)}</code></td></tr>`)
    .join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>ccproxy</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left;vertical-align:top}code{background:#f4f4f4;padding:0 .2rem}</style></head>
<body><h1>ccproxy ${escape(version)}</h1>
<p>Any AI client to any AI model. Dashboard: <a href="/ui">/ui</a>${config.server.admin_key ? "" : " (needs an admin key)"}. API docs: <a href="/swagger">/swagger</a> (OpenAPI: <a href="/swagger/json">/swagger/json</a>). Health: <a href="/healthz">/healthz</a>.</p>
<p>Client access keys: <strong>${runtime.snapshot.keys.size > 0 ? "required" : "not required (open proxy on loopback)"}</strong>. Admin API: <strong>${config.server.admin_key ? "enabled" : "disabled"}</strong>.</p>
<h2>Base URLs</h2><ul>
<li>OpenAI SDK: <code>${escape(origin)}/v1</code></li>
<li>Claude Code: <code>ANTHROPIC_BASE_URL=${escape(origin)}</code></li>
<li>Gemini: <code>${escape(origin)}</code> (REST <code>/v1beta/models/{model}:generateContent</code>)</li>
<li>Ollama clients: <code>${escape(origin)}</code></li>
<li>Tool compatibility mode: add <code>/compat_mode</code> (e.g. <code>${escape(origin)}/compat_mode/v1</code>)</li></ul>
<h2>Groups</h2><table><thead><tr><th>group</th><th>aliases → targets</th><th>base URL</th></tr></thead><tbody>${rows}</tbody></table>
</body></html>`;
}
