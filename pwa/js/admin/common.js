// Pieces the administration screens share: loading and failure states (these screens are
// online only), the one-time password card, copying to the clipboard, confirmations.
import { ApiError, OfflineError } from "../api.js";
import { fieldErrors, setBusy, showErrors } from "../forms.js";
import { html, render as draw } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import { toast } from "../notice.js";
import { navigate } from "../router.js";
import { forget } from "../session.js";

/** A back link to another screen. */
export function backLink(path, label) {
  return html`<a class="back-link" href="#/${path}">${icon("back")}${label}</a>`;
}

// The account list's address with its filter, so the screens under it lead back to it.
let usersList = "admin/users";

/** Remember the account list's address (path and query, without "#/"). */
export function rememberUsersList(path) {
  usersList = path;
}

/** The address of the account list as last filtered. */
export function usersListPath() {
  return usersList;
}

/** A labelled form control with its error slot, and an optional hint under it. */
export function field(name, label, control, hint = "") {
  return html`<label class="field">
      <span class="field-label">${label}</span>${control}
      <span class="field-error" data-error-for="${name}"></span>
      ${hint ? html`<span class="field-hint">${hint}</span>` : ""}
    </label>`;
}

/** Show that the screen is loading. */
export function showLoading(root) {
  draw(root, html`<p class="muted admin-loading" role="status">${t("admin.loading")}</p>`);
}

/** Explain why the screen's data could not be fetched, with a retry; offline it retries by
 *  itself when the connection comes back. Not logged in any more: to the login screen. */
export async function showFailure(root, error, retry, back = null) {
  if (error instanceof ApiError && error.status === 401) {
    await forget();
    return navigate("login");
  }
  if (!(error instanceof ApiError) && !(error instanceof OfflineError)) throw error;
  const offline = error instanceof OfflineError;
  draw(root, html`
    ${back || ""}
    <div class="card notice ${offline ? "notice-warn" : ""} admin-failure" role="alert">
      <p><strong>${offline ? t("admin.offline_title") : t("admin.load_failed")}</strong></p>
      <p>${offline ? t("admin.offline_detail") : error.message}</p>
      <button type="button" class="btn btn-primary btn-block" data-action="retry">
        ${t("app.retry")}</button>
    </div>`);
  const again = () => { if (root.isConnected) retry(); };
  root.querySelector("[data-action=retry]").addEventListener("click", again);
  if (offline) window.addEventListener("online", again, { once: true });
  return undefined;
}

/** The top message of a form for a failed request; offline: that it needs a connection. */
export function requestMessage(error) {
  if (error instanceof OfflineError) return t("admin.needs_network");
  if (error instanceof ApiError) return error.message;
  throw error;
}

/** Show a failed request on a form: each server message under its field, the rest on top.
 *  Nothing typed is touched. */
function showRequestError(form, error) {
  const top = requestMessage(error);
  const fields = error instanceof ApiError ? fieldErrors(error) : {};
  const placed = new Set([...form.querySelectorAll("[data-error-for]")]
    .map((slot) => slot.dataset.errorFor));
  const elsewhere = Object.entries(fields).filter(([field]) => !placed.has(field))
    .map(([, message]) => message);
  showErrors(form, [top, ...elsewhere].join(" "), fields);
  form.querySelector("[aria-invalid=true]")?.focus();
}

/** Send a form's request with its submit button busy. Resolves to the answer, or to null
 *  when it failed: then the button is as before and the error is on the form. */
export async function submitRequest(form, request) {
  const button = form.querySelector("button[type=submit]");
  const label = button.textContent.trim();
  setBusy(button, true, t("admin.saving"));
  try {
    return await request();
  } catch (error) {
    setBusy(button, false, label);
    showRequestError(form, error);
    return null;
  }
}

/** A message for a request that has no form (a button), from the field it names or the error. */
export function actionMessage(error, field) {
  return (error instanceof ApiError && error.fieldMessage(field)) || requestMessage(error);
}

