// 新建账号: username, name, phone, node and roles. The server makes a temporary password,
// shown here once; the new user must change it at the first login.
import { api } from "../api.js";
import {
  backLink, bindCopyButtons, field, secretCard, showFailure, showLoading, submitRequest,
  usersListPath,
} from "../admin/common.js";
import { buildTree, fetchNodes } from "../admin/org.js";
import { accountErrors, accountFields, readAccount } from "../admin/userform.js";
import { showErrors } from "../forms.js";
import { html, render as draw } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";

function template(tree, node) {
  return html`
    ${backLink(usersListPath(), t("admin.users.title"))}
    <form class="card form" novalidate>
      <h2 class="form-title">${t("admin.user_new.title")}</h2>
      <p class="notice notice-warn only-offline">${t("admin.needs_network")}</p>
      <p class="form-error" role="alert" hidden></p>
      ${field("username", t("admin.user.username"), html`<input name="username" required
          maxlength="64" autocapitalize="off" autocomplete="off" spellcheck="false">`,
          t("admin.user.username_hint"))}
      ${accountFields(tree, { node_id: node })}
      <p class="muted">${t("admin.user_new.password_note")}</p>
      <button class="btn btn-primary btn-block" type="submit">${t("admin.user_new.submit")}</button>
    </form>`;
}

function created(user, password) {
  return html`
    ${backLink(usersListPath(), t("admin.users.title"))}
    ${secretCard({ title: t("admin.user_new.created"), username: user.username,
                   name: user.name, password })}
    <div class="button-row">
      <a class="btn btn-secondary" href="#/admin/user?id=${user.id}">
        ${t("admin.user_new.open")}</a>
      <button type="button" class="btn btn-secondary" data-action="another">
        ${icon("plus")}${t("admin.user_new.another")}</button>
    </div>`;
}

async function submit(root, form) {
  const values = { username: form.username.value.trim(), ...readAccount(form) };
  const errors = accountErrors(values);
  if (!values.username) errors.username = t("field.required");
  if (Object.keys(errors).length) return showErrors(form, "", errors);
  const answer = await submitRequest(form,
    () => api("/api/users", { method: "POST", body: values }));
  if (!answer) return undefined;
  draw(root, created(answer.user, answer.password));
  bindCopyButtons(root);
  root.querySelector("[data-action=another]").addEventListener("click", () => {
    render(root, { node: String(values.node_id) });
  });
  window.scrollTo(0, 0);
  return undefined;
}

/** Draw the new-account form. */
export async function render(root, params) {
  showLoading(root);
  let tree;
  try {
    tree = buildTree(await fetchNodes());
  } catch (error) {
    return showFailure(root, error, () => render(root, params),
                       backLink(usersListPath(), t("admin.users.title")));
  }
  draw(root, template(tree, params.node || ""));
  const form = root.querySelector("form");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submit(root, form);
  });
  form.username.focus();
  return undefined;
}
