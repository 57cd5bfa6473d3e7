// The diary form's household picker: the households on this phone (pairings, the village's
// register), found by the head's name or the address. Choosing one is optional.
import { allHouseholds } from "../households/local.js";
import { html, render } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";

const SHOWN = 6;

/** Households on the phone, by name (Chinese collation). */
async function localHouseholds(uid) {
  const records = await allHouseholds(uid).catch(() => []);
  return records.map((record) => record.data).filter((data) => data?.id)
    .sort((a, b) => (a.head_name || "").localeCompare(b.head_name || "", "zh-CN"));
}

function matches(households, query) {
  const q = query.trim();
  if (!q) return households;
  return households.filter((h) => (h.head_name || "").includes(q) || (h.address || "").includes(q));
}

function chosenTemplate(household, id) {
  return html`<div class="pick-chosen">
    <span class="pick-text">${household ? html`<strong>${household.head_name}</strong>
      ${household.address ? html`<span class="muted">${household.address}</span>` : ""}`
    : html`<span class="muted">${t("diary.household.missing")}</span>`}</span>
    <button type="button" class="icon-btn" data-household-clear data-id="${id}"
            aria-label="${t("diary.household.clear")}">${icon("close")}</button></div>`;
}

function searchTemplate(households, query, field) {
  const found = matches(households, query);
  const list = found.slice(0, SHOWN);
  return html`<div class="search-box">${icon("search")}
      <input type="search" id="f-${field.name}" value="${query}" autocomplete="off"
             placeholder="${t("diary.household.search")}" data-household-search></div>
    ${households.length ? "" : html`<p class="muted">${t("diary.household.none_local")}</p>`}
    ${households.length && !found.length ? html`<p class="muted">
      ${t("diary.household.no_match", { q: query.trim() })}</p>` : ""}
    ${list.length ? html`<ul class="pick-options">${list.map((h) => html`<li>
      <button type="button" class="pick-option" data-household="${h.id}">
        <strong>${h.head_name}</strong>
        ${h.address ? html`<span class="muted">${h.address}</span>` : ""}</button></li>`)}
      ${found.length > SHOWN ? html`<li class="muted">
        ${t("diary.household.more", { count: found.length - SHOWN })}</li>` : ""}</ul>` : ""}
    <span class="field-hint">${t(field.hint)}</span>`;
}

/** Draw and run the picker in element; values.household_id is what it edits.
 *  onPick(household) runs after a choice (or null after clearing). */
export async function householdField(element, { uid, field, label, values, onPick }) {
  const households = await localHouseholds(uid);
  let query = "";
  const draw = () => {
    const id = values.household_id;
    const household = households.find((h) => h.id === id);
    render(element, html`
      <label class="field-label" for="f-${field.name}">${label}</label>
      ${id ? chosenTemplate(household, id) : searchTemplate(households, query, field)}
      <span class="field-error" data-error-for="${field.name}"></span>`);
  };
  element.addEventListener("input", (event) => {
    if (!event.target.matches("[data-household-search]")) return;
    query = event.target.value;
    const at = event.target.selectionStart;
    draw();
    const input = element.querySelector("[data-household-search]");
    input.focus();
    input.setSelectionRange(at, at);
  });
  element.addEventListener("click", (event) => {
    const pick = event.target.closest("[data-household]");
    const clear = event.target.closest("[data-household-clear]");
    if (!pick && !clear) return;
    values.household_id = pick ? pick.dataset.household : "";
    query = "";
    draw();
    if (clear) element.querySelector("[data-household-search]")?.focus();
    onPick(pick ? households.find((h) => h.id === pick.dataset.household) : null);
  });
  draw();
}
