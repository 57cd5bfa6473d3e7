"""The SQL of the dashboards: figures of a node's subtree, each grouped by the child of the
node its records lie under (0: the node itself), read from the summaries the triggers keep
(migration 0023: stats_month, visit_firsts, household_follow_ups, pairing_starts) or, for the
appeals overdue today, from the few still open."""
from ...db import fetch_all

STATS = ("diaries", "visits", "cases_received", "cases_escalated", "cases_closed",
         "cases_on_time", "cases_rated", "cases_satisfied", "duty_minutes")


def child_of(path, alias="n"):
    """SQL: the child of the node at path under which a node (alias) lies; 0 for the node
    itself. The path is a parameter; its length is written in (a number from code)."""
    start = len(path) + 1
    return (f"CASE WHEN {alias}.path = ? THEN 0 ELSE CAST(substr({alias}.path, {start},"
            f" instr(substr({alias}.path, {start}), '/') - 1) AS INTEGER) END")


def _subtree(path):
    return [path, path[:-1] + "0"]


def keyed(db, sql, params, names):
    """{key: {name: value (0 for none)}} of a query whose first column is the key (a child,
    a person) and the others the values named."""
    found = {}
    for row in fetch_all(db, sql, params):
        values = list(row.values())
        found[values[0]] = dict(zip(names, (v or 0 for v in values[1:])))
    return found


def _grouped(db, sql, path, params, names):
    """{child: {name: value}} of a query whose first column is the child (child_of(path))."""
    return keyed(db, sql, [path, *params], names)


def stats(db, path, first_month, last_month):
    """The summaries of the months from first_month to last_month (YYYY-MM)."""
    sums = ", ".join(f"sum(s.{c})" for c in STATS)
    return _grouped(db, f"SELECT {child_of(path)} AS child, {sums} FROM org_nodes n"
                        " JOIN stats_month s ON s.node_id = n.id AND s.month >= ?"
                        " AND s.month <= ? WHERE n.path >= ? AND n.path < ? GROUP BY child",
                    path, [first_month, last_month, *_subtree(path)], STATS)


def households_visited(db, path, first_month, last_month):
    """Households with a diary in the months from first_month to last_month: those whose
    visits in them start there (the month before their first in the period lies before it)."""
    return _grouped(db, f"SELECT {child_of(path)} AS child, sum(f.n) FROM org_nodes n"
                        " JOIN visit_firsts f ON f.node_id = n.id AND f.month >= ?"
                        " AND f.month <= ? AND f.prev < ? WHERE n.path >= ? AND n.path < ?"
                        " GROUP BY child", path,
                    [first_month, last_month, first_month, *_subtree(path)],
                    ("households_visited",))


def follow_ups_overdue(db, path, today):
    """Households whose follow-up date passed without a diary after it: those due in the
    months before this one, counted whole, and this month's due before today."""
    names = ("follow_ups_overdue",)
    found = _grouped(db, f"SELECT {child_of(path)} AS child, sum(f.n) FROM org_nodes n"
                         " JOIN follow_up_months f ON f.node_id = n.id AND f.month < ?"
                         " WHERE n.path >= ? AND n.path < ? GROUP BY child", path,
                     [today[:7], *_subtree(path)], names)
    this_month = _grouped(db, f"SELECT {child_of(path)} AS child, count(*) FROM org_nodes n"
                              " JOIN household_follow_ups f ON f.node_id = n.id"
                              " AND f.due >= ? AND f.due < ? WHERE n.path >= ? AND n.path < ?"
                              " GROUP BY child", path,
                          [f"{today[:7]}-01", today, *_subtree(path)], names)
    for child, values in this_month.items():
        found.setdefault(child, {"follow_ups_overdue": 0})["follow_ups_overdue"] += \
            values["follow_ups_overdue"]
    return found


