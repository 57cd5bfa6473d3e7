// 基层工作 on the home screen, for leaders: this year's days at the grassroots against the
// target (from the kept answer and the phone's own records: offline too), and the one tap
// that logs a day.
import { beijingToday } from "../households/rules.js";
import { html } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import { leaderStyles, yearCard } from "../leaders/parts.js";
import { LEADERS } from "../leaders/rules.js";
import { leaderYear, yearAnswer } from "../leaders/year.js";
import { section } from "./parts.js";

function isLeader(user) {
  return (user?.roles ?? []).some((role) => LEADERS.leaders.includes(role));
}

function thisYear() {
  return Number(beijingToday().slice(0, 4));
}

/** This year as the phone holds it, for a leader (null for anyone else). */
export async function leaderWork(user) {
  if (!isLeader(user)) return null;
  return leaderYear(user, thisYear(), { refresh: false }).catch(() => null);
}

/** Ask the server for this year again and keep its answer (a leader's; quietly offline). */
export async function refreshLeaderWork(user) {
  if (isLeader(user)) await yearAnswer(user.id, thisYear(), { refresh: true }).catch(() => {});
}

/** The home's section of a leader's year ("" for anyone else). */
export function leaderSection(state) {
  if (!state) return "";
  leaderStyles();
  const actions = html`<div class="button-row">
    <a class="btn btn-primary" href="#/leader-day" data-log-day>${icon("edit")}${t(
      "leader.day.title")}</a>
    <a class="btn btn-secondary" href="#/leader">${icon("pin")}${t("nav.leader")}</a></div>`;
  return section("leader", t("nav.leader"), yearCard(state, { thisYear: state.year,
    details: false, actions }));
}
