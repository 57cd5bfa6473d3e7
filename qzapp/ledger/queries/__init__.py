"""The SQL of the ledger: deadline rules, the ledger's lists and counts, a case's events, and
what the tick looks for."""
import json

from ... import paging
from ...db import execute, execute_many, fetch_all, fetch_one, fetch_tuples, fetch_value
from ...households.queries import streamed

# The filters of the ledger list, by argument name, and the condition each adds (t: cases).
FILTERS = {
    "status": "t.status = ?", "category": "t.category = ?", "channel": "t.channel = ?",
    "urgency": "t.urgency = ?", "kind": "t.kind = ?",
    "from": "t.received_at >= ?", "to": "substr(t.received_at, 1, 10) <= ?",
}
# The list's order (newest first) and the key a page's cursor holds.
LIST_ORDER = ("t.received_at", "t.id")
# An open case is overdue when the day it was due has passed: to accept it while it waits,
# else to close it. One parameter: today.
OVERDUE = ("(t.status != 'closed' AND (CASE WHEN t.status = 'received' THEN t.accept_by"
           " ELSE t.close_by END) < ?)")
# The day an open case is due next, by the same rule.
DUE = "CASE WHEN t.status = 'received' THEN t.accept_by ELSE t.close_by END"
_NAMES = ("SELECT t.*, o.name AS owner_name, n.name AS node_name FROM cases t"
          " LEFT JOIN users o ON o.id = t.owner_id JOIN org_nodes n ON n.id = t.node_id")


def deadline_rule_for(db, node_id, category, urgency, exact=False):
    """The deadline rule for this category and urgency nearest up the tree from node_id
    (node_id itself first), else (unless exact) the nearest for every category; or None."""
    categories = [category] if exact else [category, ""]
    marks = ",".join("?" * len(categories))
    return fetch_one(
        db, "WITH up(id, depth) AS (SELECT ?, 0 UNION ALL SELECT n.parent_id, up.depth + 1"
        " FROM org_nodes n JOIN up ON n.id = up.id WHERE n.parent_id IS NOT NULL)"
        " SELECT r.*, up.depth FROM deadline_rules r JOIN up ON r.node_id = up.id"
        f" WHERE r.urgency = ? AND r.category IN ({marks})"
        " ORDER BY r.category = '', up.depth LIMIT 1", [node_id, urgency, *categories])


def replace_deadline_rules(db, node_id, rows):
    """Make rows (tuples of every column) the rules node_id sets."""
    execute(db, "DELETE FROM deadline_rules WHERE node_id = ?", [node_id])
    execute_many(db, "INSERT INTO deadline_rules (node_id, category, urgency, accept_days,"
                 " close_days, warn_days, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?,"
                 " ?)", rows)


# The cases of a place itself: at its node, or at a grid of it when it is a village. Two
# parameters: the node's id, twice.
OWN_PLACE = ("(t.node_id = ? OR t.node_id IN (SELECT g.id FROM org_nodes g JOIN org_nodes v"
             " ON v.id = g.parent_id WHERE g.parent_id = ? AND g.kind = 'grid'"
             " AND v.kind = 'village'))")


def _conditions(subtree, filters, today, overdue=None, backlog=None, escalated=None,
                own=None):
    """The WHERE clauses and parameters of a ledger list in subtree (a Scope); own: of the
    subtree's node itself (OWN_PLACE) rather than of the whole subtree."""
    if own:
        scope_sql, scope_params = OWN_PLACE, [subtree.node_id, subtree.node_id]
    else:
        scope_sql, scope_params = subtree.where("t.node_id")
    clauses, args = ["t.deleted = 0", scope_sql], list(scope_params)
    for name, value in filters.items():
        clauses.append(FILTERS[name])
        args.append(value)
    if overdue:
        clauses.append(OVERDUE)
        args.append(today)
    if backlog:
        clauses.append("t.backlog = 1")
    if escalated:
        clauses.append("t.escalation_level > 0")
    return clauses, args


