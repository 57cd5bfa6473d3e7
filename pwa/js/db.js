// The only module that touches IndexedDB. Databases are opened once, lazily.
// Later versions add stores in new `if (oldVersion < N)` blocks; never edit a shipped one.
//
// Two kinds of database:
//   "qzapp"         this phone's: the remembered user and cached screens (kv).
//   "qzapp-u<id>"   one signed-in user's own: synced records, the outbox, photos, refused
//                   writes, sync state, drafts. A database per user keeps the people who share
//                   a phone apart (nobody sees or sends another's data), while an expired login
//                   keeps its unsent outbox until the same user signs in again.
import { deleteDB, openDB } from "../vendor/idb/index.js";
import { settle, withoutRev } from "./merge.js";

const DB_NAME = "qzapp";
const DB_VERSION = 1;
const USER_DB_VERSION = 2;
let opening = null;
const userOpenings = new Map();

function database() {
  opening ??= openDB(DB_NAME, DB_VERSION, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        db.createObjectStore("kv"); // last answers of the API, kept for offline use
      }
    },
    blocking() { opening?.then((db) => db.close()); opening = null; },
  });
  return opening;
}

function userDbName(uid) {
  return `qzapp-u${uid}`;
}

/** The user's own database (uid: the server's user id). */
function userDatabase(uid) {
  if (uid === undefined || uid === null) return Promise.reject(new Error("no user"));
  if (!userOpenings.has(uid)) {
    userOpenings.set(uid, openDB(userDbName(uid), USER_DB_VERSION, {
      upgrade(db, oldVersion, newVersion, transaction) {
        if (oldVersion < 1) {
          const records = db.createObjectStore("records", { keyPath: ["entity", "id"] });
          records.createIndex("entity", "entity");
          db.createObjectStore("outbox", { keyPath: "mid" }); // writes the server has not confirmed
          db.createObjectStore("media", { keyPath: "sha" }); // photos taken here, as JPEG blobs
          db.createObjectStore("rejected", { keyPath: "mid" }); // refused writes and conflicts
          db.createObjectStore("state"); // device id, next mid, pull cursor, last sync
          db.createObjectStore("drafts"); // unsaved form input, by form
        }
        if (oldVersion < 2) {
          // A case's events (only they carry case_id): one case page reads its own.
          transaction.objectStore("records").createIndex("case_id", "data.case_id");
        }
      },
      blocking() { closeUser(uid); },
    }));
  }
  return userOpenings.get(uid);
}

function closeUser(uid) {
  userOpenings.get(uid)?.then((db) => db.close()).catch(() => {});
  userOpenings.delete(uid);
}

/** Read a remembered value (undefined when absent). */
export async function kvGet(key) {
  return (await database()).get("kv", key);
}

/** Remember a value on the phone. */
export async function kvSet(key, value) {
  return (await database()).put("kv", value, key);
}

/** Forget remembered values. */
export async function kvDelete(...keys) {
  const tx = (await database()).transaction("kv", "readwrite");
  await Promise.all([...keys.map((key) => tx.store.delete(key)), tx.done]);
}

// ---- one user's data ------------------------------------------------------------------------

/** A value of the user's sync state (device_id, next_mid, cursor, last_ok, ...). */
export async function stateGet(uid, key) {
  return (await userDatabase(uid)).get("state", key);
}

/** Set a value of the user's sync state. */
export async function stateSet(uid, key, value) {
  return (await userDatabase(uid)).put("state", value, key);
}

/** The state value under key, made by make() and stored the first time it is asked for. */
export async function stateEnsure(uid, key, make) {
  const tx = (await userDatabase(uid)).transaction("state", "readwrite");
  let value = await tx.store.get(key);
  if (value === undefined) {
    value = make();
    tx.store.put(value, key);
  }
  await tx.done;
  return value;
}

/** A saved draft of a form (undefined when none). */
export async function draftGet(uid, key) {
  return (await userDatabase(uid)).get("drafts", key);
}

/** Save a form's unsaved input. */
export async function draftSet(uid, key, value) {
  return (await userDatabase(uid)).put("drafts", value, key);
}

/** Forget a draft. */
export async function draftDelete(uid, key) {
  return (await userDatabase(uid)).delete("drafts", key);
}

/** Keep a photo: {sha, blob, uploaded}. */
export async function mediaPut(uid, media) {
  return (await userDatabase(uid)).put("media", media);
}

/** A kept photo by its hash (undefined when not on this phone). */
export async function mediaGet(uid, sha) {
  return (await userDatabase(uid)).get("media", sha);
}

/** One record: {entity, id, rev, data, status}; undefined when absent. */
export async function recordGet(uid, entity, id) {
  return (await userDatabase(uid)).get("records", [entity, id]);
}

/** Every record of one entity. */
export async function recordsOf(uid, entity) {
  return (await userDatabase(uid)).getAllFromIndex("records", "entity", entity);
}

