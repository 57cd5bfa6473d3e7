"""The pull feed: the changes a user may see after a cursor, oldest first, a page at a time.

Records travel as the JSON kept with their change, read as UTF-8 bytes and joined into
the page as they are: no record is decoded or re-encoded on the way out.
"""
from collections import defaultdict

from ..db import fetch_tuples, fetch_value, rows_in, savepoint
from . import changes, registry, store

MAX_PAGE = 5000
DEFAULT_PAGE = 1000
# Entity names and ids are ASCII (names from code, UUIDs): bytes as they are.
COLUMNS = ("c.seq, CAST(c.entity AS BLOB), CAST(c.record_id AS BLOB), c.kind, c.deleted,"
           " c.owner_id, c.handler_id, CAST(c.data AS BLOB)")


def pull(db, user, since, limit, walk=None, epoch=None):
    """A page of changes with seq > since: the answer's fields as JSON bytes. A cursor from
    before the tombstones were pruned, or from before what the user may see last changed,
    asks the phone to start again from zero. walk: how the page is found (see
    changes.page_sql; None, as suits the user).

    The answer's epoch is the seq of the last prune or access change, the phone sends it back
    with the cursor it came with: a cursor below the epoch is stale only if it was handed out
    before it (a pull from zero goes through its pages under the epoch of its first)."""
    generation = b"%d" % changes.generation(db)
    current = max(changes.horizon(db), user.row["access_seq"])
    if 0 < since < current and epoch != current:
        return {"resync": b"true", "changes": b"[]", "next": b"0", "more": b"true",
                "generation": generation, "epoch": b"%d" % current}
    with savepoint(db):  # one read snapshot for the page and the feed's end
        rows = fetch_tuples(db, *changes.page_sql(db, user, since, limit + 1, COLUMNS, walk))
        more = len(rows) > limit
        rows = rows[:limit]
        top = fetch_value(db, "SELECT coalesce(max(seq), 0) FROM changes")
        rebuilt = _rebuild(db, user, rows)
    known = {name.encode() for name in registry.REGISTRY}
    items = [_change(row, rebuilt, known) for row in rows]
    next_cursor = rows[-1][0] if more else max(top, since)
    return {"resync": b"false", "changes": b"[" + b",".join(items) + b"]",
            "next": b"%d" % next_cursor, "more": b"true" if more else b"false",
            "generation": generation, "epoch": b"%d" % current}


def _rebuild(db, user, rows):
    """Records of this page built from their tables, as JSON bytes by (entity, id): those
    kept without JSON, and those of entities that this user (neither owner nor handler)
    sees redacted. None for a record that could not be built (the phone removes it)."""
    redacting = {name.encode() for name, e in registry.REGISTRY.items() if e.redact is not None}
    wanted, built = defaultdict(list), {}
    for _seq, name, record_id, kind, deleted, owner_id, handler_id, data in rows:
        if kind == "upsert" and not deleted and (
                data is None or (name in redacting and user.id not in (owner_id, handler_id))):
            wanted[name.decode()].append(
                (record_id.decode(), user.id in (owner_id, handler_id)))
            built[(name, record_id)] = None   # never the kept JSON: removed if not rebuilt
    for name, pending in wanted.items():
        entity = registry.get(name)
        if entity is None:
            continue
        handles = dict(pending)
        for record in rows_in(db, f"SELECT * FROM [{entity.table}] WHERE id IN ({{marks}})",
                              list(handles)):
            data = entity.view(db, user, record, handles[record["id"]])
            del data["rev"]
            built[(name.encode(), record["id"].encode())] = store.pulled_json(data).encode()
    return built


def _change(row, rebuilt, known):
    """One change as the phone applies it: put a record, or remove it (deleted or dropped)."""
    seq, name, record_id, kind, deleted, _owner_id, _handler_id, data = row
    if kind == "drop":
        return b'{"seq":%d,"entity":"%s","id":"%s","op":"drop"}' % (seq, name, record_id)
    if rebuilt and (name, record_id) in rebuilt:
        data = rebuilt[name, record_id]
    if deleted or data is None or name not in known:
        return b'{"seq":%d,"entity":"%s","id":"%s","op":"delete"}' % (seq, name, record_id)
    return b'{"seq":%d,"entity":"%s","id":"%s","op":"put","rev":%d,"data":%s}' % (
        seq, name, record_id, seq, data)
