"""The SQL of hot spots: the ledger's cases counted over windows of days, the warnings raised
and acknowledged, and the thresholds set per org node."""
import json

from ...db import execute, fetch_all, fetch_one, fetch_tuples, fetch_value, rows_in

# The list's order (newest first) and the key a page's cursor holds.
LIST_ORDER = ("w.raised_at", "w.id")
_LISTED = ("SELECT w.*, n.name AS node_name, n.path AS node_path, u.name AS acknowledged_by_name"
           " FROM warnings w JOIN org_nodes n ON n.id = w.node_id"
           " LEFT JOIN users u ON u.id = w.acknowledged_by")


def window_counts(db, first_day, split_day, end_day):
    """(node_id, category, count from split_day, count before it) of the cases received from
    first_day up to (not including) end_day: one read of the index cases_received."""
    return fetch_tuples(
        db, "SELECT node_id, category, sum(received_at >= ?), sum(received_at < ?) FROM cases"
        " WHERE received_at >= ? AND received_at < ? AND deleted = 0 AND kind = 'appeal'"
        " GROUP BY node_id, category", [split_day, split_day, first_day, end_day])


def nodes(db, ids):
    """{id: {id, name, kind, parent_id, path}} of the nodes named."""
    return {row["id"]: row for row in rows_in(
        db, "SELECT id, name, kind, parent_id, path FROM org_nodes WHERE id IN ({marks})",
        sorted(set(ids)))}


def node(db, node_id):
    """One node {id, name, kind, parent_id, path}, or None."""
    return fetch_one(db, "SELECT id, name, kind, parent_id, path FROM org_nodes WHERE id = ?",
                     [node_id])


def threshold_settings(db):
    """{(node_id, days): {absolute, percent, minimum}} of every node that sets thresholds."""
    return {(r["node_id"], r["days"]): r for r in fetch_all(
        db, "SELECT node_id, days, absolute, percent, minimum FROM warning_thresholds")}


def thresholds_at(db, node_id):
    """{days: {absolute, percent, minimum}} set on one node."""
    return {r["days"]: {k: r[k] for k in ("absolute", "percent", "minimum")} for r in fetch_all(
        db, "SELECT * FROM warning_thresholds WHERE node_id = ?", [node_id])}


def save_thresholds(db, node_id, days, values, user_id, stamp):
    """Set (or, all None, clear) a node's thresholds for a window."""
    if all(v is None for v in values.values()):
        execute(db, "DELETE FROM warning_thresholds WHERE node_id = ? AND days = ?",
                [node_id, days])
        return
    execute(db, "INSERT INTO warning_thresholds (node_id, days, absolute, percent, minimum,"
            " updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (node_id, days)"
            " DO UPDATE SET absolute = excluded.absolute, percent = excluded.percent,"
            " minimum = excluded.minimum, updated_by = excluded.updated_by,"
            " updated_at = excluded.updated_at",
            [node_id, days, values["absolute"], values["percent"], values["minimum"], user_id,
             stamp])


def latest_warnings(db, days):
    """{(node_id, category): row} of the latest warning of each place and category for a
    window (the open one, when there is one: none is raised after it until it is
    acknowledged)."""
    return {(r["node_id"], r["category"]): r for r in fetch_all(
        db, "SELECT * FROM warnings WHERE id IN (SELECT max(id) FROM warnings WHERE days = ?"
        " GROUP BY node_id, category)", [days])}


def _row(warning):
    return {**warning, **{k: json.dumps(warning[k], ensure_ascii=False, sort_keys=True)
                          for k in ("reasons", "thresholds", "breakdown")}}


def insert_warning(db, warning):
    """Store a new open warning unless its place, category and window has one open already
    (a concurrent tick's); its id, or None."""
    row = _row(warning)
    columns = tuple(row)
    cursor = execute(db, f"INSERT OR IGNORE INTO warnings ({', '.join(columns)}) VALUES"
                     f" ({', '.join('?' * len(columns))})", [row[c] for c in columns])
    return cursor.lastrowid if cursor.rowcount else None


def raise_count(db, warning_id, changes):
    """An open warning's count grown: its count, window and breakdown as now."""
    row = _row(changes)
    execute(db, f"UPDATE warnings SET {', '.join(f'{c} = ?' for c in row)} WHERE id = ?"
            " AND status = 'open'", [*row.values(), warning_id])


def warning(db, warning_id):
    """One warning with its place's name and path, or None."""
    return fetch_one(db, f"{_LISTED} WHERE w.id = ?", [warning_id])


def acknowledge(db, warning_id, user_id, stamp, note):
    """Mark an open warning acknowledged; whether it was open."""
    return execute(db, "UPDATE warnings SET status = 'acknowledged', acknowledged_by = ?,"
                   " acknowledged_at = ?, note = ?, updated_at = ? WHERE id = ? AND"
                   " status = 'open'", [user_id, stamp, note, stamp, warning_id]).rowcount == 1


def warnings_page(db, subtree, status, after, after_params, limit):
    """(a page of the warnings of a status whose place lies in subtree, newest first;
    how many there are)."""
    scope_sql, scope_params = subtree.where("w.node_id")
    where = f"{scope_sql} AND w.status = ?"
    rows = fetch_all(db, f"{_LISTED} WHERE {where} AND {after} ORDER BY w.raised_at DESC,"
                     " w.id DESC LIMIT ?", [*scope_params, status, *after_params, limit])
    total = fetch_value(db, f"SELECT count(*) FROM warnings w WHERE {where}",
                        [*scope_params, status])
    return rows, total


def ancestors(db, path):
    """The nodes on a path ("/1/5/12/"), deepest first: {id, name, kind}."""
    ids = [int(part) for part in path.strip("/").split("/") if part]
    found = {r["id"]: r for r in rows_in(
        db, "SELECT id, name, kind FROM org_nodes WHERE id IN ({marks})", ids)}
    return [found[i] for i in reversed(ids) if i in found]


def node_names(db, ids):
    """{id: name} of the nodes named."""
    return {r["id"]: r["name"] for r in rows_in(
        db, "SELECT id, name FROM org_nodes WHERE id IN ({marks})", sorted(set(ids)))}

