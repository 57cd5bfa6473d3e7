"""The audit trail: who changed what, when, from which device, before and after."""
import json

from .clock import now_iso
from .db import execute_many, fetch_all


def record(db, user_id, action, entity, entity_id, before=None, after=None, device_id=None):
    """Append one audit entry (call inside the write's transaction)."""
    record_many(db, [(now_iso(), user_id, device_id, action, entity, str(entity_id),
                      _dump(before), _dump(after))])


def record_many(db, entries):
    """Append entries given as (at, user_id, device_id, action, entity, entity_id, before,
    after), before and after already JSON text (synced records: as phones pull them).
    Part of the caller's transaction, or committed at once outside one."""
    execute_many(db, "INSERT INTO audit (at, user_id, device_id, action, entity, entity_id,"
                 " before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", entries)


def _dump(value):
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def entries(db, entity, entity_id):
    """The audit entries of one record, oldest first."""
    return fetch_all(db, "SELECT * FROM audit WHERE entity = ? AND entity_id = ? ORDER BY id",
                     [entity, str(entity_id)])


def history(db, entity, entity_id, limit=200):
    """The audit entries of one record, newest first (at most limit), each with user_name:
    its author's name (None for the system)."""
    return fetch_all(
        db, "SELECT a.*, u.name AS user_name FROM audit a LEFT JOIN users u ON u.id = a.user_id"
        " WHERE a.entity = ? AND a.entity_id = ? ORDER BY a.id DESC LIMIT ?",
        [entity, str(entity_id), limit])
