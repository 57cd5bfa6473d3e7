// Choosing who a case is assigned or transferred to (交办 / 转办), online: a search by name and
// the matches as radio buttons named to_user_id; only accounts that handle cases are offered.
// Overseers search the accounts of their scope; everyone else asks the case who may take it.
import { api } from "../api.js";
import { html, render as draw } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import { LEDGER } from "../ledger/cases.js";
import { hasRole } from "../session.js";

const SHOWN_AT_MOST = 30;

/** The picker's markup: the search row and the slot the matches go into. */
export function personTemplate() {
  return html`<fieldset class="field person-picker">
    <legend class="field-label">${t("case.field.to_user_id")}<span class="required"
      aria-hidden="true">*</span></legend>
    <div class="search-row">
      <label class="search-box">${icon("search")}
        <input type="search" data-person-search maxlength="40" autocomplete="off"
          aria-label="${t("case.person.search")}" placeholder="${t("case.person.search")}"
          enterkeyhint="search"></label>
      <button type="button" class="btn btn-secondary" data-action="find-person">
        ${t("case.person.find")}</button></div>
    <div class="checks person-choices" data-people></div>
    <span class="field-error" data-error-for="to_user_id"></span></fieldset>`;
}

/** Accounts matching q that may take the case by this step, [{id, name, place}]. */
async function candidates(caseId, kind, q) {
  if (hasRole(LEDGER.overseers)) {
    const { users } = await api(`/api/users?active=1&limit=100&q=${encodeURIComponent(q)}`);
    return users.filter((u) => u.roles?.some((role) => LEDGER.intake_roles.includes(role)))
      .map((u) => ({ id: u.id, name: u.name, place: u.node_name ?? "" }));
  }
  const { items } = await api(`/api/cases/${caseId}/people?kind=${kind}`
    + `&q=${encodeURIComponent(q)}`);
  return items.map((u) => ({ id: u.id, name: u.name, place: u.node_name ?? "" }));
}

function choicesTemplate(people, exclude) {
  const list = people.filter((p) => !exclude.includes(p.id)).slice(0, SHOWN_AT_MOST);
  if (!list.length) return html`<p class="muted">${t("case.person.none")}</p>`;
  return html`${list.map((person) => html`<label class="check check-box person-choice">
    <input type="radio" name="to_user_id" value="${person.id}" data-name="${person.name}">
    <span>${person.name} <span class="muted">${person.place}</span></span></label>`)}`;
}

/** Make the picker under element search; exclude: ids not to offer (the owner, me). */
export function bindPerson(element, { caseId, kind, exclude = [] }) {
  const slot = element.querySelector("[data-people]");
  const find = async () => {
    const q = element.querySelector("[data-person-search]").value.trim();
    draw(slot, html`<p class="muted" role="status">${t("admin.loading")}</p>`);
    try {
      draw(slot, choicesTemplate(await candidates(caseId, kind, q), exclude));
    } catch (error) {
      const message = !error.status ? t("case.person.offline")
        : [403, 404].includes(error.status) ? t("case.person.unavailable") : error.message;
      draw(slot, html`<p class="form-error">${message}</p>`);
    }
  };
  element.querySelector("[data-action=find-person]").addEventListener("click", find);
  element.querySelector("[data-person-search]").addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    event.preventDefault(); // search, not submit the form
    find();
  });
  return find();
}

/** The chosen person {id, name}, or null. */
export function chosenPerson(form) {
  const input = form.querySelector("input[name=to_user_id]:checked");
  return input ? { id: Number(input.value), name: input.dataset.name } : null;
}
