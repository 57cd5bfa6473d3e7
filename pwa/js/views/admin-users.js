// 账号: the accounts in the subtree, searched by name, username or phone, filtered by
// status and by org node. The filter lives in the address, so "back" returns to it.
import { api } from "../api.js";
import {
  backLink, rememberUsersList, showFailure, showLoading, statusChips,
} from "../admin/common.js";
import { buildTree, fetchNodes, flatten, optionLabel } from "../admin/org.js";
import { roleChips } from "../format.js";
import { html, render as draw } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import { hasRole } from "../session.js";
import { pagedList } from "../widgets/paged-list.js";

const STATUSES = [
  { value: "", label: "admin.users.all" },
  { value: "1", label: "admin.users.active" },
  { value: "0", label: "admin.users.inactive" },
];

function filterOf(params) {
  return { q: params.q || "", active: params.active || "", node: params.node || "" };
}

function query(filter) {
  const search = new URLSearchParams();
  if (filter.q) search.set("q", filter.q);
  if (filter.active) search.set("active", filter.active);
  if (filter.node) search.set("node_id", filter.node);
  return search;
}

function nodeSelect(tree, filter) {
  return html`<select name="node" aria-label="${t("admin.users.node_filter")}">
    <option value="">${t("admin.users.all_nodes")}</option>
    ${flatten(tree).map(({ node, level }) => html`<option value="${node.id}"
      ${String(node.id) === filter.node ? "selected" : ""}>${optionLabel(node, level)}${
        node.active ? "" : ` (${t("admin.inactive")})`}</option>`)}
  </select>`;
}

function template(tree, filter) {
  const admin = hasRole(["admin"]);
  return html`
    ${admin ? backLink("admin", t("nav.admin"))
      : html`<p class="notice">${t("admin.users.read_only")}</p>`}
    <form class="card filters" role="search" novalidate data-filters>
      <div class="search-row">
        <label class="search-box">${icon("search")}
          <input type="search" name="q" value="${filter.q}" maxlength="40"
                 placeholder="${t("admin.users.search")}" aria-label="${t("admin.users.search")}"
                 autocomplete="off" enterkeyhint="search">
        </label>
        <button type="submit" class="btn btn-primary">${t("admin.users.search_submit")}</button>
      </div>
      <div class="segmented segmented-block" role="group" aria-label="${t("admin.users.status")}">
        ${STATUSES.map((status) => html`<button type="button" data-active="${status.value}"
          aria-pressed="${status.value === filter.active}">${t(status.label)}</button>`)}
      </div>
      <label class="field field-inline">${nodeSelect(tree, filter)}</label>
    </form>
    ${admin ? html`<a class="btn btn-primary btn-block" data-action="new"
        href="#/admin/user-new${filter.node ? `?node=${filter.node}` : ""}">
        ${icon("plus")}${t("admin.users.new")}</a>` : ""}
    <div class="user-list" data-list></div>`;
}

function userRow(user) {
  return html`
    <li><a class="list-row list-link user-row ${user.active ? "" : "is-inactive"}"
           href="#/admin/user?id=${user.id}" data-username="${user.username}">
      <span class="row-text">
        <strong>${user.name} <span class="muted">${user.username}</span></strong>
        <span class="muted">${user.node_name}</span>
        <span class="chips">${roleChips(user.roles)}${statusChips(user)}</span>
      </span>
      ${icon("chevron")}</a></li>`;
}

/** One page of accounts as the paged list takes it. */
async function loadPage(filter, cursor) {
  const search = query(filter);
  if (cursor) search.set("cursor", cursor);
  const { users, ...page } = await api(`/api/users?${search}`);
  return { items: users, ...page };
}

async function loadList(root, filter) {
  const slot = root.querySelector("[data-list]");
  draw(slot, html`<p class="muted admin-loading" role="status">${t("admin.loading")}</p>`);
  try {
    await pagedList(slot, { load: (cursor) => loadPage(filter, cursor), row: userRow,
      count: (total) => t("admin.users.count", { count: total }),
      empty: t("admin.users.none") });
  } catch (error) {
    await showFailure(slot, error, () => loadList(root, filter));
  }
}

/** Put the filter in the address (without a new history entry) and list again. */
function apply(root, filter) {
  const search = new URLSearchParams(Object.entries(filter).filter(([, value]) => value));
  const text = search.toString();
  const path = `admin/users${text ? `?${text}` : ""}`;
  history.replaceState(null, "", `#/${path}`);
  rememberUsersList(path);
  const create = root.querySelector("[data-action=new]");
  if (create) create.href = `#/admin/user-new${filter.node ? `?node=${filter.node}` : ""}`;
  return loadList(root, filter);
}

function bind(root, filter) {
  const form = root.querySelector("[data-filters]");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    form.q.blur(); // closes the phone's keyboard so the results show
    filter.q = form.q.value.trim();
    apply(root, filter);
  });
  form.addEventListener("click", (event) => {
    const button = event.target.closest("[data-active]");
    if (!button) return;
    form.querySelectorAll("[data-active]").forEach((b) => {
      b.setAttribute("aria-pressed", String(b === button));
    });
    filter.active = button.dataset.active;
    apply(root, filter);
  });
  form.node.addEventListener("change", () => {
    filter.node = form.node.value;
    apply(root, filter);
  });
  form.q.addEventListener("search", () => { // the field's clear button
    if (form.q.value || !filter.q) return;
    filter.q = "";
    apply(root, filter);
  });
}

/** Draw the account list. */
export async function render(root, params) {
  const filter = filterOf(params);
  rememberUsersList(location.hash.replace(/^#\//, ""));
  showLoading(root);
  let tree;
  try {
    tree = buildTree(await fetchNodes({ inactive: true }));
  } catch (error) {
    return showFailure(root, error, () => render(root, params));
  }
  draw(root, template(tree, filter));
  bind(root, filter);
  return loadList(root, filter);
}