/** The records of one case's events (case_event), in no particular order. */
export async function caseEventRecords(uid, caseId) {
  return (await userDatabase(uid)).getAllFromIndex("records", "case_id", caseId);
}

/** Outbox entries in mid order (at most limit). */
export async function outboxEntries(uid, limit) {
  return (await userDatabase(uid)).getAll("outbox", null, limit);
}

/** Refused writes and conflicts, oldest first. */
export async function rejectedEntries(uid) {
  return (await userDatabase(uid)).getAll("rejected");
}

/** The conflict that waits for the user on a record (undefined when none). */
export async function conflictOf(uid, entity, id) {
  return (await rejectedEntries(uid)).find(
    (entry) => entry.kind === "conflict" && entry.entity === entity && entry.id === id);
}

/** One refused write by its mid. */
export async function rejectedGet(uid, mid) {
  return (await userDatabase(uid)).get("rejected", mid);
}

/** How many writes wait for the server, and how many it refused. */
export async function syncCounts(uid) {
  const db = await userDatabase(uid);
  const [pending, rejected] = await Promise.all([db.count("outbox"), db.count("rejected")]);
  return { pending, rejected };
}

/** A local write: the record and its outbox entry (with the next mid) in one transaction.
 *  The entry keeps as `base` the version it was made on (the last one the server confirmed),
 *  to merge against should the server answer with a conflict.
 *  `resolves` names a refused entry this write corrects; it leaves the refused list. */
export async function writeLocal(uid, record, entry, resolves = null) {
  const tx = (await userDatabase(uid)).transaction(
    ["records", "outbox", "state", "rejected"], "readwrite");
  const state = tx.objectStore("state");
  const mid = (await state.get("next_mid")) ?? 1;
  const records = tx.objectStore("records");
  const before = await records.get([record.entity, record.id]);
  // What the server last confirmed, to put back if this write is refused and discarded.
  const confirmed = before?.status === "synced" || before?.status === "conflict";
  const synced = confirmed ? { rev: before.rev, data: before.data } : before?.synced ?? null;
  state.put(mid + 1, "next_mid");
  tx.objectStore("outbox").put({ ...entry, base: synced?.data ?? null, mid });
  records.put({ ...record, status: "pending", synced });
  if (resolves !== null) tx.objectStore("rejected").delete(resolves);
  await tx.done;
  return mid;
}

/** Store the server's answers to a push: confirmed entries leave the outbox, refused ones move
 *  to the refused list, conflicts are merged (storeConflict). A record stays "pending" while a
 *  later write of it still waits. Returns how many entries left the outbox. */
export async function applyPushResults(uid, results, lastMid) {
  const tx = (await userDatabase(uid)).transaction(["records", "outbox", "rejected", "state"],
    "readwrite");
  const [outbox, records, rejected, state] = ["outbox", "records", "rejected", "state"].map(
    (name) => tx.objectStore(name));
  const waiting = new Map(); // "entity/id" -> entries of that record still in the outbox
  for (const entry of await outbox.getAll()) {
    const name = `${entry.entity}/${entry.id}`;
    waiting.set(name, (waiting.get(name) ?? 0) + 1);
  }
  let removed = 0;
  for (const result of results) {
    const entry = result.mid <= lastMid ? await outbox.get(result.mid) : undefined;
    if (!entry) continue;
    outbox.delete(entry.mid);
    removed += 1;
    const name = `${entry.entity}/${entry.id}`;
    waiting.set(name, waiting.get(name) - 1);
    const more = waiting.get(name) > 0;
    const key = [entry.entity, entry.id];
    const record = await records.get(key);
    if (result.status === "applied") {
      const synced = { rev: result.rev, data: { ...record?.synced?.data, ...entry.data } };
      const newer = newerThan(record, result.rev);
      if (entry.op === "delete" && !more) records.delete(key);
      else if (record && more) records.put({ ...record, rev: result.rev, synced });
      else if (newer) putNewer(records, record, newer);
      else if (record) records.put({ ...record, rev: result.rev, status: "synced", synced: null });
    } else if (result.status === "conflict") {
      // While a later write of the record waits, it carries this one (a put is the whole
      // record) and is merged in its turn, against the same base.
      if (!more) await storeConflict({ outbox, records, rejected, state }, entry, result);
    } else {
      rejected.put({ ...entry, kind: "rejected", code: result.code, reason: result.reason,
        errors: result.errors || [], duplicate_of: result.duplicate_of ?? null, at: Date.now() });
      if (record) records.put({ ...record, status: more ? "pending" : "rejected" });
    }
  }
  await tx.done;
  return removed;
}

// A merged write that meets yet another version is merged again, this many times at most;
// then the user settles it (a record that keeps changing under the phone).
const MAX_MERGES = 3;

