// The editors of the 办理期限 screen: the deadline table (working days to accept and close, by
// category and urgency) and the service windows' matter types (working days to close, by
// name). Each row remembers where its figures come from: this node (本级设置), a node above
// (上级设置) or the built-in default (系统默认). Saving sends the node's own rows only — those
// set here, edited or added — and the server replaces what the node set with them.
import { html } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import RULES from "../rules.js";

const URGENCIES = RULES.ledger.urgencies;
export const CATEGORIES = RULES.ledger.categories;
const DAYS_MAX = 250; // the server's MAX_DEADLINE_DAYS (a working year)
const NAME_MAX = RULES.ledger.matter_type_max;

let serial = 0;

/** A row to edit: values are strings as typed; loaded is the server's row (null: added). */
function row(loaded, nodeId, values, extra = {}) {
  serial += 1;
  return { key: `r${serial}`, ...extra, values, loaded,
    own: !loaded || loaded.from_node_id === nodeId, removed: false };
}

function loadedRow(loaded, nodeId, names, extra) {
  const values = Object.fromEntries(names.map((name) => [name, String(loaded[name])]));
  return row(loaded, nodeId, values, extra);
}

/** The deadline table in force at nodeId ({category, urgency, accept, close, from_node_id}),
 *  as rows to edit. */
export function deadlineEditor(table, nodeId) {
  return { nodeId, rows: table.map((r) => loadedRow(r, nodeId, ["accept", "close"],
    { category: r.category ?? null, urgency: r.urgency })) };
}

/** The matter types in force at nodeId ({name, days, from_node_id}), as rows to edit. */
export function matterEditor(types, nodeId) {
  return { nodeId, rows: types.map((r) => loadedRow(r, nodeId, ["name", "days"])) };
}

/** Whether the row comes from above (a node up the tree or the default). */
function inherited(editor, r) {
  return Boolean(r.loaded) && r.loaded.from_node_id !== editor.nodeId;
}

function changed(r) {
  return !r.loaded || Object.entries(r.values).some(([k, v]) => v !== String(r.loaded[k]));
}

/** The row under key. */
export function rowOf(editor, key) {
  return editor.rows.find((r) => r.key === key);
}

/** A value typed into a row: a figure from above becomes the node's own once it differs. */
export function setValue(editor, r, name, value) {
  r.values[name] = value;
  if (inherited(editor, r)) r.own = changed(r);
}

/** A row's button: remove (a new row goes, a row set here is dropped on saving), restore a
 *  dropped one, or revert an edited figure from above. */
export function act(editor, r, action) {
  if (action === "remove" && !r.loaded) editor.rows.splice(editor.rows.indexOf(r), 1);
  else if (action === "remove") r.removed = true;
  else if (action === "restore") r.removed = false;
  else if (action === "revert") {
    Object.keys(r.values).forEach((k) => { r.values[k] = String(r.loaded[k]); });
    r.own = false;
  }
}

/** Add rows of a category for the urgencies it has none for, starting from the figures for
 *  every category. */
export function addCategory(editor, category) {
  for (const urgency of URGENCIES) {
    if (editor.rows.some((r) => r.category === category && r.urgency === urgency)) continue;
    const base = editor.rows.find((r) => r.category === null && r.urgency === urgency);
    editor.rows.push(row(null, editor.nodeId, { accept: base?.values.accept ?? "",
      close: base?.values.close ?? "" }, { category, urgency }));
  }
}

/** Add an empty matter type of days. */
export function addMatter(editor, days) {
  editor.rows.push(row(null, editor.nodeId, { name: "", days: String(days) }));
}

/** Categories that may still get rows of their own. */
export function categoriesToAdd(editor) {
  return CATEGORIES.filter((c) => editor.rows.filter((r) => r.category === c).length
    < URGENCIES.length);
}

/** The rows saving sends, in order. */
export function sentRows(editor) {
  return editor.rows.filter((r) => r.own && !r.removed);
}

/** Whether anything differs from what the server has. */
export function isDirty(editor) {
  return editor.rows.some((r) => r.removed || (r.own && changed(r)));
}

/** The request body's rows. */
export function bodyRows(editor) {
  return sentRows(editor).map((r) => (r.values.name === undefined
    ? { category: r.category, urgency: r.urgency, accept: Number(r.values.accept),
      close: Number(r.values.close) }
    : { name: r.values.name.trim(), days: Number(r.values.days) }));
}

/** What the phone can tell before sending, by field ("<key>.<name>"); the server judges
 *  the rest (ranges, accepting after closing, a name twice). */
