"""The SQL of the records behind a dashboard figure: the same conditions as the figure, over
the records themselves, a page at a time: by place in tree order, newest first in each (the
order the indexes of places give, so a county's first page reads no more than it shows).
`place` is a condition on the record's node (n) with its parameters: the subtree of a node,
or the node alone (its own part); `person` the person a figure of people counts. `total`,
when the caller knows it (the figure, from the summaries), spares counting them all."""
from ...db import fetch_all, fetch_value
from .dashboard import CASE_DUE

LIMIT_SQL = " ORDER BY {order} LIMIT ? OFFSET ?"


def _page(db, select, frm, where, params, order, limit, offset, total=None):
    """(rows, total) of SELECT select FROM frm WHERE where."""
    rows = fetch_all(db, f"SELECT {select} FROM {frm} WHERE {where}"
                         + LIMIT_SQL.format(order=order), [*params, limit, offset])
    if total is None:
        total = fetch_value(db, f"SELECT count(*) FROM {frm} WHERE {where}", params)
    return rows, total


DIARY = ("d.id, d.occurred_at AS at, d.kind, coalesce(d.place, d.topic) AS title,"
         " n.name AS node_name, u.name AS person")
CASE = ("t.id, t.received_at AS at, t.category AS kind, t.status, n.name AS node_name,"
        " t.close_by, t.closed_at, t.satisfaction")
HOUSEHOLD = "h.id, h.head_name AS title, n.name AS node_name"


def diaries(db, place, person, first, last, visits_only, limit, offset, total=None):
    where = [place[0] if place else "d.created_by = ?", "d.deleted = 0",
             "d.occurred_at >= ?", "d.occurred_at < ?"]
    if visits_only:
        where.append("d.kind = 'visit'")
    return _page(db, DIARY, "diaries d JOIN org_nodes n ON n.id = d.node_id JOIN users u"
                 " ON u.id = d.created_by", " AND ".join(where),
                 [*(place[1] if place else [person]), first, f"{last}T24"],
                 f"{'n.path, ' if place else ''}d.occurred_at DESC, d.id DESC", limit, offset,
                 total)


# Which appeals each ledger figure counts (t: cases), its time column, and its parameters'
# use of the period.
CASES = {
    "cases_received": ("t.received_at", "1"),
    "cases_escalated": ("t.received_at", "t.escalation_level > 0"),
    "cases_closed": ("t.closed_at", "t.status = 'closed'"),
    "cases_on_time": ("t.closed_at", "t.status = 'closed' AND substr(t.closed_at, 1, 10)"
                                     " <= t.close_by"),
    "cases_rated": ("t.closed_at", "t.status = 'closed' AND t.rated != 0"),
    "cases_satisfied": ("t.closed_at", "t.status = 'closed' AND t.rated != 0 AND"
                                       " t.satisfaction IN ('satisfied', 'basic')"),
}


def cases(db, figure, place, person, first, last, today, limit, offset, total=None):
    if figure == "cases_overdue":
        when, condition, params = None, f"t.status != 'closed' AND {CASE_DUE} < ?", [today]
    else:
        when, condition = CASES[figure]
        params = []
    who = "t.received_by = ?" if figure == "cases_received" else "t.owner_id = ?"
    where = [place[0] if place else who, "t.deleted = 0", "t.kind = 'appeal'", condition]
    values = [*(place[1] if place else [person]), *params]
    if when:
        where += [f"{when} >= ?", f"{when} < ?"]
        values += [first, f"{last}T24"]
    order = f"{when or 't.received_at'} DESC, t.id DESC"
    return _page(db, CASE, "cases t JOIN org_nodes n ON n.id = t.node_id", " AND ".join(where),
                 values, f"n.path, {order}" if place else order, limit, offset, total)


def households_visited(db, place, person, first, last, limit, offset, total=None):
    """Households with a diary in the period (of the person's diaries, for a person)."""
    if place:
        frm = ("households h JOIN org_nodes n ON n.id = h.node_id")
        where = (f"{place[0]} AND h.deleted = 0 AND EXISTS (SELECT 1 FROM diaries d WHERE"
                 " d.household_id = h.id AND d.deleted = 0 AND d.occurred_at >= ? AND"
                 " d.occurred_at < ?)")
        params = [*place[1], first, f"{last}T24"]
    else:
        frm = "households h JOIN org_nodes n ON n.id = h.node_id"
        where = ("h.id IN (SELECT d.household_id FROM diaries d WHERE d.created_by = ? AND"
                 " d.deleted = 0 AND d.occurred_at >= ? AND d.occurred_at < ?)")
        params = [person, first, f"{last}T24"]
    return _page(db, HOUSEHOLD, frm, where, params, "n.path, h.id", limit, offset, total)


