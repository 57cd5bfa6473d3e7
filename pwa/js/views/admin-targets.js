// 领导基层工作目标: what a node of the scope asks of the leaders at and under it, per level
// (province, city, county, township): days at the grassroots a year and receptions a month.
// Empty takes the setting above, else the seed's default (shown beside: 90 days for city
// leaders, never fewer; one reception a month). Administrators save with PUT, the server's
// messages under their fields and what was typed kept; supervisors read them. Online only.
//   #/admin/targets?node=<id>   (the user's own node by default)
import { api } from "../api.js";
import { backLink, showFailure, showLoading, submitRequest } from "../admin/common.js";
import { fetchNodes } from "../admin/org.js";
import { setBusy } from "../forms.js";
import { html, render as draw } from "../html.js";
import { t } from "../i18n.js";
import { toast } from "../notice.js";
import RULES from "../rules.js";
import { currentUser, hasRole } from "../session.js";
import {
  chosenNode, clearOnInput, followNodePicker, formValues, nodeSelect, nodesOfKinds,
  numberField, numberValue,
} from "../widgets/admin-pickers.js";

const LEADERS = RULES.leaders;

/** The levels whose leaders may sit at or under a node of kind: its own and those below. */
function levelsUnder(kind) {
  const at = LEADERS.levels.indexOf(kind);
  return at < 0 ? [] : LEADERS.levels.slice(at);
}

function daysHint(target) {
  const days = target.default_days_per_year;
  if (days === null || days === undefined) return t("admin.targets.no_default");
  return target.days_floor ? t("admin.targets.default_days_floor",
    { days, floor: target.days_floor }) : t("admin.targets.default_days", { days });
}

function receptionsHint(level) {
  const count = LEADERS.default_receptions[level];
  return count ? t("admin.targets.default_receptions", { count }) : t("admin.targets.no_default");
}

function levelFields(level, target) {
  const name = (part) => `${level}.${part}`;
  return html`<fieldset class="field form" data-level="${level}">
    <legend class="form-title">${t("admin.targets.level",
      { level: t(`org.kind.${level}`) })}</legend>
    ${numberField(name("days_per_year"), t("admin.targets.days"), target.days_per_year,
      daysHint(target))}
    ${numberField(name("receptions_per_month"), t("admin.targets.receptions"),
      target.receptions_per_month, receptionsHint(level))}
  </fieldset>`;
}

function targetForm(levels, targets, keeper) {
  return html`<form class="card form" novalidate data-form="targets">
    <p class="form-error" role="alert" hidden></p>
    ${keeper ? "" : html`<p class="notice read-only-note">${t("admin.targets.read_only")}</p>`}
    <fieldset class="field form" ${keeper ? "" : "disabled"}>
      ${levels.map((level) => levelFields(level, targets[level]))}
    </fieldset>
    ${keeper ? html`<button class="btn btn-primary btn-block" type="submit"
      >${t("admin.targets.save")}</button>` : ""}
  </form>`;
}

function picker(entries, nodeId) {
  return html`<section class="card form">
    ${nodeSelect("node", t("admin.targets.node"), entries, nodeId)}
    <p class="muted">${t("admin.targets.node_hint")}</p></section>`;
}

/** The levels' values as the API takes them: those set now or before (a level never set
 *  and left empty is left out, so it stays without a row of its own). */
function readTargets(form, levels, targets) {
  const value = (level, part) => numberValue(form.elements.namedItem(`${level}.${part}`));
  return Object.fromEntries(levels.map((level) => [level, {
    days_per_year: value(level, "days_per_year"),
    receptions_per_month: value(level, "receptions_per_month"),
  }]).filter(([level, values]) => Object.values(values).some((v) => v !== null)
    || Object.keys(values).some((part) => targets[level][part] !== null)));
}

/** Draw the form of a node's targets into slot; saving redraws it from the server's answer. */
function showTargets(slot, { nodeId, levels, targets, keeper, state }) {
  draw(slot, targetForm(levels, targets, keeper));
  const form = slot.querySelector("form");
  state.form = form;
  state.saved = formValues(form);
  clearOnInput(form);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const answer = await submitRequest(form, () => api(`/api/leaders/targets/${nodeId}`,
      { method: "PUT", body: readTargets(form, levels, targets) }));
    if (!answer) return;
    setBusy(form.querySelector("button[type=submit]"), false, t("admin.targets.save"));
    toast(t("admin.saved"));
    showTargets(slot, { nodeId, levels, targets: answer.targets, keeper, state });
  });
}

/** Draw the targets set on ?node= (a node of the scope where leaders may sit). */
export async function render(root, params, signal) {
  const back = backLink("admin", t("nav.admin"));
  showLoading(root);
  let entries;
  let nodeId;
  let answer;
  try {
    entries = nodesOfKinds(await fetchNodes(), LEADERS.levels);
    nodeId = chosenNode(entries, params.node, currentUser());
    answer = nodeId ? await api(`/api/leaders/targets/${nodeId}`) : null;
  } catch (error) {
    return showFailure(root, error, () => render(root, params, signal), back);
  }
  if (signal?.aborted) return undefined;
  if (!nodeId) {
    return draw(root, html`${back}<p class="card muted empty">${t("admin.targets.no_nodes")}</p>`);
  }
  const node = entries.find((entry) => entry.node.id === nodeId).node;
  draw(root, html`${back}
    <p class="notice notice-warn only-offline">${t("admin.needs_network")}</p>
    ${picker(entries, nodeId)}<div data-targets></div>`);
  const state = {};
  showTargets(root.querySelector("[data-targets]"), { nodeId, levels: levelsUnder(node.kind),
    targets: answer.targets, keeper: hasRole(LEADERS.keepers), state });
  followNodePicker(root, "admin/targets", nodeId, state);
  return undefined;
}
