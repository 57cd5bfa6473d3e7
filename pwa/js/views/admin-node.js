// One org node: what it is, its children, and the admin's changes to it — add a child,
// rename or recode it, deactivate or reactivate it.
import { api } from "../api.js";
import {
  actionMessage, backLink, confirmed, field, showFailure, showLoading, statusChips, submitRequest,
} from "../admin/common.js";
import {
  allowedChildKinds, buildTree, fetchNodes, kindLabel, OPTIONAL_SUBTYPE, pathNames, setOpen,
  SUBTYPES,
} from "../admin/org.js";
import { showErrors } from "../forms.js";
import { html, render as draw } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import { toast } from "../notice.js";
import { currentUser } from "../session.js";

/** The parent of the subtree's top, which lies outside it: named from the admin's own path. */
function outsideParent(node) {
  const user = currentUser();
  const names = user.node?.id === node.id ? user.node.path_names?.slice(0, -1) : [];
  return names?.length ? names.join(" › ") : t("admin.node.top");
}

function facts(tree, node) {
  const parent = tree.byId.get(node.parent_id);
  return html`
    <section class="card node-card">
      <p class="node-name">${node.name}</p>
      <div class="chips"><span class="chip chip-kind">${kindLabel(node)}</span>
        ${statusChips(node)}</div>
      <dl class="facts">
        <div><dt>${t("admin.node.code")}</dt><dd>${node.code || t("admin.none")}</dd></div>
        <div><dt>${t("admin.node.parent")}</dt>
          <dd>${parent ? pathNames(tree, parent) : outsideParent(node)}</dd></div>
      </dl>
      <div class="button-row">
        <a class="btn btn-secondary" href="#/admin/users?node=${node.id}">
          ${icon("users")}${t("admin.node.accounts")}</a>
        ${node.active ? html`<a class="btn btn-secondary" href="#/admin/user-new?node=${node.id}">
          ${icon("plus")}${t("admin.node.new_account")}</a>` : ""}
        ${node.active ? html`<a class="btn btn-secondary" href="#/admin/deadlines?node=${node.id}">
          ${icon("register")}${t("deadlines.title")}</a>` : ""}
        ${node.active && node.kind === "village" ? html`<a class="btn btn-secondary"
          href="#/public-desk?node=${node.id}">${icon("households")}${t("desk.title")}</a>` : ""}
      </div>
    </section>`;
}

function childList(tree, node) {
  const kids = tree.children.get(node.id);
  if (!kids.length) return "";
  return html`
    <h2 class="section-title">${t("admin.node.children", { count: kids.length })}</h2>
    <ul class="card list" data-children>${kids.map((kid) => html`
      <li><a class="list-row list-link ${kid.active ? "" : "is-inactive"}"
             href="#/admin/node?id=${kid.id}">
        <span class="row-text"><strong>${kid.name}</strong>
          <span class="muted">${kindLabel(kid)}${kid.active ? "" : ` · ${t("admin.inactive")}`}
          </span></span>
        ${icon("chevron")}</a></li>`)}</ul>`;
}

function kindOptions(node) {
  return allowedChildKinds(node.kind).map((kind) => html`
    <option value="${kind}">${t(`org.kind.${kind}`)}</option>`);
}

function addForm(node) {
  return html`
    <details class="card disclosure" data-add>
      <summary>${icon("plus")}<span>${t("admin.node.add_child")}</span></summary>
      <form class="form" novalidate data-form="add">
        <p class="form-error" role="alert" hidden></p>
        ${field("name", t("admin.node.name"), html`<input name="name" maxlength="60" required>`)}
        ${field("kind", t("admin.node.kind"),
                html`<select name="kind">${kindOptions(node)}</select>`)}
        ${field("subtype", t("admin.node.subtype"), html`<select name="subtype"></select>`)}
        ${field("code", t("admin.node.code_optional"),
                html`<input name="code" maxlength="30" autocomplete="off" inputmode="text">`,
                t("admin.node.code_hint"))}
        <button class="btn btn-primary btn-block" type="submit">
          ${t("admin.node.add_submit")}</button>
      </form>
    </details>`;
}

function editForm(node) {
  return html`
    <details class="card disclosure" data-edit>
      <summary>${icon("edit")}<span>${t("admin.node.edit")}</span></summary>
      <form class="form" novalidate data-form="edit">
        <p class="form-error" role="alert" hidden></p>
        ${field("name", t("admin.node.name"),
                html`<input name="name" maxlength="60" required value="${node.name}">`)}
        ${field("code", t("admin.node.code_optional"),
                html`<input name="code" maxlength="30" autocomplete="off"
                            value="${node.code || ""}">`,
                t("admin.node.code_hint"))}
        <button class="btn btn-primary btn-block" type="submit">${t("admin.save")}</button>
      </form>
    </details>`;
}

