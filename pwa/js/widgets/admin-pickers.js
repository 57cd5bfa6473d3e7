// Pieces the administration screens of leaders and warnings share: a picker of the scope's
// nodes (indented as the tree, of the kinds a screen sets things on), a picker of years,
// numbers typed into a form as the API takes them, and leaving a form with changes.
import { confirmed, field } from "../admin/common.js";
import { buildTree, flatten, optionLabel } from "../admin/org.js";
import { beijingToday } from "../households/rules.js";
import { html } from "../html.js";
import { t } from "../i18n.js";
import { navigate } from "../router.js";

// Years offered besides this one: the annual reports (述职) of the last few.
const YEARS_BACK = 5;

/** The active nodes of the given kinds, in tree order, each {node, level} (its depth). */
export function nodesOfKinds(nodes, kinds) {
  return flatten(buildTree(nodes))
    .filter(({ node }) => node.active && kinds.includes(node.kind));
}

/** The node a screen opens on: ?node= when it is offered, else the user's own node when it
 *  is, else the first offered (null when none is). */
export function chosenNode(entries, wanted, user) {
  const ids = entries.map(({ node }) => node.id);
  const found = [Number(wanted), user?.node?.id].find((id) => ids.includes(id));
  return found ?? ids[0] ?? null;
}

/** A labelled select of nodes; allLabel adds a first option "" (no node: the whole scope). */
export function nodeSelect(name, label, entries, selected, allLabel = "") {
  return field(name, label, html`<select name="${name}">
    ${allLabel ? html`<option value="">${allLabel}</option>` : ""}
    ${entries.map(({ node, level }) => html`<option value="${node.id}"
      ${node.id === selected ? "selected" : ""}>${optionLabel(node, level)}</option>`)}
    </select>`);
}

/** This year, in Beijing. */
export function thisYear() {
  return Number(beijingToday().slice(0, 4));
}

/** The ?year= of params when it is a year, else this one. */
export function yearOf(params) {
  return /^\d{4}$/.test(params.year ?? "") ? Number(params.year) : thisYear();
}

/** A labelled select of this year and the few before (and the chosen one when older). */
export function yearSelect(name, label, chosen) {
  const now = thisYear();
  const years = Array.from({ length: YEARS_BACK + 1 }, (_, back) => now - back);
  if (!years.includes(chosen)) years.push(chosen);
  return field(name, label, html`<select name="${name}">${years.map((year) => html`
    <option value="${year}" ${year === chosen ? "selected" : ""}
      >${t("admin.leaders.year_option", { year })}</option>`)}</select>`);
}

/** A whole-number input (text, numeric keyboard) under a field's label, with its hint. */
export function numberField(name, label, value, hint, placeholder = "") {
  return field(name, label, html`<input name="${name}" inputmode="numeric" autocomplete="off"
    maxlength="6" value="${value ?? ""}" placeholder="${placeholder}">`, hint);
}

/** What is typed into an input as the API takes it: null when empty, a number when it is a
 *  whole one, else the text itself (the server then names the field and says why). */
export function numberValue(input) {
  const text = input.value.trim();
  if (!text) return null;
  return /^\d+$/.test(text) ? Number(text) : text;
}

/** The values of a form's inputs by name (to tell whether anything was changed). */
export function formValues(form) {
  return JSON.stringify([...form.querySelectorAll("input")]
    .map((input) => [input.name, input.type === "checkbox" ? input.checked : input.value]));
}

/** Whether the user may leave a form: nothing changed since `saved`, or they agree. */
export function mayLeave(form, saved) {
  return !form || formValues(form) === saved || confirmed(t("admin.unsaved_confirm"));
}

/** Open the screen of the node the picker select[name=node] of root chooses (screen: its path
 *  before `?node=`), unless the user keeps unsaved changes (state.form, state.saved). */
export function followNodePicker(root, screen, nodeId, state) {
  const select = root.querySelector("select[name=node]");
  select.addEventListener("change", () => {
    if (!mayLeave(state.form, state.saved)) {
      select.value = String(nodeId);
      return;
    }
    navigate(`${screen}?node=${select.value}`);
  });
}

/** Take a field's message away once its value is changed (the others stay until saved). */
export function clearOnInput(form) {
  form.addEventListener("input", (event) => {
    const slot = form.querySelector(`[data-error-for="${CSS.escape(event.target.name)}"]`);
    if (!slot?.textContent) return;
    slot.textContent = "";
    event.target.setAttribute("aria-invalid", "false");
  });
}
