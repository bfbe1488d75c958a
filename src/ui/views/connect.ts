// In charge of the Connect tab: a group's ready-to-paste client settings, with and without compat mode, and the API docs link.
import type { StoredGroup } from "../api.ts";
import type { AppContext, View } from "../context.ts";
import { copyButton, errorBox, field, fill, h, messageOf } from "../dom.ts";
import { baseUrl, clientSnippets } from "../snippets.ts";

export function createConnect(context: AppContext): View {
  const { api } = context;
  const errors = errorBox();
  const groupSelect = h("select", { name: "connect-group" });
  const compat = h("input", { type: "checkbox", name: "compat", id: "connect-compat" });
  const viaSwitch = h("input", { type: "checkbox", name: "via-switch", id: "connect-switch" });
  const summary = h("p", { class: "base-url" });
  const snippetList = h("div", { class: "snippets" });
  const panel = h(
    "div",
    { class: "view" },
    h(
      "form",
      { class: "card toolbar", "aria-label": "Which settings" },
      field("Group", groupSelect).element,
      h("div", { class: "field check" }, compat, h("label", { for: "connect-compat" }, "Compat mode (XML tools, for models without native tool calls)")),
      h("div", { class: "field check" }, viaSwitch, h("label", { for: "connect-switch" }, "Follow the active group (/switch) instead of naming this one")),
    ),
    errors.element,
    summary,
    snippetList,
    h("p", {}, "Every route, with request and answer schemas: ", h("a", { href: "/swagger" }, "API documentation (/swagger)"), "."),
  );

  let groups: StoredGroup[] = [];
  let keysRequired = true;

  function render(): void {
    const group = groups.find((candidate) => candidate.name === groupSelect.value);
    const options = { origin: context.origin, group: groupSelect.value || "default", viaSwitch: viaSwitch.checked, compat: compat.checked, model: group?.aliases.find((alias) => !/[*?]/.test(alias.alias))?.alias ?? group?.aliases[0]?.alias.replace(/[*?]/g, "x"), keysRequired };
    groupSelect.disabled = viaSwitch.checked;
    fill(summary, "Base URL: ", h("code", { "data-testid": "base-url" }, baseUrl(options)), " (OpenAI clients add ", h("code", {}, "/v1"), ")");
    fill(
      snippetList,
      clientSnippets(options).map((snippet) => {
        const titleId = `snippet-${snippet.id}`;
        return h("section", { class: "card snippet", "aria-labelledby": titleId, "data-snippet": snippet.id }, h("div", { class: "section-head" }, h("h3", { id: titleId }, snippet.title), copyButton(() => snippet.text, "Copy", `Copy the ${snippet.title} settings`)), h("pre", { tabindex: 0, "aria-label": `${snippet.title} settings` }, h("code", {}, snippet.text)), snippet.note ? h("p", { class: "muted" }, snippet.note) : null);
      }),
    );
  }

  for (const control of [groupSelect, compat, viaSwitch]) control.addEventListener("change", render);

  return {
    id: "connect",
    label: "Connect",
    panel,
    async show(params) {
      try {
        const [loaded, keys] = await Promise.all([api.groups(), api.keys()]);
        groups = loaded;
        keysRequired = keys.length > 0;
        const wanted = params.get("group") ?? groupSelect.value ?? "default";
        fill(groupSelect, groups.map((group) => h("option", { value: group.name, selected: group.name === wanted }, group.name)));
        errors.clear();
      } catch (error) {
        errors.show(`Could not load groups: ${messageOf(error)}`);
      }
      render();
    },
    hide() {},
  };
}
