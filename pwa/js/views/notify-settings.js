// 消息提醒: push on this device (where it can work), which kinds of notice also push, and the
// quiet hours that hold pushes back. The inbox receives everything whatever is chosen here;
// the choices are the server's (GET/PUT /api/notify/prefs), so they need the network.
import { ApiError, OfflineError, api } from "../api.js";
import { fieldErrors, setBusy, showErrors } from "../forms.js";
import { html, render as draw } from "../html.js";
import { keysUnder, t, tOr } from "../i18n.js";
import { icon } from "../icons.js";
import { toast } from "../notice.js";
import { currentUser } from "../session.js";
import {
  PushRefused, pushesFor, pushSupport, subscribePush, unsubscribePush,
} from "../widgets/push.js";
import { useStylesheet } from "../widgets/styles.js";

// The kinds in the catalogue's order (each feature's together); the server lists them
// alphabetically, and a kind this phone does not know yet comes last.
function byCatalogue(kinds) {
  const order = keysUnder("notify.kind.");
  const rank = (kind) => (order.includes(kind) ? order.indexOf(kind) : Infinity);
  return [...kinds].sort((a, b) => rank(a) - rank(b));
}

function pushTemplate(support, on) {
  const body = support === "ok" ? html`<label class="check push-switch">
      <span>${t("notify.push")}</span>
      <input type="checkbox" role="switch" data-push ${on ? "checked" : ""}></label>
    <p class="muted" data-push-note>${t(on ? "notify.push_on" : "notify.push_off")}</p>`
    : html`<p class="notice notice-warn" data-push-state="${support}">${
      t(`notify.support.${support}`)}</p>`;
  return html`<section class="card push-card" data-push-card>
    <h2 class="form-title">${t("notify.push_title")}</h2>${body}</section>`;
}

function prefsTemplate(prefs) {
  const chosen = new Set(prefs.push_kinds);
  return html`<form class="card form" novalidate data-prefs>
    <fieldset class="field">
      <legend class="form-title">${t("notify.kinds")}</legend>
      ${byCatalogue(prefs.kinds).map((kind) => html`<label class="check"><input
        type="checkbox" name="push_kinds" value="${kind}" ${chosen.has(kind) ? "checked" : ""}>
        ${tOr(`notify.kind.${kind}`, kind)}</label>`)}
    </fieldset>
    <span class="field-error" data-error-for="push_kinds"></span>
    <fieldset class="field">
      <legend class="form-title">${t("notify.quiet")}</legend>
      <p class="muted">${t("notify.quiet_hint")}</p>
      <div class="filter-pair">${["quiet_start", "quiet_end"].map((name) => html`
        <label class="field"><span class="field-label">${t(`notify.${name}`)}</span>
          <input type="time" name="${name}" value="${prefs[name]}" required>
          <span class="field-error" data-error-for="${name}"></span></label>`)}</div>
    </fieldset>
    <p class="form-error" role="alert" hidden></p>
    <button class="btn btn-primary btn-block" type="submit">${t("notify.save")}</button>
  </form>`;
}

function offlineTemplate(message) {
  return html`<div class="card notice notice-warn" data-prefs-failed>
    <p>${message}</p>
    <button type="button" class="btn btn-secondary btn-block" data-action="retry">
      ${t("app.retry")}</button></div>`;
}

/** Turn push on or off as the switch now says; on failure it goes back, saying why. */
async function onSwitch(input, note) {
  const uid = currentUser().id;
  input.disabled = true;
  try {
    if (input.checked) await subscribePush(uid);
    else await unsubscribePush();
    note.textContent = t(input.checked ? "notify.push_on" : "notify.push_off");
  } catch (error) {
    input.checked = await pushesFor(uid).catch(() => false);
    note.textContent = error instanceof PushRefused ? t("notify.push_refused")
      : error instanceof OfflineError ? t("notify.needs_network")
        : error instanceof ApiError ? error.message : t("notify.push_failed");
  } finally {
    input.disabled = false;
  }
}

async function save(form) {
  const body = {
    push_kinds: [...form.querySelectorAll("[name=push_kinds]:checked")].map((box) => box.value),
    quiet_start: form.quiet_start.value, quiet_end: form.quiet_end.value,
  };
  const button = form.querySelector("button[type=submit]");
  setBusy(button, true, t("notify.saving"));
  try {
    await api("/api/notify/prefs", { method: "PUT", body });
    showErrors(form, "");
    toast(t("notify.saved"));
  } catch (error) {
    if (error instanceof OfflineError) showErrors(form, t("notify.needs_network"));
    else if (error instanceof ApiError) showErrors(form, error.message, fieldErrors(error));
    else throw error;
  } finally {
    setBusy(button, false, t("notify.save"));
  }
}

async function drawPrefs(slot) {
  try {
    draw(slot, prefsTemplate(await api("/api/notify/prefs")));
  } catch (error) {
    if (!(error instanceof OfflineError || error instanceof ApiError)) throw error;
    draw(slot, offlineTemplate(error instanceof OfflineError ? t("notify.needs_network")
      : error.message));
    return;
  }
  const form = slot.querySelector("form");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    save(form);
  });
}

/** Draw the notification settings. */
export async function render(root) {
  useStylesheet("/js/widgets/inbox.css");
  const support = pushSupport();
  const on = await pushesFor(currentUser().id).catch(() => false);
  draw(root, html`<a class="back-link" href="#/me">${icon("back")}${t("nav.me")}</a>
    <p class="card notice-info">${t("notify.inbox_always")}</p>
    ${pushTemplate(support, on)}<div data-prefs-slot></div>`);
  const input = root.querySelector("[data-push]");
  input?.addEventListener("change", () => onSwitch(input, root.querySelector("[data-push-note]")));
  const slot = root.querySelector("[data-prefs-slot]");
  slot.addEventListener("click", (event) => {
    if (event.target.closest("[data-action=retry]")) drawPrefs(slot);
  });
  await drawPrefs(slot);
}
