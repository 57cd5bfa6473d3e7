// 户情: one household from the phone's own records (works offline): its register fields,
// members and history. Phone and ID number show masked; a handler taps 显示 to see one in
// full, and each time the phone records a `reveal` through the outbox. Readers who do not
// handle the household get masked values from the server and no button. Its cases (诉求) on
// the phone are listed, and those who take cases in may 登记诉求 from here.
import { api } from "../api.js";
import { recordsOf } from "../db.js";
import { DIARY_WRITERS } from "../diary-fields.js";
import { drawIfChanged, html, render as draw } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import { historyTemplate, rotationChip } from "../households/history.js";
import {
  history, localHousehold, mergeHistory, openPairing,
} from "../households/local.js";
import { knownNodes, nodeMap, nodeName } from "../households/nodes.js";
import { householdsHome } from "../households/paths.js";
import {
  beijingNow, beijingToday, maskIdNumber, maskPhone, mayReveal, REGISTER_WRITERS,
  REVEAL_WINDOW_MINUTES, REVEALS_PER_WINDOW, rotationStatus,
} from "../households/rules.js";
import { foldContext, householdCases, ledger } from "../ledger/cases.js";
import { toast } from "../notice.js";
import { saveLocal } from "../outbox.js";
import { CASE_INTAKE } from "../roles.js";
import { onSync } from "../screen.js";
import { currentUser, hasRole } from "../session.js";
import { caseRow, caseStyles } from "../widgets/case-parts.js";

const MASKS = { phone: maskPhone, id_number: maskIdNumber };

function backLink() {
  const [path, title] = householdsHome();
  return html`<a class="back-link" href="#/${path}">${icon("back")}${t(title)}</a>`;
}

function secretRow(data, field, revealed) {
  const value = data[field];
  const shown = data.masked || revealed.has(field) ? value : MASKS[field](value);
  const button = !data.masked && value ? html`<button type="button" class="btn btn-light
      reveal-btn" data-reveal="${field}" aria-label="${t(revealed.has(field)
        ? "household.hide_field" : "household.reveal_field",
      { field: t(`household.field.${field}`) })}">${t(revealed.has(field)
        ? "household.hide" : "household.reveal")}</button>` : "";
  return html`<div class="secret-row"><dt>${t(`household.field.${field}`)}</dt>
    <dd><span class="secret-value" data-value="${field}">${shown || "—"}</span>${button}</dd></div>`;
}

function facts(data, place, revealed) {
  return html`<dl class="facts household-facts">
    <div><dt>${t("household.place")}</dt><dd>${place || "—"}</dd></div>
    <div><dt>${t("household.field.address")}</dt><dd>${data.address || "—"}</dd></div>
    ${secretRow(data, "phone", revealed)}
    ${secretRow(data, "id_number", revealed)}
    <div><dt>${t("household.field.needs")}</dt><dd>${data.needs || "—"}</dd></div>
  </dl>`;
}

function members(list = []) {
  return html`<h2 class="section-title">${t("household.members_title", { count: list.length })}
    </h2>${list.length ? html`<ul class="card list member-view">${list.map((m) => html`
      <li class="list-row"><span><strong>${m.name}</strong>
        ${m.relation ? html`<span class="muted"> · ${m.relation}</span>` : ""}</span>
        <span class="muted">${m.birth_year
          ? t("household.member.born", { year: m.birth_year }) : ""}</span></li>`)}</ul>`
    : html`<p class="card muted">${t("household.member.none")}</p>`}`;
}

function actions(record, current) {
  const id = record.id;
  const admin = hasRole(["admin"]);
  return html`<div class="button-row household-actions">
    ${hasRole(DIARY_WRITERS) ? html`<a class="btn btn-primary" data-action="diary"
      href="#/diary-new?household=${id}">${icon("diary")}${t("household.write_diary")}</a>` : ""}
    ${hasRole(CASE_INTAKE) ? html`<a class="btn btn-secondary" data-action="case"
      href="#/case-new?household=${id}">${icon("cases")}${t("intake.title")}</a>` : ""}
    ${hasRole(REGISTER_WRITERS) && !record.data.masked ? html`<a class="btn btn-secondary"
      href="#/household-edit?id=${id}">${icon("edit")}${t("household.edit")}</a>` : ""}
    ${admin ? html`<a class="btn btn-secondary" data-action="pairing"
      href="#/household-pairing?id=${id}">
      ${icon("users")}${t(current ? "pairing.handover" : "pairing.pair")}</a>` : ""}</div>`;
}

