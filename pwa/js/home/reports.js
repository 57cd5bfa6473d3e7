// 舆情预警 on the home screen of a village's first secretary and staff, and of leaders (who
// have no 管理): the open warnings of my scope as the server last listed them (remembered for
// offline use), the major-situation reports that await my level (from the phone's own store),
// and the way to write one. Supervisors and admins open both from 管理.
import { api } from "../api.js";
import { kvGet, kvSet, recordsOf } from "../db.js";
import { html } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import { SITUATION, WARNINGS } from "../reports/situation.js";
import { hasRole } from "../session.js";
import { group, row, section } from "./parts.js";

const KEY = "home-warnings";
const SHOWN = 3;
const SHOWN_TO = ["first_secretary", "village_staff", "leader"];

/** Ask the server for my open warnings and remember them; quietly nothing when offline. */
export async function refreshWarnings(user) {
  if (!user || !hasRole(SHOWN_TO)) return;
  try {
    const { items, total } = await api(`/api/warnings?limit=${SHOWN}`);
    await kvSet(KEY, { uid: user.id, items, total });
  } catch { /* offline: the remembered list stays */ }
}

/** What the section shows: {warnings (null: not a reader, or never fetched), awaiting}. */
export async function reportsWork(user) {
  if (!hasRole(SHOWN_TO)) return null;
  const kept = await kvGet(KEY).catch(() => undefined);
  const reports = hasRole(SITUATION.acknowledgers)
    ? await recordsOf(user.id, "situation_report") : [];
  return {
    warnings: hasRole(WARNINGS.readers) && kept?.uid === user.id ? kept : null,
    awaiting: reports.filter((r) => !r.data.deleted && r.data.status === "awaiting"
      && r.data.awaiting_node_id === user.node?.id).length,
  };
}

function warningRow(item) {
  return row("#/warnings", { id: String(item.id), title: item.place.filter(Boolean).join(" › "),
    lines: [t("home.reports.warning_line", { category: t(`appeal.category.${item.category}`),
      days: item.days, count: item.count })] });
}

/** The section (nothing for those it does not concern). */
export function reportsSection(work) {
  if (!work) return "";
  const { warnings, awaiting } = work;
  return section("reports", t("home.reports.title"), html`
    ${warnings ? group("warnings", t("home.reports.open"), { count: warnings.total,
      rows: warnings.items.map(warningRow), empty: t("warning.none.open") }) : ""}
    <div class="button-row home-reports">
      ${hasRole(WARNINGS.readers) ? html`<a class="btn btn-secondary" href="#/warnings"
        >${icon("alert")}${t("warning.title")}</a>` : ""}
      <a class="btn btn-secondary" href="#/situations" data-awaiting="${awaiting}">${icon(
        "register")}${awaiting ? t("home.reports.awaiting", { count: awaiting })
        : t("situation.title")}</a>
      ${hasRole(SITUATION.writers) ? html`<a class="btn btn-primary" href="#/situation-new"
        >${icon("plus")}${t("situation.new")}</a>` : ""}
    </div>`);
}