function statusSection(node) {
  return html`
    <section class="card status-section">
      <p class="muted">
        ${t(node.active ? "admin.node.deactivate_hint" : "admin.node.inactive_hint")}</p>
      <p class="form-error" role="alert" data-status-error hidden></p>
      <button type="button" class="btn ${node.active ? "btn-danger" : "btn-secondary"} btn-block"
              data-action="toggle-active">
        ${t(node.active ? "admin.node.deactivate" : "admin.node.activate")}</button>
    </section>`;
}

function template(tree, node) {
  return html`
    ${backLink("admin/org", t("admin.org.title"))}
    <p class="notice notice-warn only-offline">${t("admin.needs_network")}</p>
    ${facts(tree, node)}
    ${childList(tree, node)}
    ${node.active ? addForm(node) : ""}
    ${editForm(node)}
    ${statusSection(node)}`;
}

/** Offer the subtypes of the chosen kind; hide the field for kinds that have none. */
function syncSubtypes(form) {
  const kind = form.kind.value;
  const choices = SUBTYPES[kind] || [];
  const placeholder = OPTIONAL_SUBTYPE.has(kind) ? []
    : [html`<option value="">${t("admin.choose")}</option>`];
  draw(form.subtype, html`${placeholder}${choices.map((code) => html`
    <option value="${code}">${t(`org.subtype.${code}`)}</option>`)}`);
  form.subtype.closest(".field").hidden = !choices.length;
}

function addErrors(values) {
  const errors = {};
  if (!values.name) errors.name = t("field.required");
  if (SUBTYPES[values.kind] && !OPTIONAL_SUBTYPE.has(values.kind) && !values.subtype) {
    errors.subtype = t("field.required");
  }
  return errors;
}

async function submitAdd(root, tree, node, form) {
  const values = { parent_id: node.id, name: form.name.value.trim(), kind: form.kind.value,
                   code: form.code.value.trim() };
  if (SUBTYPES[values.kind]) values.subtype = form.subtype.value;
  const errors = addErrors(values);
  if (Object.keys(errors).length) return showErrors(form, "", errors);
  const sent = await submitRequest(form,
    () => api("/api/org/nodes", { method: "POST", body: values }));
  if (!sent) return undefined;
  for (let at = node; at; at = tree.byId.get(at.parent_id)) setOpen(at.id, true);
  toast(t("admin.node.added", { name: values.name }));
  return render(root, { id: String(node.id) });
}

async function submitEdit(root, node, form) {
  const values = { name: form.name.value.trim(), code: form.code.value.trim() };
  if (!values.name) return showErrors(form, "", { name: t("field.required") });
  const sent = await submitRequest(form,
    () => api(`/api/org/nodes/${node.id}`, { method: "PATCH", body: values }));
  if (!sent) return undefined;
  toast(t("admin.saved"));
  return render(root, { id: String(node.id) });
}

async function toggleActive(root, node, button) {
  const active = !node.active;
  const question = active ? "admin.node.activate_confirm" : "admin.node.deactivate_confirm";
  if (!confirmed(t(question, { name: node.name }))) return undefined;
  const slot = root.querySelector("[data-status-error]");
  button.disabled = true;
  try {
    await api(`/api/org/nodes/${node.id}`, { method: "PATCH", body: { active } });
  } catch (error) {
    slot.textContent = actionMessage(error, "active");
    slot.hidden = false;
    button.disabled = false;
    return undefined;
  }
  toast(t(active ? "admin.node.activated" : "admin.node.deactivated", { name: node.name }));
  return render(root, { id: String(node.id) });
}

function bind(root, tree, node) {
  const add = root.querySelector("[data-form=add]");
  if (add) {
    syncSubtypes(add);
    add.kind.addEventListener("change", () => syncSubtypes(add));
    add.addEventListener("submit", (event) => {
      event.preventDefault();
      submitAdd(root, tree, node, add);
    });
  }
  const edit = root.querySelector("[data-form=edit]");
  edit.addEventListener("submit", (event) => {
    event.preventDefault();
    submitEdit(root, node, edit);
  });
  const toggle = root.querySelector("[data-action=toggle-active]");
  toggle.addEventListener("click", () => toggleActive(root, node, toggle));
}

/** Draw one node's details and forms. */
export async function render(root, params) {
  showLoading(root);
  let tree;
  try {
    tree = buildTree(await fetchNodes({ inactive: true }));
  } catch (error) {
    return showFailure(root, error, () => render(root, params),
                       backLink("admin/org", t("admin.org.title")));
  }
  const node = tree.byId.get(Number(params.id));
  if (!node) {
    return draw(root, html`${backLink("admin/org", t("admin.org.title"))}
      <p class="card notice" role="alert">${t("admin.node.not_found")}</p>`);
  }
  draw(root, template(tree, node));
  bind(root, tree, node);
  return undefined;
}
