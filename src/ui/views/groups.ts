// In charge of the Groups tab: list groups with their aliases, create/edit/delete them, and pick the active group (/switch).
import { plainGroup, type ProviderStatus, type StoredGroup } from "../api.ts";
import type { AppContext, View } from "../context.ts";
import { badge, confirmAction, errorBox, field, fill, h, messageOf } from "../dom.ts";
import { openGroupDialog } from "./group-dialog.ts";

export function createGroups(context: AppContext): View {
  const { api } = context;
  const errors = errorBox();
  const list = h("div", { class: "group-list" });
  const newButton = h("button", { type: "button", class: "primary" }, "New group");
  const activeSelect = h("select", { name: "active-group" });
  const switchButton = h("button", { type: "submit" }, "Switch");
  const switchErrors = errorBox();
  const switchStatus = h("p", { class: "muted", role: "status" });
  const switchForm = h(
    "form",
    { class: "card switcher", "aria-labelledby": "switch-title" },
    h("h2", { id: "switch-title" }, "Active group"),
    h("p", { class: "muted" }, "Clients using a /switch/… base URL follow this group, so you can change models without touching their settings."),
    h("div", { class: "inline" }, field("Group used by /switch", activeSelect).element, h("div", { class: "field end" }, switchButton)),
    switchStatus,
    switchErrors.element,
  );
  const panel = h(
    "div",
    { class: "view" },
    switchForm,
    h("div", { class: "section-head" }, h("h2", {}, "Groups"), newButton),
    errors.element,
    list,
  );

  let groups: StoredGroup[] = [];
  let providers: ProviderStatus[] = [];
  let active = "default";

  async function load(): Promise<void> {
    try {
      const [loadedGroups, activeAnswer, loadedProviders] = await Promise.all([api.groups(), api.activeGroup(), api.providers()]);
      groups = loadedGroups;
      active = activeAnswer.group;
      providers = loadedProviders;
      errors.clear();
      render();
    } catch (error) {
      errors.show(`Could not load groups: ${messageOf(error)}`);
    }
  }

  function render(): void {
    fill(activeSelect, groups.map((group) => h("option", { value: group.name, selected: group.name === active }, group.name)));
    context.activeGroupChanged(active);
    fill(list, groups.map(groupCard));
  }

  function groupCard(group: StoredGroup): HTMLElement {
    const titleId = `group-${group.name}`;
    const edit = h("button", { type: "button", "aria-label": `Edit group ${group.name}` }, "Edit");
    edit.addEventListener("click", () => openEditor(group));
    const makeActive = h("button", { type: "button", disabled: group.name === active, "aria-label": `Make ${group.name} the active group` }, group.name === active ? "Active" : "Make active");
    makeActive.addEventListener("click", () => void switchTo(group.name));
    const settings = h("button", { type: "button", "aria-label": `Client settings for ${group.name}` }, "Client settings");
    settings.addEventListener("click", () => context.navigate("connect", { group: group.name }));
    const remove = h("button", { type: "button", class: "danger-outline", disabled: group.name === "default", "aria-label": `Delete group ${group.name}`, title: group.name === "default" ? "The default group cannot be deleted" : undefined }, "Delete");
    remove.addEventListener("click", () =>
      confirmAction(`Delete group ${group.name}?`, `Clients using /${group.name}/… will get 404 errors.${group.name === active ? " It is the active group: /switch goes back to default." : ""}${group.source === "file" ? " It is declared in config.toml, so it comes back at the next restart or reload." : ""}`, "Delete group", async () => {
        await api.deleteGroup(group.name);
        await load();
      }),
    );
    const policies = [
      group.prompt_injection !== "off" ? `prompt ${group.prompt_injection} (${group.prompt_position})` : null,
      group.tool_filter.length ? `drops tools: ${group.tool_filter.join(", ")}` : null,
      group.temperature_ratio !== 1 ? `temperature × ${group.temperature_ratio}` : null,
    ].filter((text): text is string => text !== null);
    return h(
      "article",
      { class: "card group", "aria-labelledby": titleId, "data-group": group.name },
      h("div", { class: "section-head" }, h("h3", { id: titleId }, group.name, " ", group.name === active ? badge("active", "ok") : null, " ", group.source === "file" ? badge("config.toml", "muted") : badge("dashboard", "info")), h("div", { class: "inline wrap" }, edit, makeActive, settings, remove)),
      group.aliases.length
        ? h("ul", { class: "aliases" }, group.aliases.map((alias) => h("li", {}, h("code", {}, alias.alias), " → ", alias.targets.map((target, index) => [index ? ", " : "", h("code", {}, target)]))))
        : h("p", { class: "muted" }, "No aliases: every model name gets a 404."),
      policies.length ? h("p", { class: "muted" }, policies.join(" · ")) : null,
      group.source === "file" ? h("p", { class: "hint" }, "Declared in config.toml: edits made here last until the next restart or reload.") : null,
    );
  }

  function openEditor(group?: StoredGroup): void {
    const knownTargets = [...new Set(groups.flatMap((candidate) => candidate.aliases.flatMap((alias) => alias.targets)))];
    openGroupDialog({ api, original: group ? plainGroup(group) : undefined, providers: providers.map((provider) => provider.id), knownTargets, onSaved: () => void load() });
  }

  async function switchTo(name: string): Promise<void> {
    switchErrors.clear();
    switchButton.disabled = true;
    try {
      const answer = await api.setActiveGroup(name);
      active = answer.group;
      switchStatus.textContent = `/switch now uses ${active}.`;
      render();
    } catch (error) {
      switchErrors.show(`Could not switch: ${messageOf(error)}`);
    } finally {
      switchButton.disabled = false;
    }
  }

  newButton.addEventListener("click", () => openEditor());
  switchForm.addEventListener("submit", (event) => {
    event.preventDefault();
    void switchTo(activeSelect.value);
  });

  return { id: "groups", label: "Groups", panel, show: () => void load(), hide() {} };
}