def ledger_page(db, subtree, page, filters, today, **flags):
    """A page of the cases in subtree, newest first, narrowed by filters (FILTERS) and flags
    (overdue, backlog, escalated); with whether more follow (how many there are is the
    route's, from ledger_counts)."""
    clauses, args = _conditions(subtree, filters, today, **flags)
    after, after_params = paging.after_sql(LIST_ORDER, page, descending=True)
    # The page's keys first, from the index cases_ledger alone (a county's cases are not
    # read whole to be sorted), then its rows.
    rows = fetch_all(db, f"{_NAMES} WHERE t.rowid IN (SELECT t.rowid FROM cases t WHERE"
                     f" {' AND '.join([*clauses, after])} ORDER BY t.received_at DESC, t.id DESC"
                     " LIMIT ?) ORDER BY t.received_at DESC, t.id DESC",
                     [*args, *after_params, page.limit + 1])
    return paging.answer(rows, page, lambda r: (r["received_at"], r["id"]), None)


def ledger_counts(db, subtree, filters, today, **flags):
    """Counts over the same list without its status filter: by status, overdue, backlog and
    escalated."""
    filters = {k: v for k, v in filters.items() if k != "status"}
    clauses, args = _conditions(subtree, filters, today, **flags)
    rows = fetch_tuples(db, f"SELECT t.status, count(*), sum({OVERDUE}), sum(t.backlog),"
                            " sum(t.escalation_level > 0) FROM cases t WHERE"
                            f" {' AND '.join(clauses)} GROUP BY t.status", [today, *args])
    counts = {"all": 0, "overdue": 0, "backlog": 0, "escalated": 0}
    for status, count, overdue, backlog, escalated in rows:
        counts[status] = count
        counts["all"] += count
        counts["overdue"] += overdue or 0
        counts["backlog"] += backlog or 0
        counts["escalated"] += escalated or 0
    return counts


def my_cases(db, user_id, limit):
    """The open cases the user owns or handles (or is to accept), overdue first then by the
    day they are due; with their owners' and nodes' names."""
    return fetch_all(
        db, f"{_NAMES} WHERE t.id IN (SELECT record_id FROM changes WHERE +entity = 'case' AND"
        " kind = 'upsert' AND (owner_id = ? OR handler_id = ?)) AND t.status != 'closed'"
        f" AND t.deleted = 0 ORDER BY {DUE}, t.received_at LIMIT ?", [user_id, user_id, limit])


def case_with_names(db, case_id):
    """One case with its owner's and node's names, or None."""
    return fetch_one(db, f"{_NAMES} WHERE t.id = ? AND t.deleted = 0", [case_id])


def event_rows(db, case_id):
    """A case's events in order, each with its author's name."""
    return fetch_all(db, "SELECT e.*, u.name AS by_name FROM case_events e LEFT JOIN users u"
                     " ON u.id = e.created_by WHERE e.case_id = ? ORDER BY e.n", [case_id])


def household_cases(db, household_id, other_than):
    """The other cases of a household, newest first."""
    return fetch_all(db, f"{_NAMES} WHERE t.household_id = ? AND t.id != ? AND t.deleted = 0"
                     " ORDER BY t.received_at DESC LIMIT 50", [household_id, other_than])


def open_like(db, household_id, category):
    """Open cases of a household in a category (the intake's duplicate warning)."""
    return fetch_all(db, "SELECT id, received_at, status FROM cases WHERE household_id = ? AND"
                     " category = ? AND status != 'closed' AND deleted = 0",
                     [household_id, category])


def unfolded_case_ids(db):
    """Cases whose events were stored without folding them (a migration of older records)."""
    return [r[0] for r in fetch_tuples(
        db, "SELECT DISTINCT e.case_id FROM case_events e LEFT JOIN cases t ON t.id = e.case_id"
        " WHERE t.id IS NULL")]


