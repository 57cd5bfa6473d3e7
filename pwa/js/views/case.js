// One case (诉求): what was asked and by whom (as the server sent it: masked for those who do
// not handle it), its countdown, its timeline, and the household's other cases; from the
// phone's records with my unsent steps folded in (works offline), and online the server's
// copy with the names of who did what. 办理 opens a sheet of the steps I may take now, each a
// short form; a step is saved on the phone as an event and sent when there is a connection.
import { api, ApiError } from "../api.js";
import { recordGet } from "../db.js";
import { drawIfChanged, html, render as draw } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import { beijingToday } from "../households/rules.js";
import {
  actionsFor, foldContext, householdCases, knownPeople, learnPeople, ledger, localCase,
  withWaiting, writeEvent,
} from "../ledger/cases.js";
import { toast } from "../notice.js";
import { deviceId } from "../outbox.js";
import { onSync } from "../screen.js";
import { currentUser } from "../session.js";
import { fillThumbs } from "../thumbs.js";
import { caseForm } from "../widgets/case-forms.js";
import { caseChips, caseRow, caseStyles } from "../widgets/case-parts.js";
import { publishTemplate, runPublish } from "../widgets/case-publish.js";
import { ordered, personName, timelineTemplate } from "../widgets/case-timeline.js";
import { lightboxTemplate, photoGrid, runLightbox } from "../widgets/diary-photos.js";

function fact(name, value) {
  if (value === null || value === undefined || value === "") return "";
  return html`<div><dt>${t(`case.field.${name}`)}</dt><dd>${value}</dd></div>`;
}

function caseCard(state, { clock, waiting, household, context }) {
  const person = [state.person_name, state.person_phone].filter(Boolean).join(" ");
  const who = (id) => (id ? personName(id, context) : "");
  return html`<section class="card case-card" data-id="${state.id}"
      data-status="${state.status}">
    ${caseChips(state, clock, waiting)}
    <p class="case-full">${state.text}</p>
    <dl class="facts">
      ${fact("person_name", person)}
      ${fact("channel", t(`case.channel.${state.channel}`))}
      ${household ? fact("household_id", html`<a href="#/household?id=${household.id}">${
    household.head_name}</a>`) : ""}
      ${state.diary_id ? fact("diary_id", html`<a href="#/diary-view?id=${state.diary_id}">${
      t("case.open_diary")}</a>`) : ""}
      ${fact("received_at", (state.received_at || "").slice(0, 10))}
      ${fact("due", clock?.due)}
      ${fact("owner_id", who(state.owner_id))}
      ${fact("handler_id", who(state.handler_id))}
      ${fact("pending", who(state.pending?.to_user_id))}
      ${fact("leader_id", who(state.leader_id))}
      ${fact("result", state.result ? t(`case.result.${state.result}`) : "")}
      ${fact("satisfaction", state.satisfaction
        ? t(`case.satisfaction.${state.satisfaction}`) : "")}
    </dl>${photoGrid(state.photos)}</section>`;
}

function barTemplate(actions) {
  if (!actions.length) return html``;
  return html`<button type="button" class="btn btn-primary btn-block" data-action="sheet">
    ${icon("edit")}${t("case.handle")}</button>`;
}

function sheetList(actions) {
  return html`<h2 class="form-title">${t("case.handle_title")}</h2>
    <div class="sheet-actions">${actions.map((kind) => html`<button type="button"
      class="btn btn-secondary btn-block" data-step="${kind}">${t(`case.action.${kind}`)}
      </button>`)}</div>
    <button type="button" class="btn btn-light btn-block" data-action="close-sheet">${t(
      "case.cancel")}</button>`;
}

function othersTemplate(items) {
  if (!items.length) return html``;
  return html`<h2 class="section-title">${t("case.household_cases", { count: items.length })}
    </h2><ul class="card list case-list">${items.map(caseRow)}</ul>`;
}

/** The case as shown: the server's copy (online) or the phone's, whichever is further on,
 *  with my unsent steps on top; the events of both. */
function merged(local, server, context) {
  const base = local.base;
  if (!server || (base && base.events_n > server.case.events_n)) {
    return { state: local.state, events: local.events };
  }
  const known = new Set(server.events.map((e) => e.id));
  const waiting = local.waiting.filter((e) => !known.has(e.id));
  return { state: withWaiting(server.case, waiting, context),
    events: [...server.events.map((e) => ({ ...e, _status: "synced" })),
      ...local.events.filter((e) => !known.has(e.id))] };
}

/** The case from the server: null offline, false when it is not there for this user. */
async function fromServer(id) {
  try {
    return await api(`/api/cases/${encodeURIComponent(id)}`);
  } catch (error) {
    return error instanceof ApiError && error.status === 404 ? false : null;
  }
}

/** My events the case may correct: kept and not refused. */
function ownEvents(events, uid) {
  return ordered(events).filter((e) => e.created_by === uid && !e.superseded
    && e._status !== "rejected");
}

function people(answer) {
  const names = {};
  for (const e of answer.events) if (e.created_by && e.by_name) names[e.created_by] = e.by_name;
  if (answer.case.owner_id && answer.case.owner_name) {
    names[answer.case.owner_id] = answer.case.owner_name;
  }
  return names;
}