def pairings(db, figure, place, person, due, overdue, today, limit, offset, total=None):
    """Running pairings (households paired), due or overdue for rotation, or whose follow-up
    is overdue; with stationings for the rotations of a place."""
    condition = {"households_paired": "1", "rotations_due": "p.start_date <= ? AND"
                 " p.start_date > ?", "rotations_overdue": "p.start_date <= ?",
                 "follow_ups_overdue": "f.due < ?"}[figure]
    values = {"households_paired": [], "rotations_due": [due, overdue],
              "rotations_overdue": [overdue], "follow_ups_overdue": [today]}[figure]
    if figure == "follow_ups_overdue" and place:
        return _page(db, HOUSEHOLD + ", f.due AS at", "household_follow_ups f JOIN"
                     " households h ON h.id = f.household_id JOIN org_nodes n ON n.id ="
                     " h.node_id", f"{place[0]} AND {condition}", [*place[1], *values],
                     "n.path, f.due, h.id", limit, offset)
    frm = ("pairings p JOIN households h ON h.id = p.household_id JOIN org_nodes n ON n.id ="
           " p.node_id JOIN users u ON u.id = p.cadre_id LEFT JOIN household_follow_ups f ON"
           " f.household_id = p.household_id")
    where = (f"{place[0] if place else 'p.cadre_id = ?'} AND p.end_date IS NULL AND"
             f" p.deleted = 0 AND {condition}")
    select = f"{HOUSEHOLD}, p.start_date AS at, u.name AS person, 'pairing' AS kind"
    params = [*(place[1] if place else [person]), *values]
    if figure in ("rotations_due", "rotations_overdue") and place:
        select_s = ("s.id, n.name AS title, n.name AS node_name, s.start_date AS at,"
                    " u.name AS person, 'stationing' AS kind")
        frm_s = ("stationings s JOIN org_nodes n ON n.id = s.node_id JOIN users u"
                 " ON u.id = s.cadre_id")
        where_s = (f"{place[0]} AND s.end_date IS NULL AND s.deleted = 0 AND "
                   + condition.replace("p.", "s."))
        union = (f"SELECT {select} FROM {frm} WHERE {where} UNION ALL SELECT {select_s}"
                 f" FROM {frm_s} WHERE {where_s}")
        both = [*params, *place[1], *values]
        rows = fetch_all(db, f"SELECT * FROM ({union}) ORDER BY at, id LIMIT ? OFFSET ?",
                         [*both, limit, offset])
        return rows, total if total is not None else fetch_value(
            db, f"SELECT count(*) FROM ({union})", both)
    return _page(db, select, frm, where, params,
                 f"{'n.path, ' if place else ''}p.start_date, p.id", limit, offset, total)


def duty_hours(db, place, person, first, last, limit, offset):
    where = [place[0] if place else "t.member_id = ?", "t.deleted = 0",
             "t.status = 'confirmed'", "t.started_at >= ?", "t.started_at < ?"]
    return _page(db, "t.id, t.started_at AS at, t.post_title AS title, t.minutes,"
                 " n.name AS node_name, u.name AS person", "duty_hours t JOIN org_nodes n ON"
                 " n.id = t.node_id JOIN users u ON u.id = t.member_id", " AND ".join(where),
                 [*(place[1] if place else [person]), first, f"{last}T24"],
                 "t.started_at DESC, t.id DESC", limit, offset)


def warnings_open(db, place, limit, offset):
    """The hot-spot warnings of a place still open, the latest raised first."""
    return _page(db, "w.id, w.raised_at AS at, w.category, w.days, w.count, n.name AS node_name",
                 "warnings w JOIN org_nodes n ON n.id = w.node_id",
                 f"{place[0]} AND w.status = 'open'", place[1], "w.raised_at DESC, w.id DESC",
                 limit, offset)