export function localErrors(editor) {
  const errors = {};
  for (const r of sentRows(editor)) {
    for (const [name, value] of Object.entries(r.values)) {
      const text = value.trim();
      if (!text) errors[`${r.key}.${name}`] = t("field.required");
      else if (name !== "name" && !/^-?\d+$/.test(text)) {
        errors[`${r.key}.${name}`] = t("field.not_integer");
      }
    }
  }
  return errors;
}

/** The server's errors ("rows[2].close") moved onto the rows they name: {fields, others}. */
export function placeErrors(editor, errors) {
  const sent = sentRows(editor);
  const fields = {};
  const others = [];
  for (const { field, message } of errors) {
    const found = /^rows\[(\d+)\](?:\.(\w+))?$/.exec(field ?? "");
    const r = found && sent[Number(found[1])];
    if (!r) others.push(message);
    else if (found[2] in r.values) fields[`${r.key}.${found[2]}`] = message;
    else fields[r.key] = message;
  }
  return { fields, others };
}

// ---- templates ------------------------------------------------------------------------------

function sourceChip(editor, r, names, base) {
  if (r.removed) {
    return html`<span class="chip chip-muted">${t(base ? "deadlines.source.dropped_base"
      : "deadlines.source.dropped")}</span>`;
  }
  if (r.own && changed(r)) {
    return html`<span class="chip chip-warn">${t("deadlines.source.unsaved")}</span>`;
  }
  if (r.own) return html`<span class="chip" data-source="own">${t("deadlines.source.own")}</span>`;
  const from = r.loaded.from_node_id;
  if (from === null) {
    return html`<span class="chip chip-muted" data-source="default">${t(
      "deadlines.source.default")}</span>`;
  }
  const name = names.get(from);
  return html`<span class="chip chip-kind" data-source="parent">${name
    ? t("deadlines.source.parent_named", { name }) : t("deadlines.source.parent")}</span>`;
}

function rowButton(editor, r, base) {
  let action = "";
  if (r.removed) action = "restore";
  else if (inherited(editor, r)) action = r.own ? "revert" : "";
  else action = "remove";
  if (!action) return "";
  const label = action === "remove" && base && r.loaded ? "deadlines.use_parent"
    : `deadlines.${action}`;
  return html`<button type="button" class="btn btn-danger member-remove"
    data-act="${action}">${action === "remove" ? icon("close") : ""}${t(label)}</button>`;
}

/** The top line of a row: its title, where its figures come from, its button. */
export function rowHead(editor, r, names) {
  const base = r.category === null;
  const title = r.urgency ? t(`case.urgency.${r.urgency}`) : "";
  return html`<span class="chips">${title ? html`<strong>${title}</strong>` : ""}
    ${sourceChip(editor, r, names, base)}</span>${rowButton(editor, r, base)}`;
}

function number(r, name, label, disabled) {
  const id = `${r.key}-${name}`;
  return html`<div class="field">
    <label class="field-label" for="${id}">${label}</label>
    <input id="${id}" type="number" inputmode="numeric" min="0" max="${DAYS_MAX}" step="1"
      name="${name}" value="${r.values[name]}" ${disabled ? "disabled" : ""}>
    <span class="field-error" data-error-for="${r.key}.${name}"></span></div>`;
}

function nameField(editor, r) {
  const id = `${r.key}-name`;
  return html`<div class="field">
    <label class="field-label" for="${id}">${t("deadlines.matter_name")}</label>
    <input id="${id}" name="name" value="${r.values.name}" maxlength="${NAME_MAX}"
      autocomplete="off" ${inherited(editor, r) ? "readonly" : ""}
      ${r.removed ? "disabled" : ""}>
    <span class="field-error" data-error-for="${r.key}.name"></span></div>`;
}

/** One row of either editor. */
export function rowTemplate(editor, r, names) {
  const fields = r.values.name === undefined
    ? html`${number(r, "accept", t("deadlines.accept"), r.removed)}
      ${number(r, "close", t("deadlines.close"), r.removed)}`
    : html`${nameField(editor, r)}${number(r, "days", t("deadlines.matter_days"), r.removed)}`;
  return html`<li class="member-row" data-row="${r.key}"
      data-category="${r.category ?? ""}" data-urgency="${r.urgency ?? ""}">
    <div class="member-title" data-head>${rowHead(editor, r, names)}</div>
    <div class="member-pair">${fields}</div>
    <span class="field-error" data-error-for="${r.key}"></span></li>`;
}
