// Every screen of the app, in one list. Adding a screen (and its tab) is one line here.
//   path:  the #/path it answers       view:  module exporting render(root, params, signal)
//   title: catalogue key of its title  tab:   {icon} when it has a bottom-navigation tab
//   roles: who may open it (omitted: any logged-in user)   public: open without login
//   parent: the tab that stays lit on a sub-screen
//   refetch: shows server data; drawn again when the connection comes back

import {
  CASE_INTAKE, CASE_USERS, DIARY_WRITERS, LEDGER_READERS, PAIRABLE_ROLES, REGISTER_KEEPERS,
  REGISTER_WRITERS,
} from "./roles.js";
import RULES from "./rules.js";

// Unannounced inspections of service windows (暗访, qzapp/ledger/rules.py): made by
// supervisors and leaders, read by them and by admins.
const INSPECTORS = RULES.ledger.inspectors;
const INSPECTION_READERS = [...INSPECTORS, "admin"];
// Who keeps a village's desk for the public: its own staff, and the subtree's admins.
const DESK_KEEPERS = [...RULES.ledger.desk_keepers, "admin"];

// Who reads diaries on the phone: writers, and supervisors (their scope's, read-only).
const DIARY_READERS = [...DIARY_WRITERS, "supervisor"];
// Who reads households: those paired with them, the register's writers, supervisors.
const HOUSEHOLD_READERS = [...PAIRABLE_ROLES, ...REGISTER_WRITERS, "supervisor"];