def overdue_cases(db, today):
    """Open cases past the day they were due, with the day and their owner's node path."""
    return fetch_all(
        db, f"SELECT t.*, {DUE} AS due, n.path AS owner_path FROM cases t LEFT JOIN users u"
        " ON u.id = t.owner_id LEFT JOIN org_nodes n ON n.id = coalesce(u.node_id, t.node_id)"
        f" WHERE t.status != 'closed' AND t.deleted = 0 AND {OVERDUE}", [today])


def nodes_on_path(db, ids):
    """{id: kind} of the nodes with these ids."""
    if not ids:
        return {}
    return dict(fetch_tuples(db, f"SELECT id, kind FROM org_nodes WHERE id IN"
                                 f" ({','.join('?' * len(ids))})", list(ids)))


def node_row(db, node_id):
    """An org node, or None."""
    return fetch_one(db, "SELECT id, path, kind, name FROM org_nodes WHERE id = ?", [node_id])


def event_taken(db, once):
    """Whether an event with this once-key is stored already."""
    return fetch_value(db, "SELECT 1 FROM case_events WHERE once = ?", [once]) is not None


_EXPORT = ("SELECT t.*, f.name AS first_handler_name, un.name AS unit_name FROM cases t"
           " LEFT JOIN users f ON f.id = t.first_handler_id LEFT JOIN users o ON o.id ="
           " t.owner_id LEFT JOIN org_nodes un ON un.id = coalesce(t.handler_node_id, o.node_id)")


def export_rows(db, subtree, filters, today, **flags):
    """Every case ledger_page lists for these arguments, in its order, one at a time (from
    the read's cursor), each with its first handler's and responsible unit's names."""
    clauses, args = _conditions(subtree, filters, today, **flags)
    return streamed(db, f"{_EXPORT} WHERE {' AND '.join(clauses)}"
                        " ORDER BY t.received_at DESC, t.id DESC", args)


def active_nodes_in(db, scope):
    """The active org nodes of a subtree (id, code, name)."""
    sql, params = scope.nodes_sql()
    return fetch_all(db, f"SELECT id, code, name FROM org_nodes WHERE id IN ({sql}) AND active = 1",
                     params)


_UP = ("WITH up(id, depth) AS (SELECT ?, 0 UNION ALL SELECT n.parent_id, up.depth + 1"
       " FROM org_nodes n JOIN up ON n.id = up.id WHERE n.parent_id IS NOT NULL)")


def matter_type_for(db, node_id, name):
    """The matter type of this name nearest up the tree from node_id, or None."""
    return fetch_one(db, f"{_UP} SELECT m.* FROM matter_types m JOIN up ON m.node_id = up.id"
                         " WHERE m.name = ? ORDER BY up.depth LIMIT 1", [node_id, name])


def matter_types_at(db, node_id):
    """Each matter type in force at node_id (the nearest of each name), by name."""
    return fetch_all(db, f"{_UP}, ranked AS (SELECT m.*, row_number() OVER (PARTITION BY"
                         " m.name ORDER BY up.depth) AS k FROM matter_types m JOIN up ON"
                         " m.node_id = up.id) SELECT * FROM ranked WHERE k = 1 ORDER BY name",
                     [node_id])


def replace_matter_types(db, node_id, rows):
    """Make rows (tuples of every column) the matter types node_id sets."""
    execute(db, "DELETE FROM matter_types WHERE node_id = ?", [node_id])
    execute_many(db, "INSERT INTO matter_types (node_id, name, close_days, updated_by,"
                 " updated_at) VALUES (?, ?, ?, ?, ?)", rows)