function casesTemplate(cases, today) {
  if (!cases.length) return "";
  return html`<h2 class="section-title">${t("household.cases", { count: cases.length })}</h2>
    <ul class="card list case-list">${cases.map((item) => caseRow({ ...item,
      clock: ledger.clock(item.state, today) }))}</ul>`;
}

function template(record, past, place, revealed, cases) {
  const data = record.data;
  const today = beijingToday();
  const current = openPairing(past.pairings, record.id);
  // Appeals made cases are shown as cases.
  const ids = new Set(cases.map((item) => item.state.id));
  past = { ...past, appeals: past.appeals.filter((appeal) => !ids.has(appeal.id)) };
  return html`
    ${backLink()}
    <section class="card household-card" data-id="${record.id}">
      <p class="household-name">${data.head_name}</p>
      <p class="chips"><span class="chip chip-kind">${t(`household.difficulty.${
        data.difficulty_type}`)}</span>
        ${current ? rotationChip(rotationStatus(current.start_date, today)) : ""}
        ${record.status && record.status !== "synced" ? html`<span class="status
          status-${record.status}">${t(`household.status.${record.status}`)}</span>` : ""}</p>
      ${current ? html`<p class="muted">${t("household.paired_with",
        { name: current.cadre_name || "—" })}</p>` : ""}
      ${facts(data, place, revealed)}
    </section>
    ${actions(record, current)}
    ${casesTemplate(cases, today)}
    ${members(data.members)}
    ${historyTemplate(past, today)}`;
}

/** The household and its history as the server has them (null when it cannot be asked). */
async function fromServer(id) {
  try {
    const answer = await api(`/api/households/${encodeURIComponent(id)}`);
    const { household, pairings, diaries, appeals } = answer;
    return { record: { id: household.id, data: household, status: "synced" },
      past: { pairings, diaries, appeals } };
  } catch {
    return null;
  }
}

async function reveal(uid, record, field, revealed) {
  if (revealed.has(field)) {
    revealed.delete(field);
    return true;
  }
  const mine = (await recordsOf(uid, "reveal")).filter((r) => r.data.created_by === uid);
  if (!mayReveal(mine.map((r) => r.data.revealed_at))) {
    toast(t("household.reveal_limit", { count: REVEALS_PER_WINDOW,
      minutes: REVEAL_WINDOW_MINUTES }), "error");
    return false;
  }
  try {
    await saveLocal("reveal", { household_id: record.id, field, revealed_at: beijingNow() });
  } catch (error) {
    console.error("reveal", error);
    toast(t("household.reveal_failed"), "error");
    return false;
  }
  revealed.add(field);
  return true;
}

/** Draw the household page; drawn again when sync brings changes while it is shown, and
 *  when the server (online) adds history the phone does not hold (an administrator's). */
export async function render(root, params, signal) {
  caseStyles();
  const user = currentUser();
  const uid = user.id;
  const context = await foldContext(user);
  const revealed = new Set(); // fields shown in full on this visit
  let server; // undefined: still asking; null: no answer
  const paint = async () => {
    const local = await localHousehold(uid, params.id);
    const record = local ?? server?.record;
    const past = mergeHistory(local ? await history(uid, params.id) : undefined, server?.past);
    if (signal.aborted) return;
    if (!record) {
      draw(root, html`${backLink()}<div class="card empty" role="alert"><p>${t(server === undefined
        ? "admin.loading" : "household.not_here")}</p></div>`);
      return;
    }
    const [nodes, cases] = await Promise.all([knownNodes(uid),
      householdCases(uid, record.id, context)]);
    const place = nodeName(nodeMap(nodes), record.data.node_id);
    if (signal.aborted) return;
    drawIfChanged(root, template(record, past, place, revealed, cases));
  };
  root.addEventListener("click", async (event) => {
    const button = event.target.closest("[data-reveal]");
    if (!button) return;
    button.disabled = true;
    const record = await localHousehold(uid, params.id);
    if (record && await reveal(uid, record, button.dataset.reveal, revealed)) await paint();
    else button.disabled = false;
  });
  onSync(signal, paint);
  await paint();
  server = await fromServer(params.id);
  if (!signal.aborted) paint();
}
