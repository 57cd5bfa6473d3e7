"""The SQL of the dashboards' people: the accounts of a node (a village's with its grids'), and
each one's figures over a period, read through the indexes of authors, receivers, owners,
cadres and members (a page of people at a time)."""
from ...db import fetch_all, fetch_value
from .dashboard import CASE_DUE, keyed

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


def diaries(db, user_ids, first, last):
    """Diaries written, visits among them, households they were about."""
    return keyed(db, "SELECT created_by, count(*), sum(kind = 'visit'),"
                     " count(DISTINCT household_id) FROM diaries WHERE created_by IN"
                     f" ({_marks(user_ids)}) AND occurred_at >= ? AND occurred_at < ?"
                     " AND deleted = 0 GROUP BY created_by", [*user_ids, first, f"{last}T24"],
                 ("diaries", "visits", "households_visited"))


def pairings(db, user_ids, due_before, overdue_before, today):
    """Households paired now, rotations due and overdue, follow-ups overdue among them."""
    return keyed(db, "SELECT p.cadre_id, count(*), sum(p.start_date <= ? AND"
                     " p.start_date > ?), sum(p.start_date <= ?), sum(f.due < ?) FROM pairings p"
                     " LEFT JOIN household_follow_ups f ON f.household_id = p.household_id"
                     f" WHERE p.cadre_id IN ({_marks(user_ids)}) AND p.end_date IS NULL"
                     " AND p.deleted = 0 GROUP BY p.cadre_id",
                 [due_before, overdue_before, overdue_before, today, *user_ids],
                 ("households_paired", "rotations_due", "rotations_overdue",
                  "follow_ups_overdue"))


def cases_received(db, user_ids, first, last):
    """Appeals the people received (首办) in the period."""
    return keyed(db, "SELECT received_by, count(*) FROM cases WHERE received_by IN"
                     f" ({_marks(user_ids)}) AND received_at >= ? AND received_at < ?"
                     " AND kind = 'appeal' AND deleted = 0 GROUP BY received_by",
                 [*user_ids, first, f"{last}T24"], ("cases_received",))


def cases_owned(db, user_ids, first, last, today):
    """Appeals the people own: closed in the period (on time, rated, rated satisfied), and
    open past their due day."""
    closed = "t.status = 'closed' AND t.closed_at >= ? AND t.closed_at < ?"
    return keyed(db, f"SELECT t.owner_id, sum({closed}), sum({closed} AND"
                     " substr(t.closed_at, 1, 10) <= t.close_by),"
                     f" sum({closed} AND t.rated), sum({closed} AND t.rated AND t.satisfaction"
                     f" IN ('satisfied', 'basic')), sum(t.status != 'closed' AND {CASE_DUE} < ?)"
                     f" FROM cases t WHERE t.owner_id IN ({_marks(user_ids)})"
                     " AND t.kind = 'appeal' AND t.deleted = 0 GROUP BY t.owner_id",
                 [*[first, f"{last}T24"] * 4, today, *user_ids],
                 ("cases_closed", "cases_on_time", "cases_rated", "cases_satisfied",
                  "cases_overdue"))


def duty_minutes(db, user_ids, first, last):
    """Minutes of duty the people served, confirmed, in the period."""
    return keyed(db, "SELECT member_id, sum(minutes) FROM duty_hours WHERE member_id IN"
                     f" ({_marks(user_ids)}) AND status = 'confirmed' AND started_at >= ?"
                     " AND started_at < ? AND deleted = 0 GROUP BY member_id",
                 [*user_ids, first, f"{last}T24"], ("duty_minutes",))
