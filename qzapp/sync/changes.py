"""The change feed: every write to a synced record takes the next seq, and who may see
a change is decided here, in one place, for pulls and reads alike.

A record's audience is its org node (seen by users whose scope holds it, when one of
their roles reads that entity by scope), its owner (say, the author) and its handler
(say, the cadre paired with the household it concerns).
"""
from typing import NamedTuple

from ..clock import now_iso
from ..db import execute, fetch_all, fetch_one, fetch_tuples, fetch_value, savepoint
from . import registry

# The entity name of the marks of access changes in the feed (no table, never a record).
ACCESS_MARK = "account"
# Past this many (node, entity) index ranges read by scope (a sixth of a county's nodes, each
# with all it reads), a user is dense and a pull walks the feed by seq. Reading the ranges
# costs a seek each per page, walking costs each change passed, and a dense user's walk passes
# few it does not keep. On the 3 million changes of bench/pull_bench.py, the query of a page
# of 1,000 took 2-7 ms from 700 ranges against 6-10 ms walking, 6-12 ms from 1,400 against
# 1.6-2.2 ms walking, 5-16 ms from a county's 6,000 against 1 ms walking. A user who reads
# half the org tree is dense too, however few its nodes: one who sees the whole feed of a
# one-village tree pulled a page in 1.8 ms from the ranges (each change read from two of
# them), 1.1-1.5 ms walking.
DENSE_RANGES = 1000


class Audience(NamedTuple):
    """Who sees a record: node (by scope), owner and handler (user ids)."""

    node_id: int
    owner_id: int = None
    handler_id: int = None


def record_change(db, entity, record_id, audience, deleted=False, previous=None, payload=None,
                  stamp=None):
    """Give a record its next seq (returned, to be stored as its rev); inside the write's
    transaction. previous is the Audience it had, to drop it from what was lost;
    payload is the record as pulled (JSON text), kept with the change so pulls need not
    rebuild it."""
    stamp = stamp or now_iso()
    if previous is not None and tuple(previous) != tuple(audience):
        # The drop speaks only to the audience that was lost.
        lost = [old if old != new else None for old, new in zip(previous, audience)]
        execute(db, "INSERT INTO changes (entity, record_id, kind, node_id, owner_id,"
                " handler_id, at) VALUES (?, ?, 'drop', ?, ?, ?, ?)",
                [entity, record_id, *lost, stamp])
    if previous is not None:   # a record seen before has an upsert row to replace
        execute(db, "DELETE FROM changes WHERE entity = ? AND record_id = ? AND"
                " kind = 'upsert'", [entity, record_id])
    data = None if deleted else payload
    return execute(
        db, "INSERT INTO changes (entity, record_id, kind, node_id, owner_id, handler_id, deleted,"
        " at, data) VALUES (?, ?, 'upsert', ?, ?, ?, ?, ?, ?)",
        [entity, record_id, *audience, int(deleted), stamp, data]).lastrowid


def mark_access_change(db, user_id):
    """What the account may see changed (its roles or node): its phones start their pull
    again from zero, dropping what it lost and receiving what it gained. The mark is a drop
    addressed to the account alone (of no record the phone holds), so that it takes a seq
    of its own: a cursor at or past it was taken after the change."""
    seq = execute(db, "INSERT INTO changes (entity, record_id, kind, owner_id, at)"
                  " VALUES (?, ?, 'drop', ?, ?)",
                  [ACCESS_MARK, str(user_id), user_id, now_iso()]).lastrowid
    execute(db, "UPDATE users SET access_seq = ? WHERE id = ?", [seq, user_id])
    return seq


def audience(db, entity, record_id):
    """The Audience a record has now, or None when it has no change."""
    rows = fetch_tuples(db, "SELECT node_id, owner_id, handler_id FROM changes WHERE entity = ?"
                        " AND record_id = ? AND kind = 'upsert'", [entity, record_id])
    return Audience(*rows[0]) if rows else None


def readable_entities(user):
    """The entities the user's roles read by scope, sorted (the same SQL each time)."""
    return sorted(name for name, e in registry.REGISTRY.items()
                  if user.has_role(*e.node_readers))


def visible_sql(user, alias="c"):
    """A WHERE fragment keeping the changes this user may see, with its parameters."""
    readable = readable_entities(user)
    nodes_sql, node_params = user.scope.nodes_sql()
    clauses = [f"{alias}.owner_id = ?", f"{alias}.handler_id = ?"]
    params = [user.id, user.id]
    if readable:
        marks = ",".join("?" * len(readable))
        clauses.append(f"({alias}.entity IN ({marks}) AND {alias}.node_id IN ({nodes_sql}))")
        params += [*readable, *node_params]
    return "(" + " OR ".join(clauses) + ")", params


def page_sql(db, user, since, count, columns, walk=None):
    """SQL and parameters selecting columns (of changes c) of the first count changes after
    since that the user may see, oldest first; drops and tombstones only when since > 0 (a
    phone starting from nothing needs neither). walk: find them by walking the feed in seq
    order rather than from the user's audience ranges (None: when the user is dense)."""
    if walk is None:
        walk = walks_feed(db, user)
    if walk:
        where, params = visible_sql(user)
        # Never through the audience indexes: read from them, every change of a dense user
        # after the cursor would be gathered and sorted, where the walk stops at count.
        return (f"SELECT {columns} FROM changes c NOT INDEXED WHERE c.seq > ? AND {where}"
                f"{_live('c', since)} ORDER BY c.seq LIMIT ?", [since, *params, count])
    ranges, params = _audience_ranges(user, since, count)
    return (f"SELECT {columns} FROM changes c WHERE c.seq IN ({' UNION ALL '.join(ranges)})"
            " ORDER BY c.seq LIMIT ?", [*params, count])


