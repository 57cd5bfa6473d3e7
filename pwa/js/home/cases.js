// 我的案件 on the home screen, from the phone's own records (works offline): the open cases
// I own, handle or am to accept, the most pressing first (overdue, then by working days left),
// with how many are overdue; each row opens its case.
import { html } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import { foldContext, myCases, withClock } from "../ledger/cases.js";
import { caseStyles, clockChip } from "../widgets/case-parts.js";
import { group, row, section } from "./parts.js";

const SHOWN = 3;

/** My open cases, judged on the phone: {items, today}. */
export async function caseWork(user, today) {
  caseStyles();
  return { items: await myCases(user.id, await foldContext(user)), today };
}

/** The section: the most pressing cases, and the way to all of them. */
export function casesSection({ items, today }) {
  const overdue = items.filter((item) => item.due < today).length;
  const shown = items.slice(0, SHOWN).map((item) => withClock(item, today));
  const rows = shown.map(({ state, clock }) => row(`#/case?id=${state.id}`, {
    id: state.id, title: state.text, chips: clockChip(clock),
    overdue: clock?.state === "overdue",
    lines: [[t(`case.status.${state.status}`), state.person_name].filter(Boolean).join(" · ")],
  }));
  return section("cases", t("home.cases.title"), html`
    ${group("cases", overdue ? t("home.cases.overdue", { count: overdue })
      : t("home.cases.open"), { count: items.length, rows, empty: t("cases.empty") })}
    <a class="card list-row list-link home-all" href="#/cases">
      <span>${t("home.cases.all", { count: items.length })}</span>${icon("chevron")}</a>`);
}
