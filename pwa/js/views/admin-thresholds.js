// 预警阈值: the thresholds of hot spots (舆情预警) a node of the scope sets for the villages and
// communities under it, for each window (7 and 30 days): a count that raises a warning by
// itself (absolute), a rise on the window before (percent) with a least count (minimum). Each
// field is the node's own setting, or empty to take what it inherits (the setting above, else
// the default), shown beside with what is in force. Administrators save with PUT, the
// server's messages under their fields; the other readers of warnings read them. Online only.
//   #/admin/thresholds?node=<id>   (the user's own node by default)
import { api } from "../api.js";
import { backLink, showFailure, showLoading, submitRequest } from "../admin/common.js";
import { fetchNodes, LEVELS } from "../admin/org.js";
import { setBusy } from "../forms.js";
import { html, render as draw } from "../html.js";
import { t } from "../i18n.js";
import { toast } from "../notice.js";
import { ROUTES } from "../routes.js";
import RULES from "../rules.js";
import { currentUser, hasRole } from "../session.js";
import {
  chosenNode, clearOnInput, followNodePicker, formValues, nodeSelect, nodesOfKinds,
  numberField, numberValue,
} from "../widgets/admin-pickers.js";

const WARNINGS = RULES.warnings;
const WINDOWS = WARNINGS.windows.map(String);
// Hot spots are counted per village or community, its grids' cases with it
// (qzapp/reports/warning_rules.py): a setting on a grid, or on a party organisation off the
// villages' paths, would never apply, so they are not offered.
const SETTABLE_KINDS = LEVELS.filter((kind) => kind !== "grid");

function shown(name, value) {
  return name === "percent" ? `${value}%` : String(value);
}

/** What a field inherits: the parent's value in force when the parent is in the scope, else
 *  (the node sets nothing there) what is in force; null when unknown here. */
function inherited(answer, parent, days, name) {
  if (parent) return parent.applied[days][name];
  return answer.own[days][name] === null ? answer.applied[days][name] : null;
}

function fieldOf(answer, parent, days, name) {
  const from = inherited(answer, parent, days, name);
  const hint = from === null
    ? t("admin.thresholds.inherit_default", { value: shown(name, answer.defaults[days][name]) })
    : t("admin.thresholds.inherit", { value: shown(name, from) });
  return numberField(`${days}.${name}`, t(`admin.thresholds.field.${name}`),
    answer.own[days][name], hint, from ?? answer.defaults[days][name]);
}

function windowFields(answer, parent, days) {
  const own = Object.values(answer.own[days]).filter((value) => value !== null).length;
  return html`<fieldset class="field form" data-window="${days}">
    <legend class="form-title">${t("admin.thresholds.window", { days })}</legend>
    <p class="muted" data-applied>${t("admin.thresholds.applied",
      { days, ...answer.applied[days] })}</p>
    <p class="muted" data-own="${own}">${own ? t("admin.thresholds.own_some", { count: own })
      : t("admin.thresholds.own_none")}</p>
    ${Object.keys(WARNINGS.defaults[days]).map((name) => fieldOf(answer, parent, days, name))}
  </fieldset>`;
}

function thresholdForm(answer, parent, keeper) {
  return html`<form class="card form" novalidate data-form="thresholds">
    <p class="form-error" role="alert" hidden></p>
    ${keeper ? "" : html`<p class="notice read-only-note">${t("admin.thresholds.read_only")}</p>`}
    <fieldset class="field form" ${keeper ? "" : "disabled"}>
      ${WINDOWS.map((days) => windowFields(answer, parent, days))}
    </fieldset>
    ${keeper ? html`<button class="btn btn-primary btn-block" type="submit"
      >${t("admin.thresholds.save")}</button>` : ""}
  </form>`;
}

function readThresholds(form) {
  return Object.fromEntries(WINDOWS.map((days) => [days, Object.fromEntries(
    Object.keys(WARNINGS.defaults[days]).map((name) => [name,
      numberValue(form.elements.namedItem(`${days}.${name}`))]))]));
}

/** Draw the form of a node's thresholds into slot; saving redraws it from the answer. */
function showThresholds(slot, { answer, parent, keeper, state }) {
  draw(slot, thresholdForm(answer, parent, keeper));
  const form = slot.querySelector("form");
  state.form = form;
  state.saved = formValues(form);
  clearOnInput(form);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const saved = await submitRequest(form, () => api(
      `/api/warnings/thresholds/${answer.node_id}`, { method: "PUT", body: readThresholds(form) }));
    if (!saved) return;
    setBusy(form.querySelector("button[type=submit]"), false, t("admin.thresholds.save"));
    toast(t("admin.saved"));
    showThresholds(slot, { answer: saved, parent, keeper, state });
  });
}

/** The thresholds of the node's parent when the scope holds it (what the node inherits). */
async function parentOf(nodes, nodeId) {
  const parentId = nodes.find((node) => node.id === nodeId)?.parent_id;
  if (!nodes.some((node) => node.id === parentId)) return null;
  return api(`/api/warnings/thresholds/${parentId}`);
}

/** Draw the thresholds set on ?node= (a node of the scope over villages and communities). */
export async function render(root, params, signal) {
  const back = hasRole(ROUTES.find((route) => route.path === "admin").roles)
    ? backLink("admin", t("nav.admin")) : backLink("warnings", t("warning.title"));
  showLoading(root);
  let entries;
  let nodeId;
  let answer;
  let parent;
  try {
    const nodes = await fetchNodes();
    entries = nodesOfKinds(nodes, SETTABLE_KINDS);
    nodeId = chosenNode(entries, params.node, currentUser());
    [answer, parent] = nodeId ? await Promise.all([
      api(`/api/warnings/thresholds/${nodeId}`), parentOf(nodes, nodeId)]) : [];
  } catch (error) {
    return showFailure(root, error, () => render(root, params, signal), back);
  }
  if (signal?.aborted) return undefined;
  if (!nodeId) {
    return draw(root, html`${back}<p class="card muted empty">${t(
      "admin.thresholds.no_nodes")}</p>`);
  }
  draw(root, html`${back}
    <p class="notice notice-warn only-offline">${t("admin.needs_network")}</p>
    <section class="card form">
      ${nodeSelect("node", t("admin.thresholds.node"), entries, nodeId)}
      <p class="muted">${t("admin.thresholds.node_hint")}</p></section>
    <div data-thresholds></div>`);
  const state = {};
  showThresholds(root.querySelector("[data-thresholds]"), { answer, parent,
    keeper: hasRole(WARNINGS.keepers), state });
  followNodePicker(root, "admin/thresholds", nodeId, state);
  return undefined;
}
