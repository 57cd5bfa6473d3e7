// Choosing a cadre to pair or station (online): a search by name over /api/cadres and the
// matches as radio buttons named cadre_id. Used inside an administrator's form.
import { api } from "../api.js";
import { requestMessage } from "../admin/common.js";
import { html, render as draw } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";

const SHOWN_AT_MOST = 50;

/** The picker's markup: the search row and the slot the matches go into. */
export function cadrePickerTemplate() {
  return html`<fieldset class="field cadre-picker">
    <legend class="field-label">${t("pairing.field.cadre_id")}<span class="required"
      aria-hidden="true">*</span></legend>
    <div class="search-row">
      <label class="search-box">${icon("search")}
        <input type="search" data-cadre-search maxlength="40" autocomplete="off"
          aria-label="${t("pairing.cadre_search")}" placeholder="${t("pairing.cadre_search")}"
          enterkeyhint="search"></label>
      <button type="button" class="btn btn-secondary" data-action="find-cadre">
        ${t("pairing.cadre_find")}</button>
    </div>
    <div class="checks cadre-choices" data-cadres></div>
    <span class="field-error" data-error-for="cadre_id"></span>
  </fieldset>`;
}

function choices(cadres, exclude) {
  const list = cadres.filter((c) => c.id !== exclude).slice(0, SHOWN_AT_MOST);
  if (!list.length) return html`<p class="muted">${t("pairing.no_cadres")}</p>`;
  return html`${list.map((cadre) => html`<label class="check check-box cadre-choice">
    <input type="radio" name="cadre_id" value="${cadre.id}">
    <span>${cadre.name} <span class="muted">${cadre.node_name}</span></span></label>`)}`;
}

async function find(element, exclude) {
  const slot = element.querySelector("[data-cadres]");
  const q = element.querySelector("[data-cadre-search]").value.trim();
  draw(slot, html`<p class="muted" role="status">${t("admin.loading")}</p>`);
  try {
    const { cadres } = await api(`/api/cadres?q=${encodeURIComponent(q)}`);
    draw(slot, choices(cadres, exclude));
  } catch (error) {
    draw(slot, html`<p class="form-error">${requestMessage(error)}</p>`);
  }
}

/** Make the picker under element work; exclude: a cadre id not to offer (the current one). */
export function bindCadrePicker(element, exclude = null) {
  const search = element.querySelector("[data-cadre-search]");
  element.querySelector("[data-action=find-cadre]").addEventListener("click",
    () => find(element, exclude));
  search.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    event.preventDefault(); // search, not submit the form
    find(element, exclude);
  });
  return find(element, exclude);
}

/** The chosen cadre's id, or null. */
export function chosenCadre(form) {
  const value = form.querySelector("input[name=cadre_id]:checked")?.value;
  return value ? Number(value) : null;
}
