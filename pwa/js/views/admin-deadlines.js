// 办理期限: the deadline table in force at a node of the admin's subtree (working days to accept
// and close an appeal, by urgency, with categories set apart), the years the holiday calendar
// knows, and the service windows' matter types. #/admin/deadlines?node=<id> (the admin's own
// node by default). Online only, like every administration screen.
import { api, ApiError } from "../api.js";
import {
  backLink, confirmed, field, requestMessage, showFailure, showLoading,
} from "../admin/common.js";
import { buildTree, fetchNodes, flatten, optionLabel } from "../admin/org.js";
import { setBusy, showErrors } from "../forms.js";
import { beijingToday } from "../households/rules.js";
import { html, render as draw } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import { toast } from "../notice.js";
import { navigate } from "../router.js";
import { currentUser } from "../session.js";
import {
  act, addCategory, addMatter, bodyRows, categoriesToAdd, CATEGORIES, deadlineEditor,
  isDirty, localErrors, matterEditor, placeErrors, rowHead, rowOf, rowTemplate, setValue,
} from "../widgets/deadline-table.js";

function nodePicker(tree, nodeId) {
  return html`<section class="card">
    ${field("node", t("deadlines.node"), html`<select name="node">
      ${flatten(tree).filter(({ node }) => node.active).map(({ node, level }) => html`
        <option value="${node.id}" ${node.id === nodeId ? "selected" : ""}
          >${optionLabel(node, level)}</option>`)}</select>`)}</section>`;
}

/** The years whose holidays are known, and what a date past them counts: a warning once
 *  next year is past them. */
function calendarNotice({ first_year: first, last_year: last }) {
  const near = Number(beijingToday().slice(0, 4)) + 1 > last;
  return html`<section class="card ${near ? "notice notice-warn" : ""}" data-calendar
      data-near="${near}" ${near ? html`role="alert"` : ""}>
    <p>${t("deadlines.calendar_years", { first, last })}</p>
    <p class="${near ? "" : "muted"}">${near
      ? html`<strong>${t("deadlines.calendar_past")}</strong>` : t("deadlines.calendar_past")}
    </p></section>`;
}

function rowList(editor, rows, names) {
  return html`<ol class="member-list">${rows.map((r) => rowTemplate(editor, r, names))}</ol>`;
}

function deadlineForm(editor, names) {
  const groups = [null, ...CATEGORIES].map((category) => ({ category,
    rows: editor.rows.filter((r) => r.category === category) })).filter((g) => g.rows.length);
  const more = categoriesToAdd(editor);
  return html`<h2 class="form-title">${t("deadlines.table_title")}</h2>
    <p class="muted">${t("deadlines.table_hint")}</p>
    <p class="form-error" role="alert" hidden></p>
    ${groups.map((g) => html`<section class="field" data-group="${g.category ?? ""}">
      <h3 class="field-label">${g.category ? t(`appeal.category.${g.category}`)
        : t("deadlines.all_categories")}</h3>
      ${rowList(editor, g.rows, names)}</section>`)}
    ${more.length ? html`<div class="filter-pair">
      <select name="add_category" aria-label="${t("deadlines.category_pick")}">
        ${more.map((c) => html`<option value="${c}">${t(`appeal.category.${c}`)}</option>`)}
      </select>
      <button type="button" class="btn btn-secondary" data-action="add">
        ${icon("plus")}${t("deadlines.add_category")}</button></div>` : ""}
    <button class="btn btn-primary btn-block" type="submit">${t("deadlines.save")}</button>`;
}

function matterForm(editor, defaultDays, names) {
  return html`<h2 class="form-title">${t("deadlines.matters_title")}</h2>
    <p class="muted">${t("deadlines.matters_hint", { days: defaultDays })}</p>
    <p class="form-error" role="alert" hidden></p>
    ${editor.rows.length ? rowList(editor, editor.rows, names)
      : html`<p class="muted">${t("deadlines.matters_none")}</p>`}
    <button type="button" class="btn btn-secondary btn-block" data-action="add">
      ${icon("plus")}${t("deadlines.add_matter")}</button>
    <button class="btn btn-primary btn-block" type="submit">
      ${t("deadlines.matters_save")}</button>`;
}

function template(tree, nodeId, calendar) {
  return html`
    ${backLink("admin", t("nav.admin"))}
    <p class="notice notice-warn only-offline">${t("admin.needs_network")}</p>
    ${nodePicker(tree, nodeId)}
    ${calendarNotice(calendar)}
    <form class="card form" novalidate data-form="deadlines"></form>
    <form class="card form" novalidate data-form="matters"></form>`;
}

