"""The pull feed: the changes a user may see after a cursor, oldest first, a page at a time.

Records travel as the JSON kept with their change, so a page is mostly string joining.
"""
from collections import defaultdict

from . import changes, registry, store

MAX_PAGE = 5000
DEFAULT_PAGE = 1000


def pull(db, user, since, limit):
    """A page of changes with seq > since, as the JSON text of the answer's fields."""
    if 0 < since < changes.horizon(db):
        return {"resync": "true", "changes": "[]", "next": "0", "more": "true"}
    where, params = changes.visible_sql(user)
    with db.atomic():  # one read snapshot for the page and the feed's end
        rows = db.conn.execute(
            # A phone starting from nothing needs no tombstones or drops.
            f"SELECT c.seq, c.entity, c.record_id, c.kind, c.deleted, c.owner_id, c.handler_id,"
            f" c.data"
            f" FROM changes c WHERE c.seq > ? AND {where}"
            f" AND (? > 0 OR (c.kind = 'upsert' AND c.deleted = 0)) ORDER BY c.seq LIMIT ?",
            [since, *params, since, limit + 1]).fetchall()
        more = len(rows) > limit
        rows = rows[:limit]
        top = db.conn.execute("SELECT coalesce(max(seq), 0) FROM changes").fetchone()[0]
        rebuilt = _rebuild(db, user, rows)
    known = set(registry.REGISTRY)
    items = [_change(row, rebuilt, known) for row in rows]
    next_cursor = rows[-1][0] if more else max(top, since)
    return {"resync": "false", "changes": "[" + ",".join(items) + "]",
            "next": str(next_cursor), "more": "true" if more else "false"}


def _rebuild(db, user, rows):
    """Records of this page built from their tables, by (entity, id): those kept without
    JSON, and those of entities that this user (neither owner nor handler) sees redacted."""
    redacting = {name for name, e in registry.REGISTRY.items() if e.redact is not None}
    wanted = defaultdict(list)
    for seq, name, record_id, kind, deleted, owner_id, handler_id, data in rows:
        if kind == "upsert" and not deleted and name in registry.REGISTRY and (
                data is None or (name in redacting and user.id not in (owner_id, handler_id))):
            wanted[name].append(record_id)
    built = {}
    for name, ids in wanted.items():
        entity = registry.get(name)
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for record in db.query(f"SELECT * FROM [{entity.table}] WHERE id IN ({marks})",
                                   chunk):
                data = entity.view(db, user, record)
                del data["rev"]
                built[(name, record["id"])] = store.pulled_json(data)
    return built


def _change(row, rebuilt, known):
    """One change as the phone applies it: put a record, or remove it (deleted or dropped)."""
    seq, name, record_id, kind, deleted, owner_id, handler_id, data = row
    if kind == "drop":
        return f'{{"seq":{seq},"entity":"{name}","id":"{record_id}","op":"drop"}}'
    if rebuilt:
        data = rebuilt.get((name, record_id), data)
    if deleted or data is None or name not in known:
        return f'{{"seq":{seq},"entity":"{name}","id":"{record_id}","op":"delete"}}'
    return (f'{{"seq":{seq},"entity":"{name}","id":"{record_id}","op":"put","rev":{seq},'
            f'"data":{data}}}')
