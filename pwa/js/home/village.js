// The open items of the village (or grid) whose register the user keeps, as the server last
// counted them (GET /api/home, remembered for offline use): follow-ups overdue or due today,
// households with no paired cadre, rotations due, and the diaries of the last days.
import { formatDateTime } from "../format.js";
import { html } from "../html.js";
import { t } from "../i18n.js";
import { rotationChip } from "../households/history.js";
import { group, row, section } from "./parts.js";

function followUpRow(item) {
  return row(`#/household?id=${item.id}`, {
    id: item.id, title: item.head_name, overdue: item.overdue,
    lines: [item.overdue ? t("mine.follow_up_overdue", { date: item.follow_up_date })
      : t("home.follow_up_today"), item.place],
  });
}

function householdRow(item) {
  return row(`#/household?id=${item.id}`, { id: item.id, title: item.head_name,
    lines: [item.place] });
}

function rotationRow(item) {
  if (item.kind === "stationing") {
    return row(null, {
      title: t("home.village.stationed", { name: item.cadre_name || "—" }),
      chips: rotationChip(item.rotation),
      lines: [[item.place, item.post].filter(Boolean).join(" · "),
        t("home.stationed_since", { date: item.start_date })],
    });
  }
  const { household } = item;
  return row(`#/household?id=${household.id}`, {
    id: household.id, title: household.head_name, chips: rotationChip(item.rotation),
    lines: [t("rotation.pairing_line", { name: item.cadre_name || "—", date: item.start_date })],
  });
}

function diaryRow(item) {
  const about = item.head_name || item.topic || t(`diary.kind.${item.kind}`);
  return row(`#/diary-view?id=${item.id}`, {
    id: item.id, title: about,
    lines: [[formatDateTime(item.occurred_at), t(`diary.kind.${item.kind}`), item.author]
      .filter(Boolean).join(" · ")],
  });
}

/** The section for answer.village; a note when the phone has no answer yet. */
export function villageSection(answer, place) {
  if (!answer) {
    return section("village", t("home.village.title", { name: place }),
      html`<p class="card muted">${t("home.no_offline_data")}</p>`);
  }
  const { village, counts, rules } = answer;
  if (!village) return "";
  const list = (name) => village[name] ?? { count: 0, items: [] };
  const groupOf = (name, key, rowOf, empty, vars = {}) => group(name, t(key, vars), {
    count: list(name).count, rows: list(name).items.map(rowOf), empty: t(empty) });
  return section("village", t("home.village.title", { name: village.node.name }), html`
    <p class="muted home-lead">${t("home.village.households", {
      count: counts?.households ?? 0 })}</p>
    ${groupOf("follow_ups", "home.follow_ups", followUpRow, "home.no_follow_ups")}
    ${groupOf("unpaired", "home.village.unpaired", householdRow, "home.village.none_unpaired")}
    ${groupOf("rotations", "home.rotations", rotationRow, "home.no_rotations")}
    ${groupOf("diaries", "home.village.diaries", diaryRow, "home.village.no_diaries",
      { days: rules?.recent_diary_days ?? "" })}`);
}