/** Ask before a change; true when the user agreed. */
export function confirmed(message) {
  return window.confirm(message);
}

/** Put text on the clipboard (with a fallback for browsers without the async API). */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "copy-buffer";
    document.body.append(area);
    area.select();
    const done = document.execCommand("copy");
    area.remove();
    if (!done) return toast(t("admin.copy_failed"), "error");
  }
  return toast(t("admin.copied"));
}

/** A card that shows a temporary password once, with a copy button. */
export function secretCard({ title, username, name, password }) {
  return html`
    <section class="card secret" role="status" data-secret>
      <h2 class="form-title">${title}</h2>
      <dl class="secret-facts">
        <div><dt>${t("admin.user.name")}</dt><dd>${name}</dd></div>
        <div><dt>${t("admin.user.username")}</dt><dd data-secret-username>${username}</dd></div>
        <div><dt>${t("admin.secret.password")}</dt>
          <dd><code class="secret-password" data-password>${password}</code></dd></div>
      </dl>
      <button type="button" class="btn btn-primary btn-block" data-copy="${password}">
        ${icon("copy")}${t("admin.secret.copy")}</button>
      <p class="notice notice-warn">${t("admin.secret.once")}</p>
    </section>`;
}

/** Let every [data-copy] button under root copy its text. */
export function bindCopyButtons(root) {
  root.querySelectorAll("[data-copy]").forEach((button) => {
    button.addEventListener("click", () => copyText(button.dataset.copy));
  });
}

/** A chip saying an account or node is deactivated, or that a password must be changed. */
export function statusChips(item) {
  return html`
    ${item.active ? "" : html`<span class="chip chip-muted">${t("admin.inactive")}</span>`}
    ${item.must_change_password
      ? html`<span class="chip chip-warn">${t("admin.user.must_change")}</span>` : ""}`;
}

const XLSX_TYPES = ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** The file picker of an Excel import (input name "file"), with its error slot. */
export function xlsxPicker() {
  return html`<label class="file-picker">
      <input type="file" name="file" accept="${XLSX_TYPES}">
      ${icon("upload")}<span data-file-name>${t("admin.import.choose_file")}</span>
    </label>
    <span class="field-error" data-error-for="file"></span>`;
}

/** Name the chosen file on the form's picker; onChange runs after each choice. */
export function bindXlsxPicker(form, onChange = () => {}) {
  form.file.addEventListener("change", () => {
    const file = form.file.files[0];
    form.querySelector("[data-file-name]").textContent = file ? file.name
      : t("admin.import.choose_file");
    onChange();
  });
}

/** The row errors of a refused Excel import as a table; hint says what to do next. */
function importErrorTable(error, hint) {
  const rows = error.errors.filter((e) => e.sheet);
  return html`
    <section class="card import-errors" role="alert">
      <p class="form-error">${error.message}</p>
      ${rows.length ? html`<div class="table-wrap"><table class="table">
        <thead><tr><th scope="col">${t("admin.import.col_sheet")}</th>
          <th scope="col">${t("admin.import.col_row")}</th>
          <th scope="col">${t("admin.import.col_field")}</th>
          <th scope="col">${t("admin.import.col_message")}</th></tr></thead>
        <tbody>${rows.map((e) => html`<tr><td>${e.sheet}</td><td class="num">${e.row}</td>
          <td>${e.field}</td><td>${e.message}</td></tr>`)}</tbody>
      </table></div>` : ""}
      <p class="muted">${hint}</p>
    </section>`;
}

/** A failed import: the refused rows as a table in result, any other reason under the file. */
export function showImportError(form, result, error, hint) {
  if (error instanceof ApiError && error.errors.some((e) => e.sheet)) {
    draw(result, importErrorTable(error, hint));
  } else {
    draw(result, html``);
    form.querySelector("[data-error-for=file]").textContent = requestMessage(error);
  }
}
