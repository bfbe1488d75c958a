// In charge of the Keys tab: access keys clients present; create (the key is shown once), list masked, delete.
import type { MaskedKey } from "../api.ts";
import type { AppContext, View } from "../context.ts";
import { badge, confirmAction, copyButton, errorBox, field, fill, h, messageOf, openDialog } from "../dom.ts";

/** 32 random bytes as hex behind a recognisable prefix; made in the browser, sent once over the admin API. */
export function generateKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return `sk-ccp-${[...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join("")}`;
}

export function createKeys(context: AppContext): View {
  const { api } = context;
  const errors = errorBox();
  const body = h("tbody", {});
  const nameField = field("Name", h("input", { name: "key-name", required: true, autocomplete: "off", spellcheck: "false", placeholder: "laptop" }), "Shown in logs and statistics instead of the key.");
  const valueField = field("Key value (optional)", h("input", { name: "key-value", autocomplete: "off", spellcheck: "false" }), "Leave empty to generate a random key.");
  const createErrors = errorBox();
  const createButton = h("button", { type: "submit", class: "primary" }, "Create key");
  const form = h("form", { class: "card", "aria-labelledby": "new-key-title", novalidate: true }, h("h2", { id: "new-key-title" }, "New access key"), h("div", { class: "inline wrap" }, nameField.element, valueField.element, h("div", { class: "field end" }, createButton)), createErrors.element);
  const openNote = h("p", { class: "muted", hidden: true }, "No access key exists: the proxy is open (allowed on loopback only). Creating one makes every client need a key.");
  const panel = h(
    "div",
    { class: "view" },
    form,
    h("section", { class: "card", "aria-labelledby": "keys-title" }, h("h2", { id: "keys-title" }, "Access keys"), openNote, errors.element, h("div", { class: "table-scroll" }, h("table", { class: "data wide" }, h("thead", {}, h("tr", {}, ["Name", "Key (masked)", "Source", ""].map((label) => h("th", { scope: "col" }, label)))), body))),
  );

  async function load(): Promise<void> {
    try {
      render(await api.keys());
      errors.clear();
    } catch (error) {
      errors.show(`Could not load keys: ${messageOf(error)}`);
    }
  }

  function render(keys: MaskedKey[]): void {
    openNote.hidden = keys.length > 0;
    fill(
      body,
      keys.length
        ? keys.map((key) => {
            const remove = h("button", { type: "button", class: "small danger-outline", "aria-label": `Delete key ${key.name}` }, "Delete");
            remove.addEventListener("click", () =>
              confirmAction(`Delete key ${key.name}?`, `Clients using it get 401 errors at once.${key.source === "file" ? " It is declared in config.toml, so it comes back at the next restart or reload." : ""}`, "Delete key", async () => {
                await api.deleteKey(key.name);
                await load();
              }),
            );
            return h("tr", { "data-key": key.name }, h("th", { scope: "row" }, key.name), h("td", {}, h("code", {}, key.key)), h("td", {}, key.source === "file" ? badge("config.toml", "muted") : badge("dashboard", "info")), h("td", { class: "num" }, remove));
          })
        : h("tr", {}, h("td", { colspan: 4, class: "muted" }, "No keys.")),
    );
  }

  function showOnce(name: string, key: string): void {
    const input = h("input", { readonly: true, value: key, class: "secret", "aria-label": `The new key ${name}` });
    const done = h("button", { type: "button", class: "primary" }, "I have saved it");
    const { close } = openDialog(`Key ${name} created`, [
      h("p", {}, "Copy it now: ccproxy stores it but will only ever show it masked."),
      h("div", { class: "inline" }, input, copyButton(() => key, "Copy", `Copy the key ${name}`)),
      h("div", { class: "actions" }, done),
    ]);
    done.addEventListener("click", close);
    input.select();
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    createErrors.clear();
    nameField.invalid(null);
    const name = nameField.control.value.trim();
    if (!name) {
      nameField.invalid("A name is required.");
      nameField.control.focus();
      return;
    }
    const key = valueField.control.value.trim() || generateKey();
    createButton.disabled = true;
    try {
      await api.createKey(name, key);
      nameField.control.value = "";
      valueField.control.value = "";
      await load();
      showOnce(name, key);
    } catch (error) {
      createErrors.show(`Not created: ${messageOf(error)}`);
    } finally {
      createButton.disabled = false;
    }
  });

  return { id: "keys", label: "Keys", panel, show: () => void load(), hide() {} };
}
