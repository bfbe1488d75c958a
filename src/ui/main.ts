// In charge of starting the dashboard: admin-key sign-in (session only), the tabbed shell, and hash routing between views.
import "./style.css";
import { AdminApi, probeAdmin } from "./api.ts";
import type { AppContext, View, ViewId } from "./context.ts";
import { errorBox, fill, h, messageOf } from "./dom.ts";
import { createConnect } from "./views/connect.ts";
import { createGroups } from "./views/groups.ts";
import { createKeys } from "./views/keys.ts";
import { createOverview } from "./views/overview.ts";
import { createProviders } from "./views/providers.ts";

/** sessionStorage: the key lives as long as this tab, never on disk across browser restarts. */
const KEY_STORAGE = "ccproxy.adminKey";
const root = document.getElementById("app")!;
/** Stops the signed-in shell's timers (live tail, chart refresh) when it goes away. */
let stopShell: (() => void) | undefined;

async function start(): Promise<void> {
  let state: Awaited<ReturnType<typeof probeAdmin>>;
  try {
    state = await probeAdmin();
  } catch (error) {
    return showFatal(`ccproxy did not answer: ${messageOf(error)}`);
  }
  if (state === "disabled") return showDisabled();
  const saved = sessionStorage.getItem(KEY_STORAGE);
  if (!saved) return showSignIn();
  try {
    await new AdminApi(saved).activeGroup();
    showShell(saved);
  } catch (error) {
    sessionStorage.removeItem(KEY_STORAGE);
    showSignIn(messageOf(error));
  }
}

function centered(...children: Node[]): void {
  fill(root, h("main", { class: "centered", id: "main" }, h("div", { class: "card narrow" }, h("h1", {}, "ccproxy dashboard"), ...children)));
}

function showFatal(message: string): void {
  centered(h("p", { class: "error-box", role: "alert" }, message), h("button", { type: "button", onclick: () => location.reload() }, "Try again"));
}

function showDisabled(): void {
  centered(
    h("p", {}, "The admin API is turned off, so the dashboard cannot sign in. Give ccproxy an admin key, restart it, then sign in here with that key."),
    h("p", {}, "From a shell:"),
    h("pre", {}, h("code", {}, "export CCPROXY_ADMIN_KEY=$(openssl rand -hex 24)\necho \"$CCPROXY_ADMIN_KEY\"   # keep it: you sign in with it\nccproxy")),
    h("p", {}, "As a systemd service: add a line to /etc/ccproxy/ccproxy.env, then systemctl restart ccproxy:"),
    h("pre", {}, h("code", {}, "CCPROXY_ADMIN_KEY=<a long random value>")),
    h("p", { class: "muted" }, 'Or in config.toml: [server] admin_key = "env:CCPROXY_ADMIN_KEY" (or the key itself).'),
  );
  document.title = "ccproxy dashboard: admin API disabled";
}

function showSignIn(problem?: string): void {
  const input = h("input", { id: "admin-key", name: "admin-key", type: "password", autocomplete: "current-password", required: true, spellcheck: "false", "aria-describedby": "admin-key-hint" });
  const errors = errorBox();
  const submit = h("button", { type: "submit", class: "primary" }, "Sign in");
  const form = h(
    "form",
    { class: "signin", novalidate: true },
    h("div", { class: "field" }, h("label", { for: "admin-key" }, "Admin key"), input, h("small", { id: "admin-key-hint", class: "hint" }, "The [server].admin_key of this ccproxy. Kept in this tab's session only: closing the tab forgets it.")),
    errors.element,
    h("div", { class: "actions" }, submit),
  );
  centered(form);
  if (problem) errors.show(problem);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const key = input.value.trim();
    if (!key) return errors.show("Enter the admin key.");
    submit.disabled = true;
    try {
      await new AdminApi(key).activeGroup();
      sessionStorage.setItem(KEY_STORAGE, key);
      showShell(key);
    } catch (error) {
      errors.show(messageOf(error));
      submit.disabled = false;
      input.focus();
    }
  });
  document.title = "Sign in: ccproxy dashboard";
  input.focus();
}

function signOut(message?: string): void {
  stopShell?.();
  stopShell = undefined;
  sessionStorage.removeItem(KEY_STORAGE);
  showSignIn(message);
}

/**
 * Tabs follow the WAI-ARIA tabs pattern: one tab stop, arrows/Home/End move between tabs. Each tab
 * is a link to #<view>, so the address bar, reload and back all work; `select` marks the shown one.
 */
function createTabs(views: View[]) {
  const tabs = views.map((view) => h("a", { href: `#${view.id}`, role: "tab", id: `tab-${view.id}`, "aria-controls": `panel-${view.id}`, "aria-selected": "false", tabindex: -1 }, view.label));
  const element = h("nav", { role: "tablist", "aria-label": "Dashboard sections", class: "tabs" }, tabs);
  for (const view of views) {
    view.panel.id = `panel-${view.id}`;
    view.panel.setAttribute("role", "tabpanel");
    view.panel.setAttribute("aria-labelledby", `tab-${view.id}`);
    view.panel.hidden = true;
  }
  element.addEventListener("keydown", (event) => {
    const index = tabs.indexOf(document.activeElement as HTMLAnchorElement);
    if (index === -1) return;
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const target = tabs[(next + tabs.length) % tabs.length];
    target.focus();
    target.click();
  });
  return {
    element,
    select(shown: View): void {
      tabs.forEach((tab, index) => {
        const selected = views[index] === shown;
        tab.setAttribute("aria-selected", String(selected));
        tab.tabIndex = selected ? 0 : -1;
        views[index].panel.hidden = !selected;
      });
    },
  };
}

function showShell(key: string): void {
  const api = new AdminApi(key);
  let alive = true;
  // Late answers of a shell already signed out must not reset the sign-in form.
  api.onUnauthorized = () => {
    if (alive) signOut("The admin key was refused (it may have changed). Sign in again.");
  };
  const activeLabel = h("a", { href: "#groups", class: "active-group", title: "The group /switch routes use" });
  const context: AppContext = {
    api,
    origin: location.origin,
    navigate: (id, params) => {
      location.hash = params ? `${id}?${new URLSearchParams(params)}` : id;
    },
    activeGroupChanged: (group) => fill(activeLabel, "Active: ", h("strong", {}, group)),
  };
  const views: View[] = [createOverview(context), createGroups(context), createKeys(context), createProviders(context), createConnect(context)];
  const tabs = createTabs(views);
  fill(
    root,
    h("a", { href: "#main", class: "skip" }, "Skip to content"),
    h("header", { class: "top" }, h("div", { class: "brand" }, "ccproxy"), tabs.element, h("div", { class: "top-actions" }, activeLabel, h("a", { href: "/swagger" }, "API docs"), h("button", { type: "button", class: "small", onclick: () => signOut() }, "Sign out"))),
    h("main", { id: "main", tabindex: -1 }, views.map((view) => view.panel)),
  );

  let current: View | undefined;
  const route = () => {
    const [name, query] = location.hash.replace(/^#/, "").split("?");
    const view = views.find((candidate) => candidate.id === (name as ViewId)) ?? views[0];
    if (current && current !== view) current.hide();
    tabs.select(view);
    current = view;
    document.title = `${view.label}: ccproxy dashboard`;
    view.show(new URLSearchParams(query ?? ""));
  };
  window.addEventListener("hashchange", route);
  stopShell = () => {
    alive = false;
    window.removeEventListener("hashchange", route);
    current?.hide();
  };
  route();
  void api.activeGroup().then((answer) => context.activeGroupChanged(answer.group), () => {});
}

void start();
