// In charge of building DOM without a framework: elements, labelled fields, in-place error boxes, dialogs, copy buttons.

type Child = Node | string | number | null | undefined | false;
/** Children may be nested arrays (a map inside a list); they are flattened in order. */
export type Content = Child | readonly Content[];
type Listener = (event: never) => void;
export type Attributes = Record<string, string | number | boolean | null | undefined | Listener>;

/**
 * h("button", { class: "primary", onclick: save }, "Save"). Text is always set as text (never
 * parsed as HTML), so names and log fields coming from the API cannot inject markup.
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Content[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === "function") element.addEventListener(name.slice(2), value as EventListener);
    else if (name === "value" && "value" in element) (element as HTMLInputElement).value = String(value);
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: readonly Content[]): void {
  for (const child of children) {
    if (Array.isArray(child)) {
      append(parent, child);
      continue;
    }
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's children. */
export function fill(parent: Element, ...children: Content[]): void {
  parent.replaceChildren();
  append(parent, children);
}

let nextId = 0;
export const uniqueId = (prefix: string) => `${prefix}-${++nextId}`;

/**
 * A label, its control and an optional hint, tied together with for/id and aria-describedby. The
 * hint slot also shows this field's problem (aria-invalid set) when `invalid` is called.
 */
export function field(label: string, control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, hint?: string) {
  control.id ||= uniqueId("field");
  const hintElement = h("small", { id: `${control.id}-hint`, class: "hint" }, hint ?? "");
  const problem = h("small", { id: `${control.id}-problem`, class: "problem", hidden: true });
  control.setAttribute("aria-describedby", `${control.id}-hint ${control.id}-problem`);
  const element = h("div", { class: "field" }, h("label", { for: control.id }, label), control, hint ? hintElement : null, problem);
  return {
    element,
    control,
    invalid(message: string | null) {
      problem.textContent = message ?? "";
      problem.hidden = !message;
      if (message) control.setAttribute("aria-invalid", "true");
      else control.removeAttribute("aria-invalid");
    },
  };
}

/** A region that shows an action's failure in place (role=alert, so screen readers announce it). */
export function errorBox() {
  const element = h("div", { class: "error-box", role: "alert", hidden: true });
  return {
    element,
    show(message: string) {
      element.textContent = message;
      element.hidden = false;
    },
    clear() {
      element.textContent = "";
      element.hidden = true;
    },
  };
}

export const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * A modal <dialog>: the browser gives focus trapping and Esc; `close` returns focus to the opener.
 * Closed dialogs remove themselves, so each opening starts from the values it is given.
 */
export function openDialog(title: string, body: Node[], options: { wide?: boolean } = {}) {
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const titleId = uniqueId("dialog-title");
  const closeButton = h("button", { type: "button", class: "icon", "aria-label": "Close" }, "✕");
  const dialog = h("dialog", { "aria-labelledby": titleId, class: options.wide ? "wide" : "" }, h("header", { class: "dialog-head" }, h("h2", { id: titleId }, title), closeButton), ...body);
  const close = () => dialog.close();
  closeButton.addEventListener("click", close);
  dialog.addEventListener("close", () => {
    dialog.remove();
    opener?.focus();
  });
  document.body.appendChild(dialog);
  dialog.showModal();
  return { dialog, close };
}

/** Asks before a destructive action and runs it on confirm; its error shows inside the dialog, which stays open. */
export function confirmAction(title: string, text: string, confirmLabel: string, action: () => Promise<void>): void {
  const errors = errorBox();
  const confirm = h("button", { type: "submit", class: "danger" }, confirmLabel);
  const cancel = h("button", { type: "button" }, "Cancel");
  const form = h("form", { method: "dialog" }, h("p", {}, text), errors.element, h("div", { class: "actions" }, cancel, confirm));
  const { close } = openDialog(title, [form]);
  cancel.addEventListener("click", close);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    confirm.disabled = true;
    errors.clear();
    try {
      await action();
      close();
    } catch (error) {
      errors.show(messageOf(error));
      confirm.disabled = false;
    }
  });
  confirm.focus();
}

/**
 * The async clipboard API exists only in secure contexts; a homelab dashboard is often plain http
 * on a LAN address, so fall back to copying from a selected, off-screen textarea.
 */
async function copyText(text: string): Promise<void> {
  if (window.isSecureContext && navigator.clipboard) return navigator.clipboard.writeText(text);
  const area = h("textarea", { readonly: true, "aria-hidden": "true", style: "position:fixed;left:-9999px;top:0" }, text);
  // Outside an open modal dialog everything is inert (not selectable): put it inside the dialog then.
  (document.querySelector("dialog[open]") ?? document.body).appendChild(area);
  area.select();
  const copied = document.execCommand("copy");
  area.remove();
  if (!copied) throw new Error("copy refused");
}

/** A button that copies `text()` to the clipboard and says so. */
export function copyButton(text: () => string, label = "Copy", accessibleName?: string): HTMLButtonElement {
  const button = h("button", { type: "button", class: "small", "aria-label": accessibleName }, label);
  button.addEventListener("click", async () => {
    try {
      await copyText(text());
      button.textContent = "Copied";
    } catch {
      button.textContent = "Copy failed: select the text";
    }
    setTimeout(() => (button.textContent = label), 1500);
  });
  return button;
}

/** A small coloured word with its meaning in text (colour is never the only signal). */
export const badge = (text: string, tone: "ok" | "warn" | "error" | "info" | "muted" = "muted") => h("span", { class: `badge ${tone}` }, text);
