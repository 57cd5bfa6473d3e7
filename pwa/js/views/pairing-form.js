// 结对 / 交接 (administrators, online): pair a cadre with a household that has none, or hand
// it over to another cadre from a date — the new cadre's phone receives the household's whole
// history and the old one's loses it. #/household-pairing?id=<household>: 交接 when paired.
import { api } from "../api.js";
import { backLink, field, showFailure, showLoading, submitRequest } from "../admin/common.js";
import { showErrors } from "../forms.js";
import { html, render as draw } from "../html.js";
import { t } from "../i18n.js";
import {
  bindCadrePicker, cadrePickerTemplate, chosenCadre,
} from "../households/cadre-picker.js";
import { localHousehold, openPairings } from "../households/local.js";
import { beijingToday } from "../households/rules.js";
import { toast } from "../notice.js";
import { navigate } from "../router.js";
import { currentUser } from "../session.js";
import { syncNow } from "../sync.js";

function dateInput(name, value, required = true) {
  return html`<input type="date" name="${name}" value="${value}" max="${beijingToday()}"
    ${required ? "required" : ""}>`;
}

function pairFields() {
  return html`
    ${field("start_date", t("pairing.field.start_date"), dateInput("start_date", beijingToday()))}
    ${field("planned_end_date", t("pairing.field.planned_end_date"),
      html`<input type="date" name="planned_end_date">`, t("pairing.planned_end_hint"))}`;
}

function handoverFields() {
  return html`
    ${field("handover_date", t("pairing.field.handover_date"),
      dateInput("handover_date", beijingToday()))}
    ${field("note", t("pairing.field.note"), html`<textarea name="note" rows="3" maxlength="500"
      placeholder="${t("pairing.note_hint")}"></textarea>`)}`;
}

function template(household, current, mode) {
  return html`
    ${backLink(`household?id=${household.id}`, household.head_name)}
    <p class="notice notice-warn only-offline">${t("admin.needs_network")}</p>
    <form class="card form pairing-form" novalidate data-mode="${mode}">
      <h2 class="form-title">${t(mode === "pair" ? "pairing.pair_title" : "pairing.handover_title",
        { name: household.head_name })}</h2>
      ${current ? html`<p class="muted">${t("pairing.current", { name: current.cadre_name || "—",
        date: current.start_date })}</p>` : ""}
      <p class="form-error" role="alert" hidden></p>
      ${cadrePickerTemplate()}
      ${mode === "pair" ? pairFields() : handoverFields()}
      <button type="submit" class="btn btn-primary btn-block">${t(mode === "pair"
        ? "pairing.pair_submit" : "pairing.handover_submit")}</button>
    </form>`;
}

function body(form, mode) {
  const value = (name) => form.elements[name]?.value.trim() || undefined;
  const cadre = chosenCadre(form);
  if (mode === "pair") {
    return { cadre_id: cadre, start_date: value("start_date"),
      planned_end_date: value("planned_end_date") };
  }
  return { cadre_id: cadre, handover_date: value("handover_date"), note: value("note") };
}

async function submit(form, household, mode) {
  const data = body(form, mode);
  const dateField = mode === "pair" ? "start_date" : "handover_date";
  const missing = {};
  if (!data.cadre_id) missing.cadre_id = t("pairing.choose_cadre");
  if (!data[dateField]) missing[dateField] = t("field.required");
  if (Object.keys(missing).length) return showErrors(form, t("household.form.check"), missing);
  const path = `/api/households/${household.id}/${mode === "pair" ? "pairing" : "handover"}`;
  const sent = await submitRequest(form, () => api(path, { method: "POST", body: data }));
  if (!sent) return undefined;
  toast(t(mode === "pair" ? "pairing.paired" : "pairing.handed_over"));
  syncNow(); // the pairing records reach this phone too
  return navigate(`household?id=${household.id}`);
}

/** Draw the pairing or handover form for a household. */
export async function render(root, params = {}) {
  const uid = currentUser().id;
  let household = (await localHousehold(uid, params.id))?.data;
  let current = household ? (await openPairings(uid)).get(params.id) : undefined;
  if (!household) {
    showLoading(root);
    try {
      const answer = await api(`/api/households/${encodeURIComponent(params.id || "")}`);
      household = answer.household;
      current = answer.pairings.find((p) => !p.end_date);
    } catch (error) {
      await showFailure(root, error, () => render(root, params),
        backLink(`household?id=${params.id || ""}`, t("household.title")));
      return;
    }
  }
  const mode = current ? "handover" : "pair"; // a paired household is handed over
  draw(root, template(household, current, mode));
  const form = root.querySelector("form");
  bindCadrePicker(form.querySelector(".cadre-picker"), current?.cadre_id ?? null);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submit(form, household, mode);
  });
}
