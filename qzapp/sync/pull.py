"""The pull feed: the changes a user may see after a cursor, oldest first, a page at a time."""
from collections import defaultdict

from . import changes, registry

MAX_PAGE = 5000
DEFAULT_PAGE = 1000


def pull(db, user, since, limit):
    """A page of changes with seq > since: {changes, next, more} or {resync: True}."""
    if 0 < since < changes.horizon(db):
        return {"resync": True, "changes": [], "next": 0, "more": True}
    where, params = changes.visible_sql(user)
    with db.atomic():  # one read snapshot for the page and the feed's end
        # A phone starting from nothing needs no tombstones or drops.
        rows = list(db.query(
            f"SELECT c.seq, c.entity, c.record_id, c.kind, c.deleted FROM changes c"
            f" WHERE c.seq > ? AND {where} AND (? > 0 OR (c.kind = 'upsert' AND c.deleted = 0))"
            f" ORDER BY c.seq LIMIT ?",
            [since, *params, since, limit + 1]))
        more = len(rows) > limit
        rows = rows[:limit]
        top = db.execute("SELECT coalesce(max(seq), 0) FROM changes").fetchone()[0]
        records = _records(db, rows)
    out = [_change(db, user, row, records) for row in rows]
    next_cursor = rows[-1]["seq"] if more else max(top, since)
    return {"resync": False, "changes": out, "next": next_cursor, "more": more}


def _records(db, rows):
    """The stored rows of the upserted records on this page, by (entity, id)."""
    wanted = defaultdict(list)
    for row in rows:
        if row["kind"] == "upsert" and not row["deleted"] and registry.get(row["entity"]):
            wanted[row["entity"]].append(row["record_id"])
    found = {}
    for name, ids in wanted.items():
        table = registry.get(name).table
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for record in db.query(f"SELECT * FROM [{table}] WHERE id IN ({marks})", chunk):
                found[(name, record["id"])] = record
    return found


def _change(db, user, row, records):
    """One change as the phone applies it: put a record, or remove it (deleted or dropped)."""
    head = {"seq": row["seq"], "entity": row["entity"], "id": row["record_id"]}
    if row["kind"] == "drop":
        return {**head, "op": "drop"}
    record = records.get((row["entity"], row["record_id"]))
    if row["deleted"] or record is None:
        return {**head, "op": "delete"}
    return {**head, "op": "put", "rev": record["rev"],
            "data": registry.get(row["entity"]).serialize(db, user, record)}
