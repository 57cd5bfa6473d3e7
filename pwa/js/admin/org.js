// The org tree as the administration screens need it: kinds, subtypes and roles (mirroring
// qzapp/org/tree.py and qzapp/auth/roles.py), the nodes fetched from the server, and the
// tree built from them.
import { allPages } from "../api.js";
import { t } from "../i18n.js";

// Administrative levels, top down; a child sits at a deeper level than its parent.
export const LEVELS = ["province", "city", "county", "township", "village", "grid"];
export const PARTY_ORG = "party_org";
export const SUBTYPES = {
  township: ["township", "street"],
  village: ["village", "community"],
  party_org: ["joint_service", "non_public", "network", "social_org", "other"],
};
// Kinds whose subtype may be left out (the server picks the first one).
export const OPTIONAL_SUBTYPE = new Set(["township", "village"]);
export const ROLES = [
  "cadre", "first_secretary", "village_staff", "grid_worker", "member",
  "community_staff", "leader", "supervisor", "admin",
];
// Options of a node picker are indented by depth; non-breaking spaces survive in <option>.
const INDENT = "\u00a0\u00a0\u00a0";

/** The kinds a new child of a node of parentKind may have (as tree.child_kind_allowed). */
export function allowedChildKinds(parentKind) {
  if (parentKind === PARTY_ORG) return [PARTY_ORG];
  return [...LEVELS.slice(LEVELS.indexOf(parentKind) + 1), PARTY_ORG];
}

/** A node's kind in words: its subtype where that says more (街道, 社区, 非公企业党组织…). */
export function kindLabel(node) {
  if (!node.subtype) return t(`org.kind.${node.kind}`);
  const subtype = t(`org.subtype.${node.subtype}`);
  return node.kind === PARTY_ORG ? t("org.party_org_of", { subtype }) : subtype;
}

/** The subtree's nodes in tree order; include_inactive adds the deactivated ones. */
export async function fetchNodes({ inactive = false } = {}) {
  const nodes = await allPages(`/api/org/nodes${inactive ? "?include_inactive=1" : ""}`,
    "nodes");
  return nodes.map((node) => ({ ...node, active: Boolean(node.active) }));
}

function siblingOrder(a, b) {
  const rank = (node) => (node.kind === PARTY_ORG ? LEVELS.length : LEVELS.indexOf(node.kind));
  return rank(a) - rank(b) || a.id - b.id;
}

/** {roots, byId, children} of a list of nodes; a node whose parent is not listed is a root.
 *  Siblings come in level order, party organisations last, then as they were created. */
export function buildTree(nodes) {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const children = new Map(nodes.map((node) => [node.id, []]));
  const roots = [];
  nodes.forEach((node) => {
    (children.has(node.parent_id) ? children.get(node.parent_id) : roots).push(node);
  });
  children.forEach((list) => list.sort(siblingOrder));
  roots.sort(siblingOrder);
  return { roots, byId, children };
}

/** The nodes in display order, each with its level below the subtree's top (0, 1, …). */
export function flatten(tree) {
  const out = [];
  const walk = (node, level) => {
    out.push({ node, level });
    tree.children.get(node.id).forEach((child) => walk(child, level + 1));
  };
  tree.roots.forEach((root) => walk(root, 0));
  return out;
}

/** Names from the subtree's top down to the node, e.g. 示范县 › 青山乡 › 青山村. */
export function pathNames(tree, node) {
  const names = [];
  for (let at = node; at; at = tree.byId.get(at.parent_id)) names.unshift(at.name);
  return names.join(" › ");
}

/** The label of a node in an indented picker. */
export function optionLabel(node, level) {
  return `${INDENT.repeat(level)}${node.name}`;
}

// Which nodes the tree screen shows opened, kept while the app runs. Its first visit also
// opens the top of the subtree.
const opened = new Set();
let openedOnce = false;

/** Whether the tree shows the node's children. */
export function isOpen(id) {
  return opened.has(id);
}

/** Show or hide a node's children on the tree screen. */
export function setOpen(id, open) {
  if (open) opened.add(id);
  else opened.delete(id);
}

/** On the first visit, open the top of the subtree. */
export function openRootsOnce(tree) {
  if (openedOnce) return;
  openedOnce = true;
  tree.roots.forEach((root) => opened.add(root.id));
}
