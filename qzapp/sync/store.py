"""Storing a synced record, whoever writes it (a phone's push or an online form): its new
rev, its place in the change feed, the photos it shows, and its audit entry."""
import json

from ..audit import record_many
from ..clock import now_iso
from ..db import execute, execute_many, fetch_all, upsert
from . import changes, registry


def save(db, user, entity, record_id, existing, row, device_id=None, audit=None, stamp=None):
    """Write row (the full record) inside the caller's transaction; returns its rev.

    user None is the system (demo data, migrations of data). audit, when given, is a
    list that gathers the audit entry for a later executemany; stamp, the time of the
    whole batch.
    """
    user = user or _SYSTEM
    stamp = stamp or now_iso()
    previous = changes.audience(db, entity.name, record_id) if existing else None
    row.update(id=record_id, updated_at=stamp, updated_by=user.id, device_id=device_id)
    if existing is None:
        row.update(created_by=user.id, created_at=stamp, deleted=0)
    stored = dict(row)
    for key, value in row.items():
        if value.__class__ is list or value.__class__ is dict:
            stored[key] = _JSON.encode(value) if value else _EMPTY[value.__class__]
    # The record as pulled: kept with its change, and the audit's "after".
    after = None if row["deleted"] else pulled_json(entity.serialize(db, row))
    row["rev"] = stored["rev"] = changes.record_change(
        db, entity.name, record_id, entity.audience(db, row), bool(row["deleted"]), previous,
        payload=after, stamp=stamp)
    upsert(db, entity.table, stored)
    _record_media(db, entity, record_id, row, existing)
    if entity.after_save is not None:
        entity.after_save(db, row, existing)
    action = "delete" if row["deleted"] else ("update" if existing else "create")
    before = None if existing is None else pulled_json(entity.serialize(db, existing))
    entry = (stamp, user.id, device_id, action, entity.name, record_id, before, after)
    if audit is None:
        record_many(db, [entry])
    else:
        audit.append(entry)
    return row["rev"]


def touch(db, entity, row, moved_only=True):
    """Re-record an unchanged row in the feed: a new rev, and a drop for whoever lost it.
    For a row whose audience changed (a household's new cadre must now receive it); with
    moved_only=False, whatever changed (what it shows of another record, a cadre's name on a
    pairing, which phones holding it must receive)."""
    previous = changes.audience(db, entity.name, row["id"])
    audience = entity.audience(db, row)
    if moved_only and previous == audience:
        return row["rev"]
    payload = None if row["deleted"] else pulled_json(entity.serialize(db, row))
    rev = changes.record_change(db, entity.name, row["id"], audience, bool(row["deleted"]),
                                previous, payload=payload)
    execute(db, f"UPDATE [{entity.table}] SET rev = ? WHERE id = ?", [rev, row["id"]])
    return rev


def touch_followers(db, name, record_id):
    """Re-address every record whose audience follows the record (name, record_id), as its
    entity declares in Entity.follows (a household handed over: its diaries, appeals and
    pairings go to the new cadre)."""
    for entity, row in _declaring(db, "follows", name, record_id):
        touch(db, entity, row)


def refresh_referrers(db, kind, key):
    """Bring up to date every synced record that shows something of the record (kind, key),
    as its entity declares in Entity.shows."""
    for entity, row in _declaring(db, "shows", kind, key):
        touch(db, entity, row, moved_only=False)


def _declaring(db, declaration, kind, key):
    """(entity, row) of the rows whose entity's declaration (follows or shows) names kind by
    a column that holds key."""
    for entity in registry.REGISTRY.values():
        column = getattr(entity, declaration).get(kind)
        if column is not None:
            for row in fetch_all(db, f"SELECT * FROM [{entity.table}] WHERE [{column}] = ?",
                                 [key]):
                yield entity, row


def pulled_json(record):
    """A record as it travels to phones: compact, empty fields left out (absent is null)."""
    return compact_json({k: v for k, v in record.items() if v is not None})


# One encoder, made once: json.dumps with options builds a new one on every call.
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)
_EMPTY = {list: "[]", dict: "{}"}
compact_json = _JSON.encode


class _System:
    """The author of rows no user wrote."""

    id = None


_SYSTEM = _System()


def _record_media(db, entity, record_id, row, existing):
    """Remember which photos the record shows (for who may see them)."""
    if existing is not None:
        execute(db, "DELETE FROM media_refs WHERE entity = ? AND record_id = ?",
                [entity.name, record_id])
    shas = [] if row["deleted"] else entity.media(row)
    if shas:
        execute_many(db, "INSERT OR IGNORE INTO media_refs (sha256, entity, record_id)"
                     " VALUES (?, ?, ?)", [(sha, entity.name, record_id) for sha in shas])
