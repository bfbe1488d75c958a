// In charge of the group editor dialog: aliases with targets, prompt injection, tool filter, temperature ratio; errors shown in place, nothing lost on a failed save.
import type { GroupConfig } from "../../config/schema.ts";
import type { AdminApi } from "../api.ts";
import { errorBox, field, h, messageOf, openDialog, uniqueId } from "../dom.ts";
import { draftFromGroup, emptyDraft, groupFromDraft, type AliasDraft, type FieldProblem, type GroupDraft } from "../group-form.ts";

export interface GroupDialogOptions {
  api: AdminApi;
  /** The group to edit (plain, without `source`); absent: a new group. */
  original?: GroupConfig;
  /** Provider ids, to suggest targets and catch typos before the server does. */
  providers: string[];
  /** Known "<provider>/<model>" targets, suggested while typing. */
  knownTargets: string[];
  onSaved(group: GroupConfig): void;
}

type Field = ReturnType<typeof field>;
const options = (pairs: string[][], selected: string) => pairs.map(([value, label]) => h("option", { value, selected: value === selected }, label));

/** The group-level inputs, keyed by the draft field each one edits (problems point at them by that key). */
function groupFields(draft: GroupDraft, editing: boolean) {
  return {
    name: field("Name", h("input", { name: "name", required: true, value: draft.name, readonly: editing, autocomplete: "off", spellcheck: "false" }), editing ? "A group's name cannot change (it is part of its URLs)." : "Reached as /<name>/v1/…; letters, digits, '.', '_', '-'."),
    temperature_ratio: field("Temperature ratio", h("input", { name: "temperature_ratio", type: "number", min: 0, step: "any", value: draft.temperature_ratio, inputmode: "decimal" }), "The client's temperature is multiplied by this; 1 keeps it."),
    tool_filter: field("Tool filter", h("input", { name: "tool_filter", value: draft.tool_filter, autocomplete: "off", spellcheck: "false" }), "Tool names removed from requests, comma-separated (e.g. WebFetch, WebSearch)."),
    prompt_injection: field("Prompt injection", h("select", { name: "prompt_injection" }, options([["off", "Off"], ["enhance", "Enhance: append to the system prompt"], ["replace", "Replace the system prompt"]], draft.prompt_injection))),
    prompt_text: field("Prompt text", h("textarea", { name: "prompt_text", rows: 3 }, draft.prompt_text), "Used when injection is on."),
    prompt_position: field("Prompt position", h("select", { name: "prompt_position" }, options([["system", "System prompt"], ["user", "Start of the last user message"]], draft.prompt_position))),
  };
}

interface AliasRow {
  alias: Field;
  targets: Field;
}

/** The editable list of aliases: add, remove, and a suggestion box that appends a target. */
function createAliasEditor(aliases: AliasDraft[], suggestionsId: string) {
  const list = h("ol", { class: "alias-list" });
  const rows: AliasRow[] = [];
  const addButton = h("button", { type: "button", class: "small" }, "Add alias");
  const add = (alias: AliasDraft, focus = false) => {
    const aliasField = field("Model name clients ask for", h("input", { name: "alias", value: alias.alias, autocomplete: "off", spellcheck: "false", placeholder: "claude-sonnet-*" }));
    const targetsField = field("Targets, one per line (provider/model)", h("textarea", { name: "targets", rows: 2, spellcheck: "false", placeholder: "openai/gpt-4o-mini" }, alias.targets), "Used round-robin; the next one is tried on failure.");
    const quick = h("input", { type: "text", list: suggestionsId, autocomplete: "off", spellcheck: "false", placeholder: "provider/model" });
    const addQuick = () => {
      const value = quick.value.trim();
      if (!value || value.endsWith("/")) return;
      targetsField.control.value = [targetsField.control.value.trim(), value].filter(Boolean).join("\n");
      quick.value = "";
    };
    quick.addEventListener("change", addQuick);
    // Enter in a text input would submit the whole form; here it means "add this target".
    quick.addEventListener("keydown", (event) => {
      if (event.key !== "Enter") return;
      event.preventDefault();
      addQuick();
    });
    const remove = h("button", { type: "button", class: "small danger-outline" }, "Remove alias");
    const row = h("li", { class: "alias-row" }, aliasField.element, targetsField.element, field("Add a target", quick, "Suggests providers and known targets; Enter adds it to the list above.").element, remove);
    const entry = { alias: aliasField, targets: targetsField };
    remove.addEventListener("click", () => {
      rows.splice(rows.indexOf(entry), 1);
      row.remove();
      addButton.focus();
    });
    rows.push(entry);
    list.appendChild(row);
    if (focus) aliasField.control.focus();
  };
  addButton.addEventListener("click", () => add({ alias: "", targets: "" }, true));
  aliases.forEach((alias) => add(alias));
  return { element: h("fieldset", {}, h("legend", {}, "Aliases"), list, addButton), rows };
}