/** A conflict, merged with the server's copy field by field (merge.js). When no field was
 *  changed on both sides to different values, the merged record is queued again on top of
 *  the server's rev, and the conflict leaves no trace; else it waits for the user in the
 *  refused list (kind "conflict"), the record showing the server's copy. */
async function storeConflict({ outbox, records, rejected, state }, entry, result) {
  const { entity, id } = entry;
  const rev = result.server.rev;
  const theirs = withoutRev(result.server);
  const merges = entry.merges ?? 0;
  const mergeable = entry.op === "put" && !result.deleted && merges < MAX_MERGES;
  const outcome = mergeable ? settle(entry, theirs) : null;
  if (outcome && !outcome.clashes.length) {
    const mid = (await state.get("next_mid")) ?? 1;
    state.put(mid + 1, "next_mid");
    outbox.put({ op: "put", entity, id, base_rev: rev, data: outcome.data, base: theirs,
      saved_at: entry.saved_at, merges: merges + 1, mid });
    records.put({ entity, id, rev, data: outcome.record, saved_at: entry.saved_at,
      status: "pending", synced: { rev, data: theirs } });
    return;
  }
  rejected.put({ ...entry, kind: "conflict", server: result.server,
    deleted: Boolean(result.deleted), at: Date.now() });
  records.put({ entity, id, rev, data: theirs, status: "conflict", synced: null });
}

/** The server's version of a record that a pull brought while the phone's own waited, when it
 *  is newer than rev (another phone wrote on top of the one just answered); else null. */
function newerThan(record, rev) {
  return record?.newer && record.newer.rev > rev ? record.newer : null;
}

/** The record as the server last sent it: the phone has nothing of its own left on it. */
function putNewer(records, record, newer) {
  if (newer.gone) records.delete([record.entity, record.id]);
  else {
    records.put({ entity: record.entity, id: record.id, rev: newer.rev, data: newer.data,
      status: "synced", synced: null });
  }
}

/** Store one page of the pull feed and move the cursor past it, in one transaction.
 *  Local versions not yet confirmed win until they are sent or discarded. */
export async function applyPullPage(uid, changes, next, epoch) {
  const tx = (await userDatabase(uid)).transaction(["records", "state"], "readwrite");
  const records = tx.objectStore("records");
  for (const change of changes) {
    const key = [change.entity, change.id];
    const local = await records.get(key);
    if (local && (local.status === "pending" || local.status === "rejected")) {
      // The phone's own version wins on screen until it is answered; the server's, which
      // the cursor now passes, is kept for when it turns out newer than the answer.
      records.put({ ...local, newer: { rev: change.seq, gone: change.op !== "put",
        data: change.data ?? null } });
      continue;
    }
    if (change.op === "put") {
      records.put({ entity: change.entity, id: change.id, rev: change.rev, data: change.data,
        status: local?.status === "conflict" ? "conflict" : "synced", synced: null });
    } else {
      records.delete(key);
    }
  }
  tx.objectStore("state").put(next, "cursor");
  if (epoch !== undefined) tx.objectStore("state").put(epoch, "epoch"); // the cursor's
  await tx.done;
}

/** The server asks for a fresh start: forget confirmed records and pull from 0. */
export async function resetPull(uid) {
  const tx = (await userDatabase(uid)).transaction(["records", "state"], "readwrite");
  let cursor = await tx.objectStore("records").openCursor();
  while (cursor) {
    if (cursor.value.status === "synced") cursor.delete();
    cursor = await cursor.continue();
  }
  tx.objectStore("state").put(0, "cursor");
  tx.objectStore("state").delete("epoch");
  await tx.done;
}

/** The user gives up a refused write: it leaves the list and the record goes back to what
 *  the server has (or away, when the server never had it). */
export async function discardRejected(uid, mid) {
  const tx = (await userDatabase(uid)).transaction(["records", "rejected"], "readwrite");
  const entry = await tx.objectStore("rejected").get(mid);
  if (entry) {
    tx.objectStore("rejected").delete(mid);
    const records = tx.objectStore("records");
    const record = await records.get([entry.entity, entry.id]);
    const newer = newerThan(record, record?.synced?.rev ?? 0);
    if (record?.status === "conflict") records.put({ ...record, status: "synced" });
    else if (record?.status === "rejected" && newer) putNewer(records, record, newer);
    else if (record?.status === "rejected" && record.synced) {
      records.put({ ...record, ...record.synced, status: "synced", synced: null });
    } else if (record?.status === "rejected") records.delete([entry.entity, entry.id]);
  }
  await tx.done;
}

/** Delete the user's database when nothing in it is waiting, refused or half-typed.
 *  Returns whether it was deleted. */
export async function dropUserDataIfSettled(uid) {
  const db = await userDatabase(uid);
  const counts = await Promise.all(["outbox", "rejected", "drafts"].map((s) => db.count(s)));
  if (counts.some(Boolean)) return false;
  closeUser(uid);
  await deleteDB(userDbName(uid));
  return true;
}
