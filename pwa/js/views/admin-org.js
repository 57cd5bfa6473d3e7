// 组织架构: the admin's subtree as an indented list that opens and closes branch by branch,
// with a name filter for large trees. A tap on a node opens its details.
import { backLink, showFailure, showLoading } from "../admin/common.js";
import {
  buildTree, fetchNodes, flatten, isOpen, kindLabel, openRootsOnce, pathNames, setOpen,
} from "../admin/org.js";
import { html, render as draw } from "../html.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";

let showInactive = false; // kept while the app runs, like the opened branches

function toggleLabel(name, open) {
  return t(open ? "admin.org.collapse" : "admin.org.expand", { name });
}

function nodeRow(tree, node) {
  const kids = tree.children.get(node.id);
  const open = isOpen(node.id);
  return html`
    <li class="tree-item" data-node-id="${node.id}">
      <div class="tree-row ${node.active ? "" : "is-inactive"}">
        ${kids.length ? html`<button type="button" class="tree-toggle" data-toggle="${node.id}"
            aria-expanded="${open}" aria-label="${toggleLabel(node.name, open)}"
            >${icon("chevron")}</button>`
          : html`<span class="tree-toggle tree-leaf" aria-hidden="true"></span>`}
        <a class="tree-link" href="#/admin/node?id=${node.id}">
          <span class="tree-name">${node.name}</span>
          <span class="tree-meta">
            <span class="chip chip-kind">${kindLabel(node)}</span>
            ${node.active ? "" : html`<span class="chip chip-muted">${t("admin.inactive")}</span>`}
            ${kids.length ? html`<span class="muted">${t("admin.org.children_count",
              { count: kids.length })}</span>` : ""}
          </span>
        </a>
      </div>
      ${kids.length ? html`<ul class="tree-group" ${open ? "" : "hidden"}>
        ${kids.map((child) => nodeRow(tree, child))}</ul>` : ""}
    </li>`;
}

function parentPath(tree, node) {
  const parent = tree.byId.get(node.parent_id);
  return parent ? ` · ${pathNames(tree, parent)}` : "";
}

function matches(tree, query) {
  const needle = query.toLowerCase();
  const found = flatten(tree).filter(({ node }) => node.name.toLowerCase().includes(needle)
    || (node.code || "").toLowerCase().includes(needle));
  if (!found.length) return html`<p class="card muted empty">${t("admin.org.no_match")}</p>`;
  return html`<ul class="card list">${found.map(({ node }) => html`
    <li><a class="list-row list-link" href="#/admin/node?id=${node.id}">
      <span class="row-text"><strong>${node.name}</strong>
        <span class="muted">${kindLabel(node)}${parentPath(tree, node)}</span></span>
      ${icon("chevron")}</a></li>`)}</ul>`;
}

function template(tree) {
  return html`
    ${backLink("admin", t("nav.admin"))}
    <div class="admin-toolbar">
      <label class="search-box">${icon("search")}
        <input type="search" name="q" placeholder="${t("admin.org.filter")}"
               aria-label="${t("admin.org.filter")}" autocomplete="off" enterkeyhint="search">
      </label>
      <label class="check">
        <input type="checkbox" name="inactive" ${showInactive ? "checked" : ""}>
        <span>${t("admin.org.show_inactive")}</span>
      </label>
    </div>
    <div data-results hidden></div>
    <ul class="card tree" data-tree>${tree.roots.map((root) => nodeRow(tree, root))}</ul>`;
}

function onToggle(button) {
  const item = button.closest(".tree-item");
  const open = button.getAttribute("aria-expanded") !== "true";
  const name = item.querySelector(".tree-name").textContent;
  setOpen(Number(button.dataset.toggle), open);
  button.setAttribute("aria-expanded", String(open));
  button.setAttribute("aria-label", toggleLabel(name, open));
  item.querySelector(".tree-group").hidden = !open;
}

function bind(root, tree) {
  root.querySelector("[data-tree]").addEventListener("click", (event) => {
    const button = event.target.closest("[data-toggle]");
    if (button) onToggle(button);
  });
  const results = root.querySelector("[data-results]");
  root.querySelector("input[name=q]").addEventListener("input", (event) => {
    const query = event.target.value.trim();
    results.hidden = !query;
    root.querySelector("[data-tree]").hidden = Boolean(query);
    draw(results, query ? matches(tree, query) : html``);
  });
  root.querySelector("input[name=inactive]").addEventListener("change", (event) => {
    showInactive = event.target.checked;
    render(root);
  });
}

/** Draw the org tree. */
export async function render(root) {
  showLoading(root);
  let tree;
  try {
    tree = buildTree(await fetchNodes({ inactive: showInactive }));
  } catch (error) {
    return showFailure(root, error, () => render(root), backLink("admin", t("nav.admin")));
  }
  openRootsOnce(tree);
  draw(root, template(tree));
  bind(root, tree);
  return undefined;
}