export function openGroupDialog(dialogOptions: GroupDialogOptions): void {
  const editing = dialogOptions.original !== undefined;
  const draft = dialogOptions.original ? draftFromGroup(dialogOptions.original) : emptyDraft();
  const suggestionsId = uniqueId("targets");
  const suggestions = h("datalist", { id: suggestionsId }, [...new Set([...dialogOptions.providers.map((id) => `${id}/`), ...dialogOptions.knownTargets])].map((value) => h("option", { value })));
  const fields = groupFields(draft, editing);
  const aliases = createAliasEditor(draft.aliases, suggestionsId);
  const errors = errorBox();
  const save = h("button", { type: "submit", class: "primary" }, editing ? "Save changes" : "Create group");
  const cancel = h("button", { type: "button" }, "Cancel");
  const form = h(
    "form",
    { class: "group-form", novalidate: true },
    suggestions,
    h("fieldset", {}, h("legend", {}, "Group"), fields.name.element, fields.temperature_ratio.element, fields.tool_filter.element),
    h("fieldset", {}, h("legend", {}, "Prompt injection"), fields.prompt_injection.element, fields.prompt_text.element, fields.prompt_position.element),
    aliases.element,
    errors.element,
    h("div", { class: "actions" }, cancel, save),
  );
  const { close } = openDialog(editing ? `Edit group ${draft.name}` : "New group", [form], { wide: true });
  cancel.addEventListener("click", close);

  const readDraft = (): GroupDraft => ({
    name: fields.name.control.value,
    prompt_injection: fields.prompt_injection.control.value as GroupDraft["prompt_injection"],
    prompt_text: fields.prompt_text.control.value,
    prompt_position: fields.prompt_position.control.value as GroupDraft["prompt_position"],
    tool_filter: fields.tool_filter.control.value,
    temperature_ratio: fields.temperature_ratio.control.value,
    aliases: aliases.rows.map((row) => ({ alias: row.alias.control.value, targets: row.targets.control.value })),
  });
  const fieldFor = (problem: FieldProblem): Field | undefined => {
    const match = /^aliases\.(\d+)\.(alias|targets)$/.exec(problem.field);
    if (!match) return (fields as Record<string, Field>)[problem.field];
    const row = aliases.rows[Number(match[1])];
    return match[2] === "alias" ? row?.alias : row?.targets;
  };
  /** Each field shows its own problems; the summary above the buttons says how many; focus goes to the first. */
  const showProblems = (problems: FieldProblem[]) => {
    const messages = new Map<Field, string[]>();
    for (const problem of problems) {
      const target = fieldFor(problem);
      if (target) messages.set(target, [...(messages.get(target) ?? []), problem.message]);
    }
    for (const [target, list] of messages) target.invalid(list.join(" "));
    errors.show(`Not saved: ${problems.length === 1 ? "one field needs" : `${problems.length} fields need`} attention.`);
    [...messages.keys()][0]?.control.focus();
  };

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    errors.clear();
    for (const known of [...Object.values(fields), ...aliases.rows.flatMap((row) => [row.alias, row.targets])]) known.invalid(null);
    const { group, problems } = groupFromDraft(readDraft(), { original: dialogOptions.original, providers: dialogOptions.providers });
    if (!group) return showProblems(problems);
    save.disabled = true;
    try {
      const saved = editing ? await dialogOptions.api.replaceGroup(group) : await dialogOptions.api.createGroup(group);
      close();
      dialogOptions.onSaved(saved);
    } catch (error) {
      // The dialog stays open with everything typed; the server's reason shows above the buttons.
      errors.show(`Not saved: ${messageOf(error)}`);
      save.disabled = false;
    }
  });
  (editing ? fields.temperature_ratio.control : fields.name.control).focus();
}
