// 挂职蹲点 (administrators, online): station a cadre in a village (cadre, village, post,
// start date, planned end), or — #/admin/stationing?id=<id> — record the end of one.
import { api, ApiError } from "../api.js";
import { backLink, field, showFailure, showLoading, submitRequest } from "../admin/common.js";
import { showErrors } from "../forms.js";
import { html, render as draw } from "../html.js";
import { t } from "../i18n.js";
import {
  bindCadrePicker, cadrePickerTemplate, chosenCadre,
} from "../households/cadre-picker.js";
import { nodeMap, nodeName, refreshNodes } from "../households/nodes.js";
import { beijingToday } from "../households/rules.js";
import { toast } from "../notice.js";
import { navigate } from "../router.js";
import { currentUser } from "../session.js";

const BACK = () => backLink("admin/rotation", t("rotation.title"));

function today(name) {
  return html`<input type="date" name="${name}" value="${beijingToday()}"
    max="${beijingToday()}" required>`;
}

function newTemplate(villages) {
  return html`${BACK()}
    <p class="notice notice-warn only-offline">${t("admin.needs_network")}</p>
    <form class="card form station-form" novalidate>
      <h2 class="form-title">${t("station.new")}</h2>
      <p class="form-error" role="alert" hidden></p>
      ${cadrePickerTemplate()}
      ${field("node_id", t("station.field.node_id"), html`<select name="node_id" required>
        <option value="">${t("admin.choose")}</option>
        ${villages.map((v) => html`<option value="${v.id}">${v.name}</option>`)}</select>`)}
      ${field("post", t("station.field.post"), html`<input name="post" maxlength="60"
        autocomplete="off" placeholder="${t("station.post_hint")}">`)}
      ${field("start_date", t("pairing.field.start_date"), today("start_date"))}
      ${field("planned_end_date", t("pairing.field.planned_end_date"),
        html`<input type="date" name="planned_end_date">`, t("pairing.planned_end_hint"))}
      <button type="submit" class="btn btn-primary btn-block">${t("station.submit")}</button>
    </form>`;
}

function endTemplate(station, byId) {
  return html`${BACK()}
    <p class="notice notice-warn only-offline">${t("admin.needs_network")}</p>
    <form class="card form station-end-form" novalidate>
      <h2 class="form-title">${t("station.end_title", { name: station.cadre_name || "—" })}</h2>
      <p class="muted">${[nodeName(byId, station.node_id), station.post].filter(Boolean)
        .join(" · ")}</p>
      <p class="muted">${t("rotation.station_line", { date: station.start_date,
        end: station.planned_end_date || "—" })}</p>
      <p class="form-error" role="alert" hidden></p>
      ${field("end_date", t("station.field.end_date"), today("end_date"))}
      <button type="submit" class="btn btn-primary btn-block">${t("station.end")}</button>
    </form>`;
}

async function send(form, request, required) {
  const missing = Object.fromEntries(required.filter(([, ok]) => !ok)
    .map(([name]) => [name, name === "cadre_id" ? t("pairing.choose_cadre") : t("field.required")]));
  if (Object.keys(missing).length) return showErrors(form, t("household.form.check"), missing);
  if (!(await submitRequest(form, request))) return undefined;
  toast(t("station.saved"));
  return navigate("admin/rotation");
}

function bindNew(form) {
  bindCadrePicker(form.querySelector(".cadre-picker"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const value = (name) => form.elements[name].value.trim() || undefined;
    const body = { cadre_id: chosenCadre(form), node_id: Number(value("node_id")) || undefined,
      post: value("post"), start_date: value("start_date"),
      planned_end_date: value("planned_end_date") };
    send(form, () => api("/api/stationings", { method: "POST", body }),
      [["cadre_id", body.cadre_id], ["node_id", body.node_id], ["start_date", body.start_date]]);
  });
}

function bindEnd(form, station) {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const endDate = form.elements.end_date.value;
    send(form, () => api(`/api/stationings/${station.id}`,
      { method: "PATCH", body: { end_date: endDate } }), [["end_date", endDate]]);
  });
}

/** Draw the stationing form (new, or ending the one named by ?id=). */
export async function render(root, params = {}) {
  showLoading(root);
  try {
    const byId = nodeMap(await refreshNodes(currentUser().id));
    if (!params.id) {
      const villages = [...byId.values()].filter((n) => n.kind === "village" && n.active);
      draw(root, newTemplate(villages));
      return bindNew(root.querySelector("form"));
    }
    const station = await api(`/api/stationings/${encodeURIComponent(params.id)}`)
      .then((answer) => answer.stationing, (error) => {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      });
    if (!station || station.end_date) return navigate("admin/rotation"); // ended meanwhile
    draw(root, endTemplate(station, byId));
    return bindEnd(root.querySelector("form"), station);
  } catch (error) {
    return showFailure(root, error, () => render(root, params), BACK());
  }
}
