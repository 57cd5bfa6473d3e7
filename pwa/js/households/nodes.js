// Names of the villages and grids a user may see. The phone does not sync the org tree, so
// the list is fetched when online and remembered (kv, per user) for offline use.
import { allPages } from "../api.js";
import { kvGet, kvSet } from "../db.js";

const REGISTER_KINDS = new Set(["village", "grid"]);

function key(uid) {
  return `org-nodes:${uid}`;
}

function slim(node) {
  return { id: node.id, parent_id: node.parent_id ?? null, name: node.name, kind: node.kind,
    path: node.path ?? "", active: node.active === undefined ? true : Boolean(node.active) };
}

/** The remembered nodes of the user's scope (possibly none). */
export async function knownNodes(uid) {
  return (await kvGet(key(uid)).catch(() => undefined)) ?? [];
}

/** Fetch the scope's nodes and remember them; the remembered ones when offline. */
export async function refreshNodes(uid) {
  try {
    const nodes = await allPages("/api/org/nodes", "nodes");
    const list = nodes.map(slim);
    await kvSet(key(uid), list).catch(() => {});
    return list;
  } catch {
    return knownNodes(uid);
  }
}

/** The nodes to draw with now: the remembered ones (refreshed in the background), or on a
 *  first visit the server's if they come within waitMs. `fresh` resolves to the server's. */
export async function nodesSoon(uid, waitMs = 1500) {
  const known = await knownNodes(uid);
  const fresh = refreshNodes(uid);
  if (known.length) return { nodes: known, fresh };
  const late = new Promise((resolve) => { setTimeout(() => resolve(known), waitMs); });
  return { nodes: await Promise.race([fresh, late]), fresh };
}

/** Nodes by id. */
export function nodeMap(nodes) {
  return new Map(nodes.map((node) => [node.id, node]));
}

/** The villages and grids a household may be registered under, in tree order; with none
 *  remembered, the user's own node when it is one. */
export function registerNodes(nodes, user) {
  const found = nodes.filter((n) => REGISTER_KINDS.has(n.kind) && n.active)
    .sort((a, b) => a.path.localeCompare(b.path));
  if (found.length || !REGISTER_KINDS.has(user?.node?.kind)) return found;
  return [slim(user.node)];
}

/** The village a village-or-grid node belongs to (its own id when unknown). */
export function villageOf(byId, nodeId) {
  const node = byId.get(Number(nodeId));
  return node?.kind === "grid" && node.parent_id ? node.parent_id : Number(nodeId);
}

/** A node's name, or fallback when it is not known here. */
export function nodeName(byId, nodeId, fallback = "") {
  return byId.get(Number(nodeId))?.name ?? fallback;
}
