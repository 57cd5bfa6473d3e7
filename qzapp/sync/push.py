"""Applying a device's batch of mutations: in order, exactly once, in one transaction.

Answers are kept as JSON text per (user, device, mid), so a replay is answered by
joining the texts it was given the first time.
"""

from ..clock import now_iso
from ..db import execute, execute_many, fetch_tuples, fetch_value, immediate
from . import changes, notices
from .apply import MAX_RECORD_BYTES, Writes, apply_one, precheck  # noqa: F401
from .store import compact_json


def apply_batch(db, user, device_id, mutations, large=True, generation=None):
    """Apply mutations in mid order; returns ([answer as JSON text], last_mid). A gap stops
    the batch, unless the phone last spoke to another generation of the database (one
    restored from a backup since: the mids it was answered are gone), when the batch is
    taken from its first mid. large=False says the body was too small for any record to
    exceed its cap."""
    last_mid = _last_mid(db, user.id, device_id)
    if last_mid is not None and all(m["mid"] <= last_mid for m in mutations):
        return _replayed(db, user.id, device_id, mutations), last_mid   # nothing to write
    # Before the write lock: the checks that need no database, while others write.
    checked = {m["mid"]: precheck(user, m, large) for m in mutations
               if last_mid is None or m["mid"] > last_mid}
    with immediate(db):
        last_mid = _last_mid(db, user.id, device_id)
        if last_mid is None:
            execute(db, "INSERT INTO sync_devices (user_id, device_id, created_at)"
                    " VALUES (?, ?, ?)", [user.id, device_id, now_iso()])
            last_mid = 0
        if generation is not None and generation != changes.generation(db):
            last_mid = max(last_mid, min(m["mid"] for m in mutations) - 1)
        answers = _replayed(db, user.id, device_id, [m for m in mutations
                                                     if m["mid"] <= last_mid])
        fresh = [m for m in mutations if m["mid"] > last_mid]
        writes, stored = Writes(db, user, device_id, fresh, checked), []
        for mutation in fresh:
            if mutation["mid"] != last_mid + 1:
                break  # a gap: the device resends from last_mid + 1
            result = apply_one(writes, mutation)
            if result["status"] == "rejected":
                notices.refused(db, user.id, device_id, mutation["mid"], result["reason"])
            answer = compact_json(result)
            stored.append((user.id, device_id, mutation["mid"], answer))
            answers.append(answer)
            last_mid = mutation["mid"]
        writes.flush()
        execute_many(db, "INSERT INTO sync_results (user_id, device_id, mid, result)"
                     " VALUES (?, ?, ?, ?)", stored)
        execute(db, "UPDATE sync_devices SET last_mid = ?, last_push_at = ? WHERE"
                " user_id = ? AND device_id = ?", [last_mid, now_iso(), user.id, device_id])
    return answers, last_mid


def _last_mid(db, user_id, device_id):
    """The device's last applied mid, or None for a device never seen."""
    return fetch_value(db, "SELECT last_mid FROM sync_devices WHERE user_id = ? AND"
                       " device_id = ?", [user_id, device_id])


def _replayed(db, user_id, device_id, mutations):
    """The answers already given to these (applied) mids, in their order."""
    if not mutations:
        return []
    mids = [m["mid"] for m in mutations]
    rows = dict(fetch_tuples(
        db, "SELECT mid, result FROM sync_results WHERE user_id = ? AND device_id = ?"
        " AND mid BETWEEN ? AND ?", [user_id, device_id, min(mids), max(mids)]))
    return [rows[mid] for mid in mids]