/** No case to show: still asking, not there, or refused by the server (its events, with why,
 *  and the way to 同步 where they wait). */
function drawMissing(part, events, context, server) {
  if (events.length) {
    drawIfChanged(part("case"), html`<div class="card notice" role="alert">
      <p>${t("case.refused_case")}</p><a href="#/sync">${t("syncui.title")}</a></div>`);
    drawIfChanged(part("timeline"), timelineTemplate(events, context));
    return;
  }
  const key = server === undefined ? "admin.loading" : server === false ? "case.unknown"
    : "case.not_here";
  drawIfChanged(part("case"), html`<div class="card empty" role="alert"><p>${t(key)}</p></div>`);
}

/** Draw the case; drawn again when sync brings changes and when the server answers. */
export async function render(root, params, signal) {
  caseStyles();
  const user = currentUser();
  const uid = user.id;
  const id = (params.id || "").toLowerCase();
  const [context, device] = await Promise.all([foldContext(user), deviceId(uid)]);
  let server; // undefined: still asking; null: no answer; false: not there
  let view = null;
  draw(root, html`<a class="back-link" href="#/cases">${icon("back")}${t("nav.cases_mine")}</a>
    <div data-part="case"></div><div data-part="board"></div><div data-part="timeline"></div>
    <div data-part="others"></div><div class="case-bar" data-part="bar"></div>
    <dialog class="sheet" data-sheet aria-label="${t("case.handle_title")}"></dialog>
    ${lightboxTemplate()}`);
  const part = (name) => root.querySelector(`[data-part="${name}"]`);
  const sheet = root.querySelector("[data-sheet]");
  const paintNow = async () => {
    const local = await localCase(uid, id, context);
    const next = merged(local, server || null, context);
    const { state } = next;
    const names = { ...await knownPeople(uid), [uid]: user.name };
    const ctx = { uid, names, device };
    const [household, others] = state ? await Promise.all([
      state.household_id ? recordGet(uid, "household", state.household_id) : null,
      householdCases(uid, state.household_id, context, id)]) : [null, []];
    if (signal.aborted) return;
    view = next;
    if (!state) return drawMissing(part, view.events, ctx, server);
    const clock = ledger.clock(state, beijingToday());
    const own = ownEvents(view.events, uid);
    const rows = others.map((o) => ({ ...o, clock: ledger.clock(o.state, beijingToday()) }));
    const seen = new Set(rows.map((r) => r.state.id));
    for (const other of (server && server.household_cases) || []) {
      if (!seen.has(other.id)) rows.push({ state: other, clock: other.clock });
    }
    drawIfChanged(part("case"), caseCard(state, { clock, household: household?.data,
      context: ctx, waiting: view.events.some((e) => e._status === "pending") }));
    drawIfChanged(part("board"), publishTemplate(state, user));
    drawIfChanged(part("timeline"), timelineTemplate(view.events, ctx));
    drawIfChanged(part("others"), othersTemplate(rows));
    if (!sheet.open) drawIfChanged(part("bar"), barTemplate(actionsFor(state, user, own.length)));
    fillThumbs(root, uid);
  };
  // A sync and a saved step may both ask to paint: one after the other, so an older read
  // never finishes last, and awaiting paint() means the case on screen has what came before.
  let painted = Promise.resolve();
  const paint = () => {
    painted = painted.then(paintNow, paintNow);
    return painted;
  };
  let asking = false;
  const ask = async () => {
    if (asking) return;
    asking = true;
    const answer = await fromServer(id).finally(() => { asking = false; });
    if (answer) await learnPeople(uid, people(answer));
    if (answer !== null || server === undefined) server = answer;
    if (!signal.aborted) await paint();
  };
  const openStep = (kind) => {
    const { state } = view;
    const own = ownEvents(view.events, uid);
    caseForm(sheet, { kind, state, uid, own,
      onCancel: () => draw(sheet, sheetList(actionsFor(view.state, user, own.length))),
      onSave: async (data, person) => {
        await writeEvent(state.id, kind, data, view.state.events_n);
        if (person) learnPeople(uid, { [person.id]: person.name }).catch(() => {});
        await paint(); // the steps offered next follow from the case with this one in it
        sheet.close();
        toast(t("case.saved"));
      } });
  };
  root.addEventListener("click", (event) => {
    const step = event.target.closest("[data-step]");
    if (step) return openStep(step.dataset.step);
    if (event.target.closest("[data-action=close-sheet]")) return sheet.close();
    if (event.target.closest("[data-action=sheet]") && view?.state) {
      draw(sheet, sheetList(actionsFor(view.state, user, ownEvents(view.events, uid).length)));
      sheet.showModal();
    }
    return undefined;
  });
  sheet.addEventListener("close", () => paint());
  runPublish(part("board"), id, (_case, message) => {
    toast(message);
    ask(); // the board's step, with the server's names, into the timeline
  });
  runLightbox(root, uid);
  onSync(signal, async () => {
    await paint();
    ask(); // the server's names for what sync brought
  });
  await paint();
  await ask();
}
