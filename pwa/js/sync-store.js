// What the server's sync answers do to a user's store on the phone: a push's results (the
// outbox emptied, refused writes kept, conflicts merged), the pull feed's pages (records
// stored under the phone's own unsent versions), and a refused write given up (the record
// back to the server's). The databases are db.js's.
import { userDatabase } from "./db.js";
import { settle, withoutRev } from "./merge.js";

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
