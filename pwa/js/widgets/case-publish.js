// A case on its village's public board (民情公开栏): whether it is there and with what summary;
// for those who handle it, a summary to publish (online: the server screens it for the
// people's names and numbers, and says what to change) and the way to take it off again.
import { ApiError, OfflineError, api } from "../api.js";
import { setBusy } from "../forms.js";
import { html } from "../html.js";
import { t } from "../i18n.js";
import { LEDGER, mayWrite } from "../ledger/cases.js";

/** The board card of a case: its place on the board and, for who may, the form. */
export function publishTemplate(state, user) {
  const mayPublish = mayWrite(state, "publish", user);
  const mayTakeOff = state.published && mayWrite(state, "unpublish", user);
  if (!state.published && !mayPublish) return html``;
  return html`<section class="card case-board" aria-labelledby="board-title">
    <h2 class="section-title" id="board-title">${t("case.board.title")}</h2>
    <p class="muted">${state.published ? t("case.board.on") : t("case.board.off")}</p>
    ${state.published ? html`<blockquote class="board-summary">${state.public_summary}
      </blockquote>` : ""}
    ${mayPublish ? html`<form class="form" data-form="publish" novalidate>
      <p class="notice notice-warn only-offline">${t("case.board.needs_network")}</p>
      <label class="field"><span class="field-label">${t("case.board.summary")}</span>
        <textarea name="summary" rows="4" maxlength="${LEDGER.public_summary_max}"
          required>${state.public_summary || ""}</textarea></label>
      <p class="muted">${t("case.board.hint")}</p>
      <ul class="form-error board-problems" role="alert" hidden></ul>
      <button class="btn btn-primary btn-block" type="submit">${state.published
    ? t("case.board.update") : t("case.board.publish")}</button></form>` : ""}
    ${mayTakeOff ? html`<button type="button" class="btn btn-light btn-block"
      data-action="unpublish">${t("case.board.unpublish")}</button>` : ""}
  </section>`;
}

function showProblems(form, messages) {
  const list = form.querySelector(".board-problems");
  list.replaceChildren(...messages.map((message) => {
    const item = document.createElement("li");
    item.textContent = message;
    return item;
  }));
  list.hidden = !messages.length;
}

function problemsOf(error) {
  if (error instanceof OfflineError) return [t("case.board.needs_network")];
  if (error instanceof ApiError) {
    const listed = (error.errors || []).map((e) => e.message);
    return listed.length ? [error.message, ...listed] : [error.message];
  }
  throw error;
}

/** Answer the card's form and button inside part; done(case) after the server took it. */
export function runPublish(part, caseId, done) {
  const url = `/api/cases/${encodeURIComponent(caseId)}/publication`;
  part.addEventListener("submit", async (event) => {
    const form = event.target.closest("[data-form=publish]");
    if (!form) return;
    event.preventDefault();
    const summary = form.summary.value.trim();
    if (!summary) return showProblems(form, [t("field.required")]);
    const button = form.querySelector("button[type=submit]");
    const label = button.textContent;
    setBusy(button, true, t("case.board.sending"));
    try {
      const answer = await api(url, { method: "POST", body: { summary } });
      done(answer.case, t("case.board.published"));
    } catch (error) {
      showProblems(form, problemsOf(error));
      setBusy(button, false, label);
    }
  });
  part.addEventListener("click", async (event) => {
    const button = event.target.closest("[data-action=unpublish]");
    if (!button) return;
    button.disabled = true;
    try {
      const answer = await api(url, { method: "DELETE", body: {} });
      done(answer.case, t("case.board.taken_off"));
    } catch (error) {
      const form = part.querySelector("[data-form=publish]");
      if (form) showProblems(form, problemsOf(error));
      button.disabled = false;
    }
  });
}
