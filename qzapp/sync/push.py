"""Applying a device's batch of mutations: in order, exactly once, in one transaction."""
import json

from ..clock import now_iso
from ..db import immediate
from .apply import MAX_RECORD_BYTES, Writes, apply_one  # noqa: F401


def apply_batch(db, user, device_id, mutations, large=True):
    """Apply mutations in mid order; returns (results, last_mid). A gap stops the batch.

    large=False says the request body was too small for any record to exceed its cap.
    """
    with immediate(db):
        last_mid = _device_last_mid(db, user.id, device_id)
        known = _stored_results(db, user.id, device_id, mutations, last_mid)
        fresh = [m for m in mutations if m["mid"] > last_mid]
        writes, results, answered = Writes(db, user, device_id, fresh), [], []
        for mutation in mutations:
            mid = mutation["mid"]
            if mid <= last_mid:
                results.append(known.get(mid) or {"mid": mid, "status": "applied"})
                continue
            if mid != last_mid + 1:
                break  # a gap: the device resends from last_mid + 1
            result = apply_one(writes, mutation, large)
            results.append(result)
            answered.append(result)
            last_mid = mid
        writes.flush()
        _store_results(db, user.id, device_id, answered)
        db.conn.execute("UPDATE sync_devices SET last_mid = ?, last_push_at = ? WHERE"
                        " user_id = ? AND device_id = ?", [last_mid, now_iso(), user.id, device_id])
    return results, last_mid


def _device_last_mid(db, user_id, device_id):
    row = db.conn.execute("SELECT last_mid FROM sync_devices WHERE user_id = ? AND"
                          " device_id = ?", [user_id, device_id]).fetchone()
    if row is None:
        db.conn.execute("INSERT INTO sync_devices (user_id, device_id, created_at)"
                        " VALUES (?, ?, ?)", [user_id, device_id, now_iso()])
        return 0
    return row[0]


def _stored_results(db, user_id, device_id, mutations, last_mid):
    """The results already given for the replayed mids in this batch."""
    mids = [m["mid"] for m in mutations if m["mid"] <= last_mid]
    if not mids:
        return {}
    rows = db.conn.execute(
        "SELECT mid, result FROM sync_results WHERE user_id = ? AND device_id = ?"
        " AND mid BETWEEN ? AND ?", [user_id, device_id, min(mids), max(mids)])
    return {mid: json.loads(result) for mid, result in rows}


def _store_results(db, user_id, device_id, results):
    """Keep each answer so that a replay of its mid gets the same one."""
    db.conn.executemany(
        "INSERT INTO sync_results (user_id, device_id, mid, result) VALUES (?, ?, ?, ?)",
        [(user_id, device_id, r["mid"], json.dumps(r, ensure_ascii=False)) for r in results])