def inspections_page(db, subtree, page):
    """A page of a subtree's inspections, newest first, each with its inspector's name."""
    after, after_params = paging.after_sql(("i.visited_at", "i.id"), page, descending=True)
    scope_sql, scope_params = subtree.where("i.node_id")
    rows = fetch_all(db, "SELECT i.*, u.name AS inspector_name, n.name AS node_name FROM"
                         " inspections i LEFT JOIN users u ON u.id = i.created_by JOIN org_nodes"
                         f" n ON n.id = i.node_id WHERE i.deleted = 0 AND {scope_sql} AND"
                         f" {after} ORDER BY i.visited_at DESC, i.id DESC LIMIT ?",
                     [*scope_params, *after_params, page.limit + 1])
    total = fetch_value(db, f"SELECT count(*) FROM inspections i WHERE i.deleted = 0 AND"
                            f" {scope_sql}", scope_params)
    return paging.answer(rows, page, lambda r: (r["visited_at"], r["id"]), total)


def set_event_data(db, event_id, data):
    """Complete the data of an event no phone has seen yet (a migrated appeal's receive)."""
    execute(db, "UPDATE case_events SET data = ? WHERE id = ? AND rev = 0",
            [json.dumps(data, ensure_ascii=False), event_id])


def open_due_between(db, first, last):
    """Open cases due (next) between two days, with the day."""
    return fetch_all(db, f"SELECT t.*, {DUE} AS due FROM cases t WHERE t.status != 'closed' AND"
                         f" t.deleted = 0 AND {DUE} BETWEEN ? AND ?", [first, last])


def case_row(db, case_id):
    """The stored case, or None."""
    return fetch_one(db, "SELECT * FROM cases WHERE id = ?", [case_id])


def event_rows_upto(db, case_id, upto):
    """A case's stored events in order, the first upto (by n) when given."""
    return fetch_all(db, "SELECT * FROM case_events WHERE case_id = ? AND n <= ? ORDER BY n",
                     [case_id, upto if upto is not None else 2 ** 62])


def has_events(db, case_id):
    """Whether any event names the case."""
    return fetch_value(db, "SELECT 1 FROM case_events WHERE case_id = ?", [case_id]) is not None


def last_n(db, case_id):
    """The order n of a case's last event (superseded ones too)."""
    return fetch_value(db, "SELECT max(n) FROM case_events WHERE case_id = ?", [case_id])


def event_author(db, event_id, case_id):
    """Who wrote an event of the case (None: no such event)."""
    return fetch_value(db, "SELECT created_by FROM case_events WHERE id = ? AND case_id = ?",
                       [event_id, case_id])


from .public import *  # noqa: E402,F403  (the public side's)


def cases_of_reception(db, reception_id):
    """The cases received at a reception (their receive event names it), oldest first."""
    return fetch_all(
        db, "SELECT c.id, c.status, c.category, c.received_at, c.leader_id, c.owner_id,"
        " c.closed_at, c.close_by FROM case_events e JOIN cases c ON c.id = e.case_id"
        " WHERE e.kind = 'receive' AND json_extract(e.data, '$.reception_id') = ?"
        " AND e.deleted = 0 ORDER BY c.received_at", [reception_id])


def receiving_days(db, user_ids, first, last, channels, days_only=False):
    """The cases users received from first to last (ISO dates) through channels:
    (received_by, day, id, channel); days_only: each (received_by, day) once, as tuples."""
    users, marks = ",".join("?" * len(user_ids)), ",".join("?" * len(channels))
    columns = "DISTINCT received_by, substr(received_at, 1, 10) AS day" if days_only else (
        "received_by, substr(received_at, 1, 10) AS day, id, channel")
    return (fetch_tuples if days_only else fetch_all)(
        db, f"SELECT {columns} FROM cases WHERE received_by IN ({users})"
        f" AND received_at >= ? AND received_at < ? AND channel IN ({marks}) AND deleted = 0"
        f"{'' if days_only else ' ORDER BY received_at'}",
        [*user_ids, first, f"{last}T24", *channels])
