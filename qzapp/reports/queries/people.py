"""The SQL of the dashboards' people: the accounts of a node (a village's with its grids'), and
each one's figures over a period, read through the indexes of authors, receivers, owners,
cadres and members (a page of people at a time)."""
from ...db import fetch_all, fetch_value
from .dashboard import CASE_DUE

# The people's list order, and the key a page's cursor holds.
ORDER = ("u.name", "u.id")
_PEOPLE = ("FROM users u JOIN org_nodes n ON n.id = u.node_id WHERE u.active = 1"
           " AND (u.node_id = ? OR (n.parent_id = ? AND n.kind = 'grid'))")


def people_page(db, node_id, after, params, limit):
    """Active accounts at the node (and its grids), by name after a cursor; with the total."""
    rows = fetch_all(db, f"SELECT u.id, u.name, u.node_id, n.name AS node_name {_PEOPLE}"
                         f" AND {after} ORDER BY u.name, u.id LIMIT ?",
                     [node_id, node_id, *params, limit])
    return rows, fetch_value(db, f"SELECT count(*) {_PEOPLE}", [node_id, node_id])


def roles_of(db, user_ids):
    """{user id: [roles]}."""
    found = {}
    for row in fetch_all(db, f"SELECT user_id, role FROM user_roles WHERE user_id IN"
                             f" ({_marks(user_ids)}) ORDER BY role", user_ids):
        found.setdefault(row["user_id"], []).append(row["role"])
    return found


def _marks(ids):
    return ",".join("?" * len(ids))


def _by_user(db, sql, user_ids, params, names):
    """{user id: {name: value}} of a query whose first column is the user."""
    found = {}
    for row in fetch_all(db, sql, [*user_ids, *params]):
        values = list(row.values())
        found[values[0]] = dict(zip(names, (v or 0 for v in values[1:])))
    return found


def diaries(db, user_ids, first, last):
    """Diaries written, visits among them, households they were about."""
    return _by_user(db, "SELECT created_by, count(*), sum(kind = 'visit'),"
                        " count(DISTINCT household_id) FROM diaries WHERE created_by IN"
                        f" ({_marks(user_ids)}) AND occurred_at >= ? AND occurred_at < ?"
                        " AND deleted = 0 GROUP BY created_by", user_ids,
                    [first, f"{last}T24"], ("diaries", "visits", "households_visited"))


def pairings(db, user_ids, due_before, overdue_before, today):
    """Households paired now, rotations due and overdue, follow-ups overdue among them."""
    found = {}
    for row in fetch_all(
            db, "SELECT p.cadre_id, count(*) AS paired, sum(p.start_date <= ? AND"
                " p.start_date > ?) AS due, sum(p.start_date <= ?) AS overdue,"
                " sum(f.due < ?) AS follow FROM pairings p"
                " LEFT JOIN household_follow_ups f ON f.household_id = p.household_id"
                f" WHERE p.cadre_id IN ({_marks(user_ids)}) AND p.end_date IS NULL"
                " AND p.deleted = 0 GROUP BY p.cadre_id",
            [due_before, overdue_before, overdue_before, today, *user_ids]):
        found[row["cadre_id"]] = {"households_paired": row["paired"],
                                  "rotations_due": row["due"] or 0,
                                  "rotations_overdue": row["overdue"] or 0,
                                  "follow_ups_overdue": row["follow"] or 0}
    return found


def cases_received(db, user_ids, first, last):
    """Appeals the people received (首办) in the period."""
    return _by_user(db, "SELECT received_by, count(*) FROM cases WHERE received_by IN"
                        f" ({_marks(user_ids)}) AND received_at >= ? AND received_at < ?"
                        " AND kind = 'appeal' AND deleted = 0 GROUP BY received_by", user_ids,
                    [first, f"{last}T24"], ("cases_received",))


def cases_owned(db, user_ids, first, last, today):
    """Appeals the people own: closed in the period (on time, rated, rated satisfied), and
    open past their due day."""
    span = [first, f"{last}T24"]
    closed = "status = 'closed' AND closed_at >= ? AND closed_at < ?"
    found = {}
    for row in fetch_all(
            db, f"SELECT owner_id, sum({closed}) AS closed, sum({closed} AND"
                " substr(closed_at, 1, 10) <= close_by) AS on_time,"
                f" sum({closed} AND rated) AS rated, sum({closed} AND rated AND satisfaction"
                " IN ('satisfied', 'basic')) AS satisfied, sum(status != 'closed' AND"
                f" {CASE_DUE.replace('t.', '')} < ?) AS overdue FROM cases"
                f" WHERE owner_id IN ({_marks(user_ids)}) AND kind = 'appeal' AND deleted = 0"
                " GROUP BY owner_id", [*span * 4, today, *user_ids]):
        found[row["owner_id"]] = {"cases_closed": row["closed"] or 0,
                                  "cases_on_time": row["on_time"] or 0,
                                  "cases_rated": row["rated"] or 0,
                                  "cases_satisfied": row["satisfied"] or 0,
                                  "cases_overdue": row["overdue"] or 0}
    return found


def duty_minutes(db, user_ids, first, last):
    """Minutes of duty the people served, confirmed, in the period."""
    return _by_user(db, "SELECT member_id, sum(minutes) FROM duty_hours WHERE member_id IN"
                        f" ({_marks(user_ids)}) AND status = 'confirmed' AND started_at >= ?"
                        " AND started_at < ? AND deleted = 0 GROUP BY member_id", user_ids,
                    [first, f"{last}T24"], ("duty_minutes",))
