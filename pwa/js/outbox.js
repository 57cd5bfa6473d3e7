// Local writes. The record and its outbox entry reach IndexedDB in one transaction (db.js);
// sync.js sends the outbox. Each entry's base_rev is the rev the phone last saw; edits queued
// on one phone follow each other (the server accepts a device's edit on top of its own). Each
// entry also keeps the version it was made on (db.js writeLocal), so that a conflict with
// another phone or person is merged field by field (merge.js) instead of overwriting theirs.
import { recordGet, stateEnsure, writeLocal } from "./db.js";
import { currentUser } from "./session.js";
import { discardRejected } from "./sync-store.js";

function randomHex(bytes) {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)),
    (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A new record id: a lower-case UUID v7 (RFC 9562). Its first 48 bits are the time in
 *  milliseconds, so ids made close in time sit close together in the server's indexes
 *  (qzapp/ids.py makes the same on the server). */
export function newId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let ms = Date.now();
  for (let i = 5; i >= 0; i -= 1) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = (bytes[6] & 0x0f) | 0x70;   // version 7
  bytes[8] = (bytes[8] & 0x3f) | 0x80;   // variant 10
  const s = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** This phone's id for the user, made once; the server counts mids per user and device. */
export function deviceId(uid) {
  return stateEnsure(uid, "device_id", () => `p${randomHex(12)}`);
}

function signedInId() {
  const uid = currentUser()?.id;
  if (uid === undefined || uid === null) throw new Error("not signed in");
  return uid;
}

/** Save a record on the phone and queue it for the server; returns its id.
 *  id: the record to change (omitted: a new one). resolves: the mid of a refused write that
 *  this one corrects (it leaves the refused list in the same transaction). */
export async function saveLocal(entity, data, { id = null, resolves = null } = {}) {
  const uid = signedInId();
  const recordId = id ?? newId();
  const before = id ? await recordGet(uid, entity, recordId) : undefined;
  const baseRev = before?.rev ?? null;
  const now = Date.now();
  const record = {
    entity, id: recordId, rev: baseRev,
    data: { ...before?.data, ...data, id: recordId, created_by: before?.data?.created_by ?? uid },
    saved_at: now,
  };
  const entry = { op: "put", entity, id: recordId, base_rev: baseRev, data, saved_at: now };
  await writeLocal(uid, record, entry, resolves);
  window.dispatchEvent(new CustomEvent("qz:outbox"));
  return recordId;
}

/** The user gives up a refused write on purpose; the record goes back to the server's copy. */
export async function discardRefused(mid) {
  await discardRejected(signedInId(), mid);
  window.dispatchEvent(new CustomEvent("qz:outbox"));
}