def pairings(db, path, due_before, overdue_before):
    """Pairings running: how many, due for rotation (started on or before due_before) and
    overdue (on or before overdue_before); with stationings running, due and overdue."""
    names = ("households_paired", "rotations_due", "rotations_overdue")
    paired = _grouped(
        db, f"SELECT {child_of(path)} AS child, sum(p.n), sum(p.n * (p.start_date <= ? AND"
            " p.start_date > ?)), sum(p.n * (p.start_date <= ?)) FROM org_nodes n"
            " JOIN pairing_starts p ON p.node_id = n.id WHERE n.path >= ? AND n.path < ?"
            " GROUP BY child", path,
        [due_before, overdue_before, overdue_before, *_subtree(path)], names)
    stationed = _grouped(
        db, f"SELECT {child_of(path)} AS child, sum(s.start_date <= ? AND s.start_date > ?),"
            " sum(s.start_date <= ?) FROM stationings s CROSS JOIN org_nodes n"
            " ON n.id = s.node_id WHERE s.end_date IS NULL AND s.deleted = 0"
            " AND n.path >= ? AND n.path < ? GROUP BY child", path,
        [due_before, overdue_before, overdue_before, *_subtree(path)], names[1:])
    for child, values in stationed.items():
        row = paired.setdefault(child, dict.fromkeys(names, 0))
        for name, value in values.items():
            row[name] += value
    return paired


# An open case is overdue when the day it was due has passed: to accept it while it waits,
# else to close it (the ledger's rule, queries.OVERDUE).
CASE_DUE = "CASE WHEN t.status = 'received' THEN t.accept_by ELSE t.close_by END"


def cases_overdue(db, path, today):
    """Open appeals past their due day (read from the open ones only)."""
    return _grouped(db, f"SELECT {child_of(path)} AS child, count(*) FROM cases t"
                        " CROSS JOIN org_nodes n ON n.id = t.node_id WHERE t.status != 'closed'"
                        f" AND t.deleted = 0 AND t.kind = 'appeal' AND {CASE_DUE} < ?"
                        " AND n.path >= ? AND n.path < ? GROUP BY child", path,
                    [today, *_subtree(path)], ("cases_overdue",))


def warnings_open(db, path):
    """Hot-spot warnings raised and not yet acknowledged (read from the open ones only)."""
    return _grouped(db, f"SELECT {child_of(path)} AS child, count(*) FROM warnings w"
                        " CROSS JOIN org_nodes n ON n.id = w.node_id WHERE w.status = 'open'"
                        " AND n.path >= ? AND n.path < ? GROUP BY child", path,
                    _subtree(path), ("warnings_open",))


def paths_of(db, node_ids):
    """{node id: path} of nodes."""
    ids = sorted(set(node_ids))
    found = {}
    for start in range(0, len(ids), 500):
        part = ids[start:start + 500]
        found.update((r["id"], r["path"]) for r in fetch_all(
            db, f"SELECT id, path FROM org_nodes WHERE id IN ({','.join('?' * len(part))})",
            part))
    return found


def children(db, node_id, everyone=False):
    """The children of a node (the active ones, or everyone), levels first, in tree order:
    (id, name, kind, subtype, path, active)."""
    active = "" if everyone else " AND active = 1"
    return fetch_all(db, "SELECT id, name, kind, subtype, path, active FROM org_nodes"
                         f" WHERE parent_id = ?{active} ORDER BY kind = 'party_org', path",
                     [node_id])


def node_brief(db, node_id):
    """(id, name, path) of a node, or None."""
    rows = fetch_all(db, "SELECT id, name, path FROM org_nodes WHERE id = ?", [node_id])
    return rows[0] if rows else None


def account(db, user_id):
    """An account with its node's name and path, or None."""
    rows = fetch_all(db, "SELECT u.id, u.name, u.node_id, n.name AS node_name, n.path"
                         " FROM users u JOIN org_nodes n ON n.id = u.node_id WHERE u.id = ?",
                     [user_id])
    return rows[0] if rows else None


def subtree_ids(db, low, high):
    """The ids of the nodes whose path lies in [low, high)."""
    return {r["id"] for r in fetch_all(db, "SELECT id FROM org_nodes WHERE path >= ? AND"
                                           " path < ?", [low, high])}


def village_of_grid(db, grid):
    """The village (or community) a grid belongs to, as a full node row; None for a grid
    hung elsewhere."""
    rows = fetch_all(db, "SELECT * FROM org_nodes WHERE id = ? AND kind = 'village'",
                     [grid["parent_id"]])
    return rows[0] if rows else None
