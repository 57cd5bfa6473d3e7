// 我的结对户: the households paired with me, from the phone's own records (works offline):
// overdue follow-ups first (red), then the soonest follow-up, then the longest unvisited;
// a badge when the pairing is due (12 months) or overdue (24 months) for rotation; above
// them, the user's own stationing in a village (挂职蹲点) under the same rule.
import { drawIfChanged, html } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import { rotationChip } from "../households/history.js";
import { myHouseholds, myStationings } from "../households/local.js";
import { nodeMap, nodeName, nodesSoon } from "../households/nodes.js";
import { beijingToday } from "../households/rules.js";
import { onSync } from "../screen.js";
import { currentUser } from "../session.js";

function dates(item) {
  const last = item.last_visit ? t("mine.last_visit", { date: item.last_visit })
    : t("mine.never_visited");
  const next = item.next_follow_up ? t(item.follow_up_overdue ? "mine.follow_up_overdue"
    : "mine.follow_up", { date: item.next_follow_up }) : t("mine.no_follow_up");
  return html`<span class="mine-dates">
    <span class="mine-last">${last}</span>
    <span class="mine-next ${item.follow_up_overdue ? "is-overdue" : ""}">${next}</span></span>`;
}

function row(item, byId) {
  const { household } = item;
  const place = [nodeName(byId, household.node_id), household.address].filter(Boolean)
    .join(" · ");
  return html`<li><a class="list-row list-link mine-row" data-id="${household.id}"
      data-overdue="${String(item.follow_up_overdue)}" data-rotation="${item.rotation}"
      href="#/household?id=${household.id}">
    <span class="row-text">
      <strong class="mine-name">${household.head_name}</strong>
      <span class="muted">${place}</span>
      <span class="chips"><span class="chip chip-kind">${t(`household.difficulty.${
        household.difficulty_type}`)}</span>${rotationChip(item.rotation)}</span>
      ${dates(item)}
    </span>${icon("chevron")}</a></li>`;
}

function stationCard(station, byId) {
  return html`<section class="card station-card" data-id="${station.id}">
    <p class="history-head"><strong>${t("mine.stationed", {
      place: nodeName(byId, station.node_id, "—") })}</strong>${rotationChip(station.rotation)}</p>
    <p class="muted">${[station.post, t("rotation.station_line", { date: station.start_date,
      end: station.planned_end_date || "—" })].filter(Boolean).join(" · ")}</p></section>`;
}

function template(items, stationings, byId) {
  const overdue = items.filter((item) => item.follow_up_overdue).length;
  return html`
    ${stationings.map((s) => stationCard(s, byId))}
    ${overdue ? html`<p class="card notice mine-summary" role="status">
      ${t("mine.overdue_count", { count: overdue })}</p>` : ""}
    ${items.length ? html`<ul class="card list mine-list">${items.map((i) => row(i, byId))}</ul>`
    : html`<div class="card empty">${icon("users")}<p>${t("mine.empty")}</p></div>`}
    <p class="muted status-line">${t("mine.offline_note")}</p>`;
}

/** Draw my households; drawn again when sync brings changes or names arrive. */
export async function render(root, params, signal) {
  const uid = currentUser().id;
  const { nodes, fresh } = await nodesSoon(uid);
  let byId = nodeMap(nodes);
  const paint = async () => {
    const today = beijingToday();
    const [items, stationings] = await Promise.all([myHouseholds(uid, today),
      myStationings(uid, today)]);
    if (!signal.aborted) drawIfChanged(root, template(items, stationings, byId));
  };
  onSync(signal, paint);
  await paint();
  fresh.then((names) => { // village and grid names from the server, kept for offline use
    byId = nodeMap(names);
    if (!signal.aborted) paint();
  });
}
