// The diary form's 定位 button: reads the position once, when asked. Never required: a refusal
// or a failure says so gently and the diary saves without it.
import { accuracyText } from "../diary-fields.js";
import { html, render } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";

const OPTIONS = { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 };
const PERMISSION_DENIED = 1;
const DEGREE_DIGITS = 6; // about 0.1 m: more is noise

function hasPosition(values) {
  return typeof values.lat === "number" && typeof values.lng === "number";
}

function statusTemplate(values, state) {
  if (state === "locating") {
    return html`<span class="muted">${t("diary.location.locating")}</span>`;
  }
  if (state) {
    return html`<span class="location-problem" role="status">${t(`diary.location.${state}`)}
      </span>`;
  }
  if (!hasPosition(values)) return html`<span class="muted">${t("diary.location.hint")}</span>`;
  return html`<span class="location-done" data-location-done>
    ${t("diary.location.done", { accuracy: accuracyText(values.accuracy) })}</span>
    <button type="button" class="link-btn" data-location-clear>
      ${t("diary.location.clear")}</button>`;
}

/** Ask the phone for its position: {lat, lng, accuracy}; rejects with a reason key. */
function locate() {
  return new Promise((resolve, reject) => {
    if (!navigator.geolocation) {
      reject(new Error("unsupported"));
      return;
    }
    navigator.geolocation.getCurrentPosition(
      ({ coords }) => resolve({
        lat: Number(coords.latitude.toFixed(DEGREE_DIGITS)),
        lng: Number(coords.longitude.toFixed(DEGREE_DIGITS)),
        accuracy: Math.round(coords.accuracy),
      }),
      (error) => reject(new Error(error.code === PERMISSION_DENIED ? "denied" : "failed")),
      OPTIONS);
  });
}

/** Draw and run the location row in element; values.lat/lng/accuracy are what it edits. */
export function locationField(element, { values, onChange }) {
  let state = "";
  const draw = () => render(element, html`<div class="location-row">
      <button type="button" class="btn btn-secondary location-btn" data-locate
              ${state === "locating" ? "disabled" : ""}>${icon("pin")}${t("diary.location.locate")}
      </button>
      <div class="location-status" aria-live="polite">${statusTemplate(values, state)}</div>
    </div>`);
  element.addEventListener("click", async (event) => {
    if (event.target.closest("[data-location-clear]")) {
      Object.assign(values, { lat: null, lng: null, accuracy: null });
      draw();
      onChange();
      return;
    }
    if (!event.target.closest("[data-locate]")) return;
    state = "locating";
    draw();
    try {
      Object.assign(values, await locate());
      state = "";
      onChange();
    } catch (error) {
      state = ["denied", "unsupported"].includes(error.message) ? error.message : "failed";
    }
    if (element.isConnected) draw();
  });
  draw();
}
