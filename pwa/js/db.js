// The only module that opens IndexedDB (sync-store.js writes the server's answers into the
// databases it opens). Databases are opened once, lazily.
// Later versions add stores in new `if (oldVersion < N)` blocks; never edit a shipped one.
//
// Two kinds of database:
//   "qzapp"         this phone's: the remembered user and cached screens (kv).
//   "qzapp-u<id>"   one signed-in user's own: synced records, the outbox, photos, refused
//                   writes, sync state, drafts. A database per user keeps the people who share
//                   a phone apart (nobody sees or sends another's data), while an expired login
//                   keeps its unsent outbox until the same user signs in again.
import { deleteDB, openDB } from "../vendor/idb/index.js";

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
export function userDatabase(uid) {
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