export const ROUTES = [
  { path: "login", view: "./views/login.js", title: "login.title", public: true },
  { path: "home", view: "./views/home.js", title: "nav.home", tab: { icon: "home" },
    refetch: true },
  { path: "diary", view: "./views/diary.js", title: "nav.diary", tab: { icon: "diary" },
    roles: DIARY_READERS },
  { path: "diary-new", view: "./views/diary-form.js", title: "diary.form.title", parent: "diary",
    roles: DIARY_WRITERS },
  { path: "diary-view", view: "./views/diary-view.js", title: "diary.view.title",
    parent: "diary", roles: DIARY_READERS },
  // At most one household tab per person: paired cadres get theirs, register keepers (and
  // supervisors) the register; administrators open the register from 管理.
  { path: "my-households", view: "./views/my-households.js", title: "nav.my_households",
    tab: { icon: "households" }, roles: PAIRABLE_ROLES },
  { path: "households", view: "./views/register.js", title: "nav.households",
    tab: { icon: "register" }, roles: [...REGISTER_KEEPERS, "supervisor"] },
  { path: "household", view: "./views/household.js", title: "household.title",
    parent: "my-households", roles: HOUSEHOLD_READERS },
  { path: "household-edit", view: "./views/household-form.js", title: "household.form.title",
    parent: "households", roles: REGISTER_WRITERS },
  { path: "household-import", view: "./views/register-import.js",
    title: "register.import_title", parent: "households", roles: REGISTER_WRITERS },
  // The ledger (民情台账): my cases (offline), a subtree's ledger (online), one case, intake.
  { path: "cases", view: "./views/cases.js", title: "nav.cases", tab: { icon: "cases" },
    roles: CASE_USERS },
  { path: "ledger", view: "./views/ledger.js", title: "ledger.title", parent: "cases",
    roles: LEDGER_READERS, refetch: true },
  { path: "case", view: "./views/case.js", title: "case.title", parent: "cases",
    roles: CASE_USERS },
  { path: "case-new", view: "./views/case-new.js", title: "intake.title", parent: "cases",
    roles: CASE_INTAKE },
  { path: "case-import", view: "./views/case-import.js", title: "backlog.title",
    parent: "cases", roles: CASE_INTAKE },
  { path: "inspections", view: "./views/inspections.js", title: "inspection.title",
    parent: "cases", roles: INSPECTION_READERS, refetch: true },
  { path: "inspection-new", view: "./views/inspection-form.js", title: "inspection.new",
    parent: "cases", roles: INSPECTORS },
  // Satisfaction surveys of a unit (政风行风满意度, qzapp/surveys/rules.py): online.
  { path: "surveys", view: "./views/surveys.js", title: "survey.title", parent: "admin",
    roles: RULES.surveys.readers, refetch: true },
  // Community duty (双报到, qzapp/duty/): the member's 我的服务 and the posts and shifts of their
  // community (offline, from the kept answer and the phone's own records; they fetch it again
  // themselves when the connection comes back, keeping what is open); the staff's
  // registrations, posts and shifts editor, sign-ups and members without a post.
  { path: "duty", view: "./views/duty.js", title: "nav.duty", tab: { icon: "users" },
    roles: [...RULES.duty.members, ...RULES.duty.staff] },
  { path: "duty-posts", view: "./views/duty-posts.js", title: "duty.posts.title",
    parent: "duty", roles: RULES.duty.members },
  { path: "duty-admin", view: "./views/duty-admin.js", title: "duty.admin.title",
    parent: "duty", roles: RULES.duty.staff },
  // Volunteer teams and pledges (承诺践诺, qzapp/duty/teams.py, pledges.py): a member's pledges
  // offline; teams kept by the community's staff (offline), read by its members; the staff's
  // decisions on pledges (online).
  { path: "duty-pledge", view: "./views/duty-pledge.js", title: "duty.pledge.title",
    parent: "duty", roles: RULES.duty.members },
  { path: "duty-teams", view: "./views/duty-teams.js", title: "duty.teams.title",
    parent: "duty", roles: [...RULES.duty.members, ...RULES.duty.staff] },
  { path: "duty-pledges-admin", view: "./views/duty-pledges-admin.js",
    title: "duty.pledges_admin.title", parent: "duty", roles: RULES.duty.staff, refetch: true },
  // Check-in at a post and hours (qzapp/duty/checkins.py, hours.py): the member's 扫码签到
  // (offline); the staff's hours to confirm, totals and Excel (online).
  { path: "duty-scan", view: "./views/duty-scan.js", title: "duty.scan.title", parent: "duty",
    roles: RULES.duty.members },
  { path: "duty-hours-admin", view: "./views/duty-hours-admin.js",
    title: "duty.admin_hours.title", parent: "duty", roles: RULES.duty.hours.readers,
    refetch: true },
  // A party organisation's members without a post this year, and their hours (online).
  { path: "duty-party", view: "./views/duty-party.js", title: "duty.party.title",
    parent: "admin", roles: RULES.duty.party_org_readers, refetch: true },
  // Leaders' grassroots work (领导干部联系基层, qzapp/leaders/): the leader's year (offline, from
  // the kept answer and the phone's own records; fetched again after each sync) and the forms
  // of a day at the grassroots, a research visit and a research report (offline).
  { path: "leader", view: "./views/leader.js", title: "nav.leader", tab: { icon: "pin" },
    roles: RULES.leaders.leaders },
  { path: "leader-day", view: "./views/leader-day.js", title: "leader.day.title",
    parent: "leader", roles: RULES.leaders.leaders },
  { path: "leader-visit", view: "./views/leader-visit.js", title: "leader.visit.title",
    parent: "leader", roles: RULES.leaders.leaders },
  { path: "leader-report", view: "./views/leader-report.js", title: "leader.report.title",
    parent: "leader", roles: RULES.leaders.leaders },
  { path: "leader-reception", view: "./views/leader-reception.js",
    title: "leader.reception.title", parent: "leader", roles: RULES.leaders.leaders },
  // Early warning (舆情预警, qzapp/reports/): the hot spots the server's tick raised (online),
  // acknowledged with a note; major-situation reports up the tree, read from the phone's
  // store and written offline, acknowledged online by the level they await.
  { path: "warnings", view: "./views/warnings.js", title: "warning.title", parent: "home",
    roles: RULES.warnings.readers, refetch: true },
  { path: "situations", view: "./views/situations.js", title: "situation.title",
    parent: "home", roles: RULES.warnings.situation.readers },
  { path: "situation-new", view: "./views/situation-new.js", title: "situation.new",
    parent: "home", roles: RULES.warnings.situation.writers },
  { path: "sync", view: "./views/sync.js", title: "syncui.title" },
  { path: "conflict", view: "./views/conflict.js", title: "syncui.conflict.title" },
  { path: "admin", view: "./views/admin-home.js", title: "nav.admin", tab: { icon: "org" },
    roles: ["admin", "supervisor"], refetch: true },
  { path: "admin/org", view: "./views/admin-org.js", title: "admin.org.title", parent: "admin",
    roles: ["admin"], refetch: true },
  { path: "admin/node", view: "./views/admin-node.js", title: "admin.node.title", parent: "admin",
    roles: ["admin"] },
  { path: "admin/users", view: "./views/admin-users.js", title: "admin.users.title",
    parent: "admin", roles: ["admin", "supervisor"], refetch: true },
  { path: "admin/user", view: "./views/admin-user.js", title: "admin.user.title",
    parent: "admin", roles: ["admin", "supervisor"] },
  { path: "admin/user-new", view: "./views/admin-user-new.js", title: "admin.user_new.title",
    parent: "admin", roles: ["admin"] },
  { path: "admin/import", view: "./views/admin-import.js", title: "admin.import.title",
    parent: "admin", roles: ["admin"] },
  { path: "admin/households", view: "./views/register.js", title: "nav.households",
    parent: "admin", roles: ["admin"] },
  { path: "household-pairing", view: "./views/pairing-form.js", title: "pairing.title",
    parent: "admin", roles: ["admin"] },
  { path: "admin/rotation", view: "./views/pairing-rotation.js", title: "rotation.title",
    parent: "admin", roles: ["admin"], refetch: true },
  { path: "admin/stationing", view: "./views/pairing-station.js", title: "station.title",
    parent: "admin", roles: ["admin"] },
  { path: "admin/deadlines", view: "./views/admin-deadlines.js", title: "deadlines.title",
    parent: "admin", roles: ["admin"] },
  // Leaders' work and early warning as administrators keep them (F8, F10; online): the
  // leaders of the scope for a year, a leader's contact points, the leaders' targets by level
  // (supervisors read them), the thresholds of hot spots (the readers of warnings read them).
  { path: "admin/leaders", view: "./views/admin-leaders.js", title: "admin.leaders.title",
    parent: "admin", roles: RULES.leaders.readers, refetch: true },
  { path: "admin/leader", view: "./views/admin-leader.js", title: "admin.leader.title",
    parent: "admin", roles: RULES.leaders.keepers },
  { path: "admin/targets", view: "./views/admin-targets.js", title: "admin.targets.title",
    parent: "admin", roles: RULES.leaders.readers },
  { path: "admin/thresholds", view: "./views/admin-thresholds.js",
    title: "admin.thresholds.title", parent: "admin", roles: RULES.warnings.readers },
  // A village's desk for the public (who receives its online appeals) and its QR poster.
  { path: "public-desk", view: "./views/public-desk.js", title: "desk.title", parent: "cases",
    roles: DESK_KEEPERS },
  // The inbox (消息): every notice the server writes for me, read offline; push settings.
  { path: "inbox", view: "./views/inbox.js", title: "nav.inbox", tab: { icon: "bell" } },
  { path: "notify-settings", view: "./views/notify-settings.js", title: "notify.title",
    parent: "me" },
  // Dashboards (统计分析, qzapp/reports/): a node's figures and the drill-down, the records
  // behind a number, a person's figures and annual report (online).
  { path: "dashboard", view: "./views/dashboard.js", title: "dashboard.title", parent: "admin",
    roles: RULES.dashboard.readers, refetch: true },
  { path: "dash-records", view: "./views/dash-records.js", title: "dashboard.records_title",
    parent: "admin", refetch: true },
  { path: "dash-person", view: "./views/dash-person.js", title: "dashboard.person_title",
    parent: "me", refetch: true },
  { path: "me", view: "./views/me.js", title: "nav.me", tab: { icon: "user" } },
  { path: "password", view: "./views/password.js", title: "password.title", parent: "me" },
];

export const HOME = "home";
export const LOGIN = "login";
