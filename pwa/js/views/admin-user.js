// One account: who it is, and for admins the changes — name, phone, node and roles, a
// password reset (the temporary password shown once), deactivation. Supervisors only read.
import { api } from "../api.js";
import {
  actionMessage, backLink, bindCopyButtons, confirmed, secretCard, showFailure, showLoading,
  statusChips, submitRequest, usersListPath,
} from "../admin/common.js";
import { buildTree, fetchNodes, pathNames } from "../admin/org.js";
import { accountErrors, accountFields, readAccount } from "../admin/userform.js";
import { formatDateTime, roleChips } from "../format.js";
import { showErrors } from "../forms.js";
import { html, render as draw } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import { toast } from "../notice.js";
import { hasRole } from "../session.js";

function when(stamp) {
  return stamp ? formatDateTime(stamp) : t("admin.user.never");
}

function profile(tree, user) {
  const node = tree.byId.get(user.node_id);
  return html`
    <section class="card profile" data-profile>
      <span class="avatar ${user.active ? "" : "avatar-muted"}" aria-hidden="true"
        >${(user.name || user.username).slice(0, 1)}</span>
      <div class="profile-text">
        <p class="profile-name">${user.name}</p>
        <p class="muted">${t("me.username", { username: user.username })}</p>
        <div class="chips">${roleChips(user.roles)}${statusChips(user)}</div>
      </div>
    </section>
    <dl class="card facts">
      <div><dt>${t("admin.user.node")}</dt>
        <dd>${node ? pathNames(tree, node) : user.node_name}</dd></div>
      <div><dt>${t("admin.user.phone")}</dt><dd>${user.phone || t("admin.none")}</dd></div>
      <div><dt>${t("admin.user.created_at")}</dt><dd>${when(user.created_at)}</dd></div>
      <div><dt>${t("admin.user.last_login")}</dt><dd>${when(user.last_login_at)}</dd></div>
    </dl>`;
}

function editForm(tree, user) {
  return html`
    <details class="card disclosure" data-edit>
      <summary>${icon("edit")}<span>${t("admin.user.edit")}</span></summary>
      <form class="form" novalidate>
        <p class="form-error" role="alert" hidden></p>
        ${accountFields(tree, user)}
        <button class="btn btn-primary btn-block" type="submit">${t("admin.save")}</button>
      </form>
    </details>`;
}

function actions(user) {
  return html`
    <section class="card status-section" data-reset>
      <p class="muted">${t("admin.user.reset_hint")}</p>
      <p class="form-error" role="alert" data-error="reset" hidden></p>
      <button type="button" class="btn btn-secondary btn-block" data-action="reset"
              ${user.active ? "" : "disabled"}>${icon("key")}${t("admin.user.reset")}</button>
    </section>
    <section class="card status-section">
      <p class="muted">${t(user.active ? "admin.user.deactivate_hint" : "admin.user.inactive_hint")}
      </p>
      <p class="form-error" role="alert" data-error="active" hidden></p>
      <button type="button" class="btn ${user.active ? "btn-danger" : "btn-secondary"} btn-block"
              data-action="toggle-active">
        ${t(user.active ? "admin.user.deactivate" : "admin.user.activate")}</button>
    </section>`;
}

function template(tree, user) {
  const admin = hasRole(["admin"]);
  return html`
    ${backLink(usersListPath(), t("admin.users.title"))}
    ${admin ? html`<p class="notice notice-warn only-offline">${t("admin.needs_network")}</p>` : ""}
    ${profile(tree, user)}
    ${admin ? html`${editForm(tree, user)}${actions(user)}`
      : html`<p class="notice">${t("admin.users.read_only")}</p>`}`;
}

function showActionError(root, slotName, error, field) {
  const slot = root.querySelector(`[data-error=${slotName}]`);
  slot.textContent = actionMessage(error, field);
  slot.hidden = false;
}

async function submitEdit(root, user, form) {
  const values = readAccount(form);
  const errors = accountErrors(values);
  if (Object.keys(errors).length) return showErrors(form, "", errors);
  const sent = await submitRequest(form,
    () => api(`/api/users/${user.id}`, { method: "PATCH", body: values }));
  if (!sent) return undefined;
  toast(t("admin.saved"));
  return render(root, { id: String(user.id) });
}

async function resetPassword(root, user, button) {
  if (!confirmed(t("admin.user.reset_confirm", { name: user.name }))) return;
  button.disabled = true;
  try {
    const { password } = await api(`/api/users/${user.id}/reset-password`, { method: "POST" });
    const section = root.querySelector("[data-reset]");
    draw(section, html`${secretCard({ title: t("admin.user.reset_done"), username: user.username,
                                      name: user.name, password })}`);
    section.classList.remove("card", "status-section");
    bindCopyButtons(section);
    section.scrollIntoView({ block: "start" });
  } catch (error) {
    showActionError(root, "reset", error, "password");
    button.disabled = false;
  }
}

async function toggleActive(root, user, button) {
  const active = !user.active;
  const question = active ? "admin.user.activate_confirm" : "admin.user.deactivate_confirm";
  if (!confirmed(t(question, { name: user.name }))) return undefined;
  button.disabled = true;
  try {
    await api(`/api/users/${user.id}`, { method: "PATCH", body: { active } });
  } catch (error) {
    showActionError(root, "active", error, "active");
    button.disabled = false;
    return undefined;
  }
  toast(t(active ? "admin.user.activated" : "admin.user.deactivated", { name: user.name }));
  return render(root, { id: String(user.id) });
}

function bind(root, user) {
  const form = root.querySelector("[data-edit] form");
  if (!form) return;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submitEdit(root, user, form);
  });
  const reset = root.querySelector("[data-action=reset]");
  reset.addEventListener("click", () => resetPassword(root, user, reset));
  const toggle = root.querySelector("[data-action=toggle-active]");
  toggle.addEventListener("click", () => toggleActive(root, user, toggle));
}

/** Draw one account. */
export async function render(root, params) {
  showLoading(root);
  let tree;
  let users;
  try {
    [tree, { users }] = await Promise.all([
      fetchNodes({ inactive: true }).then(buildTree), api("/api/users"),
    ]);
  } catch (error) {
    return showFailure(root, error, () => render(root, params),
                       backLink(usersListPath(), t("admin.users.title")));
  }
  const user = users.find((u) => String(u.id) === params.id);
  if (!user) {
    return draw(root, html`${backLink(usersListPath(), t("admin.users.title"))}
      <p class="card notice" role="alert">${t("admin.user.not_found")}</p>`);
  }
  draw(root, template(tree, user));
  bind(root, user);
  return undefined;
}
