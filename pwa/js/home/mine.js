// 我的结对户 on the home screen, judged from the phone's own records (works offline):
// follow-ups overdue or due today, households not visited for long with no follow-up
// arranged, and pairings or a stationing due for rotation. Each row opens the household.
import { stateGet } from "../db.js";
import { html } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import { rotationChip } from "../households/history.js";
import { myHouseholds, myStationings } from "../households/local.js";
import { knownNodes, nodeMap, nodeName } from "../households/nodes.js";
import { group, row, section } from "./parts.js";

const DAY_MS = 24 * 3600 * 1000;
const ROTATION_ORDER = { overdue: 0, due: 1 };

/** Whole days from one day (YYYY-MM-DD) to a later one. */
export function daysBetween(from, to) {
  return Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS);
}

/** The day a household was last seen by its cadre: the last visit, else the pairing's start. */
function lastContact(item) {
  return item.last_visit ?? item.pairing.start_date ?? null;
}

function byRotation(a, b) {
  return ROTATION_ORDER[a.rotation] - ROTATION_ORDER[b.rotation]
    || (a.start_date || "").localeCompare(b.start_date || "");
}

// gapDays is the server's 久未走访 rule; null before the phone has heard it, and then that
// list is left out rather than judged by a number copied here.
/** What waits for the user among the households paired with them, from the phone's records. */
export async function mineWork(uid, today, gapDays) {
  const [items, stationings, synced, nodes] = await Promise.all([
    myHouseholds(uid, today), myStationings(uid, today),
    stateGet(uid, "last_ok").catch(() => null), knownNodes(uid)]);
  const unvisited = gapDays === null ? null : items
    .filter((i) => !i.next_follow_up && lastContact(i)
      && daysBetween(lastContact(i), today) > gapDays)
    .sort((a, b) => lastContact(a).localeCompare(lastContact(b)));
  const rotations = [
    ...items.filter((i) => i.rotation !== "ok")
      .map((i) => ({ ...i, start_date: i.pairing.start_date })),
    ...stationings.filter((s) => s.rotation !== "ok").map((s) => ({ ...s, stationing: true })),
  ].sort(byRotation);
  return {
    today, gapDays, total: items.length, stationed: stationings.length,
    synced: Boolean(synced), byId: nodeMap(nodes), unvisited, rotations,
    followUps: items.filter((i) => i.next_follow_up && i.next_follow_up <= today),
  };
}

function followUpRow(item) {
  const { household } = item;
  return row(`#/household?id=${household.id}`, {
    id: household.id, title: household.head_name, overdue: item.follow_up_overdue,
    lines: [item.follow_up_overdue ? t("mine.follow_up_overdue", { date: item.next_follow_up })
      : t("home.follow_up_today"),
    item.last_visit ? t("mine.last_visit", { date: item.last_visit }) : t("mine.never_visited")],
  });
}

function unvisitedRow(item, today) {
  const { household } = item;
  const days = daysBetween(lastContact(item), today);
  return row(`#/household?id=${household.id}`, {
    id: household.id, title: household.head_name,
    lines: [item.last_visit ? t("home.mine.days_unvisited", { days })
      : t("home.mine.never_visited_days", { days }), household.address],
  });
}

function rotationRow(item, byId) {
  if (item.stationing) {
    const place = nodeName(byId, item.node_id);
    return row("#/my-households", {
      id: item.id, title: place ? t("mine.stationed", { place }) : t("home.mine.stationing"),
      chips: rotationChip(item.rotation),
      lines: [item.post, t("home.stationed_since", { date: item.start_date })],
    });
  }
  return row(`#/household?id=${item.household.id}`, {
    id: item.household.id, title: item.household.head_name, chips: rotationChip(item.rotation),
    lines: [t("home.paired_since", { date: item.start_date })],
  });
}

/** The section: its three cards, or what to expect when the user has no households yet. */
export function mineSection(work) {
  const title = t("home.mine.title");
  if (!work.total && !work.stationed) {
    return section("mine", title, html`<p class="card empty home-empty">
      ${t(work.synced ? "mine.empty" : "home.mine.first_sync")}</p>`);
  }
  return section("mine", title, html`
    ${group("follow_ups", t("home.follow_ups"), { count: work.followUps.length,
      rows: work.followUps.map(followUpRow), empty: t("home.no_follow_ups") })}
    ${work.unvisited ? group("unvisited", t("home.mine.unvisited", { days: work.gapDays }), {
      count: work.unvisited.length, rows: work.unvisited.map((i) => unvisitedRow(i, work.today)),
      empty: t("home.mine.none_unvisited") }) : ""}
    ${group("rotations", t("home.rotations"), { count: work.rotations.length,
      rows: work.rotations.map((i) => rotationRow(i, work.byId)), empty: t("home.no_rotations") })}
    <a class="card list-row list-link home-all" href="#/my-households">
      <span>${t("home.mine.all", { count: work.total })}</span>${icon("chevron")}</a>`);
}
