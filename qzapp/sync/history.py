"""A record's history from the audit trail: its versions, newest first, conflicting attempts
included, each as the reader may see it now (masked where the record's view masks)."""
import json

from .. import audit
from . import changes, registry

MAX_VERSIONS = 200
# Bookkeeping, not what a person wrote: never listed as changed.
META = frozenset({"id", "rev", "created_by", "created_at", "updated_at", "updated_by",
                  "device_id", "deleted", "masked"})


def versions(db, user, name, record_id):
    """The versions of a record the user may see now, newest first; None when they may not
    (or there is no such record): [{at, action, user, device, changed, data}]."""
    entity = registry.get(name)
    if entity is None or not entity.table:
        return None
    row = changes.visible_row(db, user, name, record_id)
    if row is None:
        return None
    handles = entity.redact is None or user.id in entity.audience(db, row)[1:]
    listed = []
    for entry in audit.history(db, name, row["id"], MAX_VERSIONS):
        before, after = _load(entry["before"]), _load(entry["after"])
        listed.append({
            "at": entry["at"], "action": entry["action"],
            "user": None if entry["user_id"] is None
            else {"id": entry["user_id"], "name": entry["user_name"]},
            "device": entry["device_id"][-4:] if entry["device_id"] else None,
            "changed": changed_fields(before, after),
            "data": after if handles else _masked(db, user, entity, row, after),
        })
    return listed


def changed_fields(before, after):
    """The fields whose values differ between two versions (a new record: those it fills),
    sorted. A version that names no node leaves the record's place to the server."""
    before, after = before or {}, after or {}
    names = (before.keys() | after.keys()) - META
    return sorted(n for n in names if _canonical(before.get(n)) != _canonical(after.get(n))
                  and not (n == "node_id" and after.get(n) is None))


def _masked(db, user, entity, row, record):
    """A version as a reader who does not handle the record sees it: through the entity's
    redact, with the fields it expects present (a phone's attempt may leave some out)."""
    if record is None:
        return None
    shaped = {**dict.fromkeys(entity.serialize(db, row)), "node_id": row["node_id"],
              **{k: v for k, v in record.items() if v is not None}}
    try:
        return entity.redact(db, user, shaped)
    except (TypeError, AttributeError, KeyError, IndexError):
        # A conflicting attempt is kept as the phone sent it, unchecked: one too malformed
        # to mask is not shown to readers who see masked data.
        return {"masked": True}


def _canonical(value):
    """A value as compared: empty ("", [], {}, None) is one thing, keys sorted, empty keys
    of objects left out (absent is null)."""
    if isinstance(value, dict):
        value = {k: _canonical(v) for k, v in sorted(value.items())}
        value = {k: v for k, v in value.items() if v is not None}
    elif isinstance(value, list):
        value = [_canonical(v) for v in value]
    return None if value in ("", [], {}) else value


def _load(text):
    return None if text is None else json.loads(text)
