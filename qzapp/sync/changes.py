"""The change feed: every write to a synced record takes the next seq, and who may see
a change is decided here, in one place, for pulls and reads alike."""
import json

from ..clock import now_iso
from . import registry


def record_change(db, entity, record_id, node_id, owner_id, deleted=False, previous=None,
                  payload=None):
    """Give a record its next seq (returned, to be stored as its rev); inside the write's
    transaction. previous is the (node_id, owner_id) it had, to drop it from that audience;
    payload is the record as pulled, kept with the change so pulls need not rebuild it."""
    stamp = now_iso()
    if previous is not None and tuple(previous) != (node_id, owner_id):
        # The drop speaks only to the audience that was lost: the old node, the old owner.
        lost_node = previous[0] if previous[0] != node_id else None
        lost_owner = previous[1] if previous[1] != owner_id else None
        db.conn.execute("INSERT INTO changes (entity, record_id, kind, node_id, owner_id, at)"
                        " VALUES (?, ?, 'drop', ?, ?, ?)",
                        [entity, record_id, lost_node, lost_owner, stamp])
    db.conn.execute("DELETE FROM changes WHERE entity = ? AND record_id = ? AND kind = 'upsert'",
                    [entity, record_id])
    data = None if payload is None or deleted else json.dumps(payload, ensure_ascii=False)
    return db.conn.execute(
        "INSERT INTO changes (entity, record_id, kind, node_id, owner_id, deleted, at, data)"
        " VALUES (?, ?, 'upsert', ?, ?, ?, ?, ?)",
        [entity, record_id, node_id, owner_id, int(deleted), stamp, data]).lastrowid


def audience(db, entity, record_id):
    """The (node_id, owner_id) a record is visible to now, or None when it has no change."""
    return db.execute("SELECT node_id, owner_id FROM changes WHERE entity = ? AND record_id = ?"
                      " AND kind = 'upsert'", [entity, record_id]).fetchone()


def visible_sql(user, alias="c"):
    """A WHERE fragment keeping the changes this user may see, with its parameters.

    A change is visible to the user who handles the record (owner), and to users in
    whose scope its node lies when one of their roles reads that entity by scope.
    """
    readable = sorted(name for name, e in registry.REGISTRY.items()
                      if user.has_role(*e.node_readers))
    nodes_sql, node_params = user.scope.nodes_sql()
    clauses, params = [f"{alias}.owner_id = ?"], [user.id]
    if readable:
        marks = ",".join("?" * len(readable))
        clauses.append(f"({alias}.entity IN ({marks}) AND {alias}.node_id IN ({nodes_sql}))")
        params += [*readable, *node_params]
    return "(" + " OR ".join(clauses) + ")", params


def may_see(db, user, entity, record_id):
    """Whether the user may see the record now (as a pull would show it)."""
    where, params = visible_sql(user)
    return db.execute(
        f"SELECT 1 FROM changes c WHERE c.entity = ? AND c.record_id = ? AND c.kind = 'upsert'"
        f" AND {where}", [entity, record_id, *params]).fetchone() is not None


def horizon(db):
    """The highest seq whose tombstones and drops were pruned."""
    return db.execute("SELECT value FROM sync_meta WHERE key = 'horizon_seq'").fetchone()[0]


def prune(db, before_iso):
    """Forget tombstones and drops older than before_iso; returns how many; moves the horizon."""
    with db.atomic():
        top = db.execute("SELECT max(seq) FROM changes WHERE at < ? AND (kind = 'drop' OR"
                         " deleted = 1)", [before_iso]).fetchone()[0]
        if top is None:
            return 0
        count = db.execute("DELETE FROM changes WHERE seq <= ? AND (kind = 'drop' OR deleted = 1)",
                           [top]).rowcount
        db.execute("UPDATE sync_meta SET value = max(value, ?) WHERE key = 'horizon_seq'", [top])
    return count
