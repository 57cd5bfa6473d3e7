// Change password. Nothing typed is lost when the server refuses it.
import { ApiError, OfflineError, api } from "../api.js";
import { fieldErrors, setBusy, showErrors } from "../forms.js";
import { html, render as draw } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import { toast } from "../notice.js";
import { navigate } from "../router.js";
import { currentUser, remember } from "../session.js";
import { syncNow } from "../sync.js";

const FIELDS = [
  { name: "old_password", label: "password.old", autocomplete: "current-password" },
  { name: "new_password", label: "password.new", autocomplete: "new-password" },
  { name: "confirm_password", label: "password.confirm", autocomplete: "new-password" },
];

function template(mustChange) {
  return html`
    ${mustChange ? "" : html`<a class="back-link" href="#/me">${icon("back")}${t("nav.me")}</a>`}
    <form class="card form" novalidate>
      <h2 class="form-title">${t("password.title")}</h2>
      ${mustChange ? html`<p class="notice">${t("password.must_change")}</p>` : ""}
      <p class="notice notice-warn only-offline">${t("password.needs_network")}</p>
      <p class="form-error" role="alert" hidden></p>
      ${FIELDS.map((field) => html`
        <label class="field">
          <span class="field-label">${t(field.label)}</span>
          <input name="${field.name}" type="password" autocomplete="${field.autocomplete}" required>
          <span class="field-error" data-error-for="${field.name}"></span>
        </label>`)}
      <p class="muted">${t("password.hint")}</p>
      <button class="btn btn-primary btn-block" type="submit">${t("password.submit")}</button>
    </form>`;
}

/** Check what can be checked on the phone; field → message. */
function localErrors(values) {
  const errors = {};
  FIELDS.forEach(({ name }) => { if (!values[name]) errors[name] = t("field.required"); });
  if (values.new_password && values.confirm_password
      && values.new_password !== values.confirm_password) {
    errors.confirm_password = t("password.mismatch");
  }
  return errors;
}

async function submit(form) {
  const values = Object.fromEntries(FIELDS.map(({ name }) => [name, form[name].value]));
  const errors = localErrors(values);
  if (Object.keys(errors).length) return showErrors(form, "", errors);
  const button = form.querySelector("button[type=submit]");
  setBusy(button, true, t("password.submitting"));
  try {
    const { old_password, new_password } = values;
    await api("/api/auth/password", { method: "POST", body: { old_password, new_password } });
    await remember({ ...currentUser(), must_change_password: false });
    syncNow(); // the server took nothing from this account until now
    toast(t("password.changed"));
    navigate("home");
  } catch (error) {
    if (error instanceof OfflineError) showErrors(form, t("password.needs_network"));
    else if (error instanceof ApiError) showErrors(form, error.message, fieldErrors(error));
    else throw error;
    setBusy(button, false, t("password.submit"));
  }
}

/** Draw the change-password form. */
export function render(root) {
  draw(root, template(Boolean(currentUser()?.must_change_password)));
  const form = root.querySelector("form");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submit(form);
  });
}
