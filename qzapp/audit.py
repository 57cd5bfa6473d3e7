"""The audit trail: who changed what, when, from which device, before and after."""
import json

from .clock import now_iso


def record(db, user_id, action, entity, entity_id, before=None, after=None, device_id=None):
    """Append one audit entry (call inside the write's transaction)."""
    record_many(db, [(now_iso(), user_id, device_id, action, entity, str(entity_id),
                      _dump(before), _dump(after))])


def record_many(db, entries):
    """Append entries given as (at, user_id, device_id, action, entity, entity_id, before,
    after), before and after already JSON text (synced records: as phones pull them).
    Part of the caller's transaction, or committed at once outside one."""
    with db.atomic():
        db.conn.executemany(
            "INSERT INTO audit (at, user_id, device_id, action, entity, entity_id, before,"
            " after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", entries)


def _dump(value):
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def entries(db, entity, entity_id):
    """The audit entries of one record, oldest first."""
    return list(db.query(
        "SELECT * FROM audit WHERE entity = ? AND entity_id = ? ORDER BY id",
        [entity, str(entity_id)],
    ))