/** One editor on its form: drawn from its rows, edited in place, saved with PUT to path;
 *  add() adds rows, reset(rows) takes the server's answer. */
function runEditor(form, { editor, names, path, paint, add, reset }) {
  const redraw = () => draw(form, paint());
  redraw();
  form.addEventListener("input", (event) => {
    const li = event.target.closest("[data-row]");
    if (!li || !event.target.name) return;
    const r = rowOf(editor, li.dataset.row);
    setValue(editor, r, event.target.name, event.target.value);
    draw(li.querySelector("[data-head]"), rowHead(editor, r, names));
    const slot = li.querySelector(`[data-error-for="${r.key}.${event.target.name}"]`);
    if (slot?.textContent) {
      slot.textContent = "";
      event.target.setAttribute("aria-invalid", "false");
    }
  });
  form.addEventListener("click", (event) => {
    const button = event.target.closest("[data-act], [data-action=add]");
    if (!button) return;
    if (button.dataset.act) {
      act(editor, rowOf(editor, button.closest("[data-row]").dataset.row), button.dataset.act);
    } else add(form);
    redraw();
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    save(form, { editor, path, redraw, reset });
  });
}

function focusFirstError(form) {
  const invalid = form.querySelector("[aria-invalid=true]")
    ?? form.querySelector(".field-error:not(:empty)");
  invalid?.scrollIntoView?.({ block: "center" });
  if (invalid?.matches("input")) invalid.focus();
}

async function save(form, { editor, path, redraw, reset }) {
  const local = localErrors(editor);
  if (Object.keys(local).length) {
    showErrors(form, t("diary.form.check"), local);
    return focusFirstError(form);
  }
  const button = form.querySelector("button[type=submit]");
  const label = button.textContent.trim();
  setBusy(button, true, t("admin.saving"));
  let answer;
  try {
    answer = await api(path, { method: "PUT", body: { node_id: editor.nodeId,
      rows: bodyRows(editor) } });
  } catch (error) {
    setBusy(button, false, label);
    const { fields, others } = placeErrors(editor,
      error instanceof ApiError ? error.errors : []);
    showErrors(form, [requestMessage(error), ...others].join(" "), fields);
    return focusFirstError(form);
  }
  reset(answer.rows);
  redraw();
  toast(t("admin.saved"));
  return undefined;
}

async function fetchAll(nodeId) {
  const query = `node_id=${nodeId}`;
  return Promise.all([fetchNodes(), api(`/api/ledger/deadlines?${query}`),
    api(`/api/ledger/matter-types?${query}`)]);
}

/** Draw the deadline table and the matter types of a node. */
export async function render(root, params = {}) {
  showLoading(root);
  const nodeId = Number(params.node) || currentUser().node.id;
  let nodes;
  let table;
  let matters;
  try {
    [nodes, table, matters] = await fetchAll(nodeId);
  } catch (error) {
    return showFailure(root, error, () => render(root, params), backLink("admin", t("nav.admin")));
  }
  const names = new Map(nodes.map((node) => [node.id, node.name]));
  draw(root, template(buildTree(nodes), nodeId, table.calendar));
  const deadlines = deadlineEditor(table.rows, nodeId);
  const types = matterEditor(matters.rows, nodeId);
  runEditor(root.querySelector("[data-form=deadlines]"), {
    editor: deadlines, names, path: "/api/ledger/deadlines",
    paint: () => deadlineForm(deadlines, names),
    add: (form) => addCategory(deadlines, form.add_category.value),
    reset: (rows) => { deadlines.rows = deadlineEditor(rows, nodeId).rows; },
  });
  runEditor(root.querySelector("[data-form=matters]"), {
    editor: types, names, path: "/api/ledger/matter-types",
    paint: () => matterForm(types, matters.default_days, names),
    add: () => addMatter(types, matters.default_days),
    reset: (rows) => { types.rows = matterEditor(rows, nodeId).rows; },
  });
  const picker = root.querySelector("select[name=node]");
  picker.addEventListener("change", () => {
    const dirty = isDirty(deadlines) || isDirty(types);
    if (dirty && !confirmed(t("deadlines.discard_confirm"))) {
      picker.value = String(nodeId);
      return;
    }
    navigate(`admin/deadlines?node=${picker.value}`);
  });
  return undefined;
}
