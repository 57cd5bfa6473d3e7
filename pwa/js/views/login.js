// Login screen. Works only with a connection; says so instead of failing silently. After a
// login ran out it says how many of the last user's records still wait to be sent.
import { ApiError, OfflineError } from "../api.js";
import { fieldErrors, setBusy, showErrors } from "../forms.js";
import { html, render as draw } from "../html.js";
import { t } from "../i18n.js";
import { clearToasts } from "../notice.js";
import { navigate } from "../router.js";
import { lastUserWaiting, login } from "../session.js";
import { requestPersistentStorage } from "../worker.js";

const LAST_USERNAME = "qz.lastUsername";

function lastUsername() {
  try { return localStorage.getItem(LAST_USERNAME) || ""; } catch { return ""; }
}

function template() {
  return html`
    <section class="login">
      <div class="login-hero">
        <img class="login-logo" src="/icons/icon-192.png" alt="" width="72" height="72">
        <h1>${t("app.name")}</h1>
        <p>${t("app.tagline")}</p>
      </div>
      <form class="card form" novalidate>
        <h2 class="form-title">${t("login.title")}</h2>
        <p class="notice notice-warn only-offline">${t("login.needs_network")}</p>
        <p class="notice login-pending" role="status" hidden></p>
        <p class="form-error" role="alert" hidden></p>
        <label class="field">
          <span class="field-label">${t("login.username")}</span>
          <input name="username" autocomplete="username" autocapitalize="off" spellcheck="false"
                 enterkeyhint="next" required value="${lastUsername()}">
          <span class="field-error" data-error-for="username"></span>
        </label>
        <label class="field">
          <span class="field-label">${t("login.password")}</span>
          <input name="password" type="password" autocomplete="current-password"
                 enterkeyhint="go" required>
          <span class="field-error" data-error-for="password"></span>
        </label>
        <button class="btn btn-primary btn-block" type="submit">${t("login.submit")}</button>
      </form>
      <p class="login-foot">${t("login.help")}</p>
    </section>`;
}

async function submit(form) {
  const username = form.username.value.trim();
  const password = form.password.value;
  const missing = {};
  if (!username) missing.username = t("field.required");
  if (!password) missing.password = t("field.required");
  if (Object.keys(missing).length) return showErrors(form, "", missing);
  const button = form.querySelector("button[type=submit]");
  setBusy(button, true, t("login.submitting"));
  try {
    const user = await login(username, password);
    try { localStorage.setItem(LAST_USERNAME, username); } catch { /* private mode */ }
    requestPersistentStorage();
    navigate(user.must_change_password ? "password" : "home");
  } catch (error) {
    if (error instanceof OfflineError) showErrors(form, t("login.needs_network"));
    else if (error instanceof ApiError) showErrors(form, error.message, fieldErrors(error));
    else throw error;
    setBusy(button, false, t("login.submit"));
  }
}

/** Say what the last user left unsent on this phone (nothing when all of it was sent). */
async function showWaiting(root) {
  const last = await lastUserWaiting().catch(() => null);
  const note = root.querySelector(".login-pending");
  if (!note || !last?.pending) return;
  draw(note, html`${t("login.pending", { count: last.pending, name: last.name })}`);
  note.hidden = false;
}

/** Draw the login form. */
export function render(root) {
  clearToasts(); // what they said belonged to the session that ended
  draw(root, template());
  showWaiting(root);
  const form = root.querySelector("form");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submit(form);
  });
  if (!form.username.value) form.username.focus();
}
