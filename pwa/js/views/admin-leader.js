// A leader's contact points (联系点), set by an administrator of the leader's node: the places
// of the admin's scope the leader keeps in touch with (townships, villages and communities,
// party organisations), picked from a list that a search narrows, saved with PUT. With the
// leader's days against their target and the way to their figures and annual report.
// Online only, like every administration screen.
//   #/admin/leader?id=<user id>&year=YYYY
import { api } from "../api.js";
import { backLink, showFailure, showLoading, submitRequest } from "../admin/common.js";
import { fetchNodes, kindLabel } from "../admin/org.js";
import { formatCount } from "../format.js";
import { setBusy, showErrors } from "../forms.js";
import { html, render as draw } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import { toast } from "../notice.js";
import RULES from "../rules.js";
import { nodesOfKinds, yearOf } from "../widgets/admin-pickers.js";

// What a contact point may be, as the server checks it (qzapp/leaders/rules.py).
const CONTACT_KINDS = RULES.leaders.contact_kinds;

function contactNames(contacts) {
  return contacts.length ? t("admin.leader.contacts_now", {
    names: contacts.map((c) => c.name).join(t("admin.leader.separator")) })
    : t("admin.leader.contacts_none");
}

function daysText(days) {
  const count = formatCount(days.count);
  return days.target ? t("admin.leaders.days", { days: count, target: formatCount(days.target) })
    : t("admin.leaders.days_no_target", { days: count });
}

function personCard(year, answer) {
  const { leader, days } = answer;
  return html`<section class="card node-card" data-leader="${leader.id}">
    <p class="node-name">${leader.name}</p>
    <div class="chips"><span class="chip chip-kind">${leader.node_name} · ${t(
      `org.kind.${leader.level}`)}</span>
      <span class="chip chip-muted" data-days>${daysText(days)}</span>
      ${days.behind ? html`<span class="chip chip-warn">${t("admin.leaders.behind")}</span>` : ""}
    </div>
    <p class="muted" data-contacts-now>${contactNames(answer.contacts)}</p>
    <a class="btn btn-secondary btn-block" href="#/dash-person?id=${leader.id}&year=${year}"
      >${icon("register")}${t("admin.leader.person")}</a>
  </section>`;
}

/** The places to pick: the scope's active townships, villages and party organisations, and
 *  the leader's present contact points wherever they are (so that keeping them is a choice). */
function places(nodes, contacts) {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const offered = nodesOfKinds(nodes, CONTACT_KINDS).map(({ node }) => node);
  const listed = new Set(offered.map((node) => node.id));
  const others = contacts.filter((c) => !listed.has(c.node_id))
    .map((c) => ({ id: c.node_id, name: c.name, kind: c.kind, parent_id: null }));
  return [...offered, ...others].map((node) => ({ node,
    parent: byId.get(node.parent_id)?.name ?? "" }));
}

function choice({ node, parent }, chosen) {
  return html`<label class="check check-box" data-place="${node.id}"
      data-search="${`${node.name} ${parent}`.toLowerCase()}">
    <input type="checkbox" name="node_ids" value="${node.id}"
      ${chosen.has(node.id) ? "checked" : ""}>
    <span class="row-text"><strong>${node.name}</strong>
      <span class="muted">${kindLabel(node)}${parent ? ` · ${parent}` : ""}</span></span></label>`;
}

function contactForm(list, contacts) {
  const chosen = new Set(contacts.map((c) => c.node_id));
  return html`<form class="card form" novalidate data-form="contacts">
    <h2 class="form-title">${t("admin.leaders.contacts")}</h2>
    <p class="muted">${t("admin.leader.contacts_hint")}</p>
    <p class="form-error" role="alert" hidden></p>
    <label class="search-box">${icon("search")}<input type="search" name="filter"
      autocomplete="off" aria-label="${t("admin.leader.filter")}"
      placeholder="${t("admin.leader.filter")}"></label>
    <fieldset class="field role-picker">
      <legend class="field-label" data-chosen>${t("admin.leader.chosen",
        { count: chosen.size })}</legend>
      <div class="checks cadre-choices">${list.map((item) => choice(item, chosen))}</div>
      <span class="field-error" data-error-for="node_ids"></span>
      ${list.length ? "" : html`<p class="muted">${t("admin.leader.no_places")}</p>`}
    </fieldset>
    <button class="btn btn-primary btn-block" type="submit">${t("admin.leader.save")}</button>
  </form>`;
}

function checkedIds(form) {
  return [...form.querySelectorAll("input[name=node_ids]:checked")]
    .map((input) => Number(input.value));
}

function bind(root, leaderId) {
  const form = root.querySelector("[data-form=contacts]");
  form.filter.addEventListener("input", () => {
    const words = form.filter.value.trim().toLowerCase();
    form.querySelectorAll("[data-place]").forEach((label) => {
      label.hidden = Boolean(words) && !label.dataset.search.includes(words);
    });
  });
  form.addEventListener("change", () => {
    form.querySelector("[data-chosen]").textContent = t("admin.leader.chosen",
      { count: checkedIds(form).length });
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const answer = await submitRequest(form, () => api(`/api/leaders/${leaderId}/contacts`,
      { method: "PUT", body: { node_ids: checkedIds(form) } }));
    if (!answer) return;
    setBusy(form.querySelector("button[type=submit]"), false, t("admin.leader.save"));
    showErrors(form, "");
    root.querySelector("[data-contacts-now]").textContent = contactNames(answer.contacts);
    toast(t("admin.saved"));
  });
}

/** Draw a leader's year at a glance and the editor of their contact points. */
export async function render(root, params, signal) {
  const year = yearOf(params);
  const back = backLink(`admin/leaders?year=${year}`, t("admin.leaders.title"));
  showLoading(root);
  let nodes;
  let answer;
  try {
    [nodes, answer] = await Promise.all([fetchNodes(),
      api(`/api/leaders/${encodeURIComponent(params.id ?? "")}?year=${year}`)]);
  } catch (error) {
    return showFailure(root, error, () => render(root, params, signal), back);
  }
  if (signal?.aborted) return undefined;
  draw(root, html`${back}
    <p class="notice notice-warn only-offline">${t("admin.needs_network")}</p>
    ${personCard(year, answer)}
    ${contactForm(places(nodes, answer.contacts), answer.contacts)}`);
  bind(root, answer.leader.id);
  return undefined;
}