def walks_feed(db, user):
    """Whether the user is dense: reads by scope so much of the feed (half the org tree or
    more, or more index ranges than DENSE_RANGES) that walking it by seq passes few changes
    they may not see."""
    readable = readable_entities(user)
    if not readable:
        return False
    nodes_sql, params = user.scope.nodes_sql()
    nodes, everywhere = fetch_tuples(db, f"SELECT (SELECT count(*) FROM ({nodes_sql})),"
                                     " (SELECT count(*) FROM org_nodes)", params)[0]
    return nodes * len(readable) > DENSE_RANGES or 2 * nodes >= everywhere


def _live(alias, since):
    """The condition leaving out drops and tombstones, which a pull from zero needs not."""
    return "" if since > 0 else f" AND {alias}.kind = 'upsert' AND {alias}.deleted = 0"


def _audience_ranges(user, since, count):
    """The user's audience as index ranges (what they own, what they handle, and each node
    of their subtree with each entity they read by scope), each read from since in seq order
    and cut at count: the page's changes lie in their union. Each SELECT gives seqs."""
    def cut(index, who):
        return (f"SELECT seq FROM (SELECT a.seq FROM changes a INDEXED BY {index} WHERE {who}"
                f" AND a.seq > ?{_live('a', since)} ORDER BY a.seq LIMIT ?)")
    ranges = [cut("changes_owner", "a.owner_id = ?"), cut("changes_handler", "a.handler_id = ?")]
    params = [user.id, since, count, user.id, since, count]
    readable = readable_entities(user)
    if readable:
        # SQLite reads each (node, entity) range in turn into a sorter of count seqs, and
        # leaves a range at its first seq past the largest it keeps: a seek per range.
        nodes_sql, node_params = user.scope.nodes_sql()
        ranges.append(cut("changes_node", f"a.node_id IN ({nodes_sql}) AND a.entity IN"
                                          f" ({','.join('?' * len(readable))})"))
        params += [*node_params, *readable, since, count]
    return ranges, params


def may_see(db, user, entity, record_id):
    """Whether the user may see the record now (as a pull would show it)."""
    where, params = visible_sql(user)
    return fetch_value(
        db, f"SELECT 1 FROM changes c WHERE c.entity = ? AND c.record_id = ? AND c.kind = 'upsert'"
        f" AND {where}", [entity, record_id, *params]) is not None


def visible_rows(db, user, entity, where="1", params=(), order_by="t.rowid", within=None,
                 limit=-1):
    """Rows of an entity's table (alias t) that the user may see now, not deleted, each with
    _handles: whether the user is its owner or handler; at most limit (-1: all). within (a
    Scope) keeps those whose node lies in it, read through the table's node index first:
    joined the other way, SQLite would walk the whole feed of that entity, a county's."""
    sql, sql_params = _visible_from(user, entity, where, params, within)
    return fetch_all(db, f"SELECT t.*, coalesce(? IN (c.owner_id, c.handler_id), 0) AS _handles"
                         f" {sql} ORDER BY {order_by} LIMIT ?",
                     [user.id, *sql_params, limit])


def count_visible(db, user, entity, where="1", params=(), within=None):
    """How many rows visible_rows would answer."""
    sql, sql_params = _visible_from(user, entity, where, params, within)
    return fetch_value(db, f"SELECT count(*) {sql}", sql_params)


def _visible_from(user, entity, where, params, within):
    """The FROM and WHERE of visible_rows, with their parameters."""
    seen, seen_params = visible_sql(user)
    join, scope_params = "JOIN", []
    if within is not None:
        scope_sql, scope_params = within.where("t.node_id")
        where, join = f"{scope_sql} AND ({where})", "CROSS JOIN"
    return (f"FROM [{registry.get(entity).table}] t {join} changes c ON c.entity = ?"
            f" AND c.record_id = t.id AND c.kind = 'upsert' WHERE t.deleted = 0 AND {seen}"
            f" AND ({where})", [entity, *seen_params, *scope_params, *params])


def visible_row(db, user, entity, record_id):
    """The stored row of a record (not deleted) that the user may see now, or None."""
    row = fetch_one(db, f"SELECT * FROM [{registry.get(entity).table}] WHERE id = ? AND"
                    " deleted = 0", [record_id.lower()])
    return row if row is not None and may_see(db, user, entity, row["id"]) else None


def generation(db):
    """The database's generation: renewed when it is restored from a backup."""
    return fetch_value(db, "SELECT value FROM sync_meta WHERE key = 'generation'")


def horizon(db):
    """The highest seq whose tombstones and drops were pruned."""
    return fetch_value(db, "SELECT value FROM sync_meta WHERE key = 'horizon_seq'")


def prune(db, before_iso):
    """Forget tombstones and drops older than before_iso; returns how many; moves the horizon."""
    with savepoint(db):
        top = fetch_value(db, "SELECT max(seq) FROM changes WHERE at < ? AND (kind = 'drop' OR"
                          " deleted = 1)", [before_iso])
        if top is None:
            return 0
        count = execute(db, "DELETE FROM changes WHERE seq <= ? AND (kind = 'drop' OR"
                        " deleted = 1)", [top]).rowcount
        execute(db, "UPDATE sync_meta SET value = max(value, ?) WHERE key = 'horizon_seq'", [top])
    return count
