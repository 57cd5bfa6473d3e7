// 首页: where work starts, per role. A user who holds several roles sees each role's section,
// the most actionable first: my households (judged on the phone from its own records), the
// village's open items and a supervisor's overview (from /api/home, remembered for offline
// use), then community duty, which is still to come. Diary writers get a one-tap 写民情日记;
// those who take cases in and have open ones, those cases (我的案件, judged on the phone too).
import { api, ApiError } from "../api.js";
import { DIARY_WRITERS } from "../diary-fields.js";
import { kvGet, kvSet } from "../db.js";
import { formatDateTime, greetingKey, nodePath, roleChips } from "../format.js";
import { caseWork, casesSection } from "../home/cases.js";
import { dutySection } from "../home/duty.js";
import { leaderSection, leaderWork, refreshLeaderWork } from "../home/leader.js";
import { mineSection, mineWork } from "../home/mine.js";
import { overviewSection } from "../home/overview.js";
import { refreshWarnings, reportsSection, reportsWork } from "../home/reports.js";
import { villageSection } from "../home/village.js";
import { PAIRABLE_ROLES, REGISTER_KEEPERS, beijingToday } from "../households/rules.js";
import { drawIfChanged, html } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import { CASE_INTAKE } from "../roles.js";
import { navigate } from "../router.js";
import { onSync, SYNC_DATA, SYNC_STATUS } from "../screen.js";
import { currentUser, forget, hasRole, remember } from "../session.js";

const OVERSEERS = ["supervisor", "admin"];
const VILLAGE_KINDS = ["village", "grid"];

/** Whether the user keeps the register of the village or grid they belong to. */
function keepsVillage(user) {
  return hasRole(REGISTER_KEEPERS) && VILLAGE_KINDS.includes(user.node?.kind);
}

function statusLine(answer, state) {
  if (state === "loading") return t(answer ? "home.refreshing" : "home.loading");
  if (!answer) return t("home.no_offline_data");
  const when = formatDateTime(answer.fetched_at);
  return state === "stale" ? t("home.offline_data", { when }) : t("home.updated", { when });
}

function template(user, { answer, state, work, cases, leader, reports }) {
  return html`
    <section class="card hero">
      <p class="hero-greeting">${t(greetingKey(), { name: user.name || user.username })}</p>
      <p class="hero-node">${nodePath(user.node)}</p>
      ${roleChips(user.roles)}
    </section>
    ${hasRole(DIARY_WRITERS) ? html`<a class="btn btn-primary btn-block home-write"
      href="#/diary-new">${icon("edit")}${t("diary.form.title")}</a>` : ""}
    ${leaderSection(leader)}
    ${work ? mineSection(work) : ""}
    ${cases?.items.length ? casesSection(cases) : ""}
    ${keepsVillage(user) ? villageSection(answer, user.node?.name) : ""}
    ${reportsSection(reports)}
    ${hasRole(OVERSEERS) ? overviewSection(answer, hasRole(["admin"])) : ""}
    ${dutySection(user.roles)}
    <p class="muted status-line" data-state="${state}">${statusLine(answer, state)}</p>`;
}

/** The last answer remembered for this user (undefined when none). */
async function remembered(uid) {
  const answer = await kvGet("home").catch(() => undefined);
  return answer?.uid === uid ? answer : undefined;
}

/** Fetch /api/home and remember it; null when the server cannot be reached. */
async function fetchHome() {
  try {
    const { user, rules, counts, village, overview } = await api("/api/home");
    if (user) await remember(user);
    const answer = { uid: user?.id ?? currentUser()?.id, rules, counts, village, overview,
      fetched_at: Date.now() };
    await kvSet("home", answer).catch(() => {});
    return answer;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      await forget();
      navigate("login");
      return undefined;
    }
    return null;
  }
}

/** Draw the home screen; drawn again when sync brings changes and when the server answers. */
export async function render(root, params, signal) {
  const view = { answer: await remembered(currentUser().id), state: "loading", work: null,
    cases: null };
  const paint = async () => {
    const user = currentUser();
    if (!user || signal.aborted) return;
    if (hasRole(PAIRABLE_ROLES)) {
      view.work = await mineWork(user.id, beijingToday(),
        view.answer?.rules?.visit_gap_days ?? null);
    }
    if (hasRole(CASE_INTAKE)) view.cases = await caseWork(user, beijingToday());
    view.leader = await leaderWork(user);
    view.reports = await reportsWork(user);
    if (!signal.aborted) drawIfChanged(root, template(user, view));
  };
  // Sync brings records (qz:data) and ends runs (qz:sync): a first sync that brings nothing
  // still turns "fetching your households" into what the phone holds.
  // One paint at a time, in order: a slow one never draws over a later one's records.
  let painting = Promise.resolve();
  const repaint = () => {
    painting = painting.then(paint).catch((error) => console.error("home", error));
    return painting;
  };
  onSync(signal, repaint, [...SYNC_DATA, ...SYNC_STATUS]);
  await repaint();
  const fresh = await fetchHome();
  if (fresh === undefined) return;
  await refreshLeaderWork(currentUser());
  await refreshWarnings(currentUser());
  Object.assign(view, { answer: fresh ?? view.answer, state: fresh ? "fresh" : "stale" });
  await repaint();
}
