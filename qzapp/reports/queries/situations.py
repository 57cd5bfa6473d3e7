"""The SQL of major-situation reports: one report, the lists of a scope, and the names a
report shows."""
from ...db import fetch_all, fetch_one, fetch_tuples, fetch_value

# The list's order (newest first) and the key a page's cursor holds.
LIST_ORDER = ("s.created_at", "s.id")
_LISTED = ("SELECT s.*, n.name AS node_name, u.name AS writer_name FROM situation_reports s"
           " JOIN org_nodes n ON n.id = s.node_id LEFT JOIN users u ON u.id = s.created_by")


def report(db, report_id):
    """One report (deleted ones too), or None."""
    return fetch_one(db, "SELECT * FROM situation_reports WHERE id = ?", [report_id])


def names_of(db, node_id, user_id):
    """(the node's name, the user's name) a report shows."""
    row = fetch_tuples(db, "SELECT (SELECT name FROM org_nodes WHERE id = ?),"
                           " (SELECT name FROM users WHERE id = ?)", [node_id, user_id])[0]
    return row[0], row[1]


def reports_page(db, subtree, filters, after, after_params, limit):
    """(a page of the live reports written in subtree, newest first, narrowed by filters
    {status, awaiting_node_id}; how many there are)."""
    scope_sql, params = subtree.where("s.node_id")
    clauses = [scope_sql, "s.deleted = 0"]
    for column in ("status", "awaiting_node_id"):
        if column in filters:
            clauses.append(f"s.{column} = ?")
            params = [*params, filters[column]]
    where = " AND ".join(clauses)
    rows = fetch_all(db, f"{_LISTED} WHERE {where} AND {after} ORDER BY s.created_at DESC,"
                     " s.id DESC LIMIT ?", [*params, *after_params, limit])
    total = fetch_value(db, f"SELECT count(*) FROM situation_reports s WHERE {where}", params)
    return rows, total
