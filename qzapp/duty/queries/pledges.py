"""The SQL of volunteer teams and pledges (teams.py, pledges.py, pledge_board.py): of the
registrations, only the approved ones."""
from ...db import execute, execute_many, fetch_all, fetch_one, fetch_tuples, fetch_value  # noqa: F401


def approved_community(db, user_id):
    """The community the member is registered with and approved by, or None."""
    return fetch_value(db, "SELECT node_id FROM duty_registrations WHERE created_by = ? AND"
                           " status = 'approved' AND deleted = 0 ORDER BY rev DESC LIMIT 1",
                       [user_id])


def approved_among(db, node_id, user_ids):
    """The ids among user_ids of members approved with the community node_id."""
    if not user_ids:
        return set()
    marks = ",".join("?" * len(user_ids))
    return {r[0] for r in fetch_tuples(
        db, f"SELECT created_by FROM duty_registrations WHERE node_id = ? AND status ="
            f" 'approved' AND deleted = 0 AND created_by IN ({marks})", [node_id, *user_ids])}


def approved_members(db, scope):
    """The members approved with a community in scope, by name: {id, name, node_id}."""
    where, params = scope.where("r.node_id")
    return fetch_all(db, "SELECT DISTINCT u.id, u.name, r.node_id FROM duty_registrations r"
                         " JOIN users u ON u.id = r.created_by WHERE r.status = 'approved'"
                         f" AND r.deleted = 0 AND u.active = 1 AND {where}"
                         " ORDER BY u.name, u.id", params)


def user_names(db, user_ids):
    """{user id: name} of the accounts named."""
    if not user_ids:
        return {}
    ids = sorted(set(user_ids))
    return dict(fetch_tuples(db, f"SELECT id, name FROM users WHERE id IN"
                                 f" ({','.join('?' * len(ids))})", ids))






def team_name_taken(db, node_id, name, team_id):
    """Whether another team of the community is called name."""
    return fetch_value(db, "SELECT 1 FROM duty_teams WHERE node_id = ? AND name = ? AND"
                           " id != ? AND deleted = 0", [node_id, name, team_id]) is not None


def teams_in(db, scope):
    """The teams of the communities in scope, by community and name."""
    where, params = scope.where("t.node_id")
    return fetch_all(db, "SELECT t.*, n.name AS node_name FROM duty_teams t JOIN org_nodes n"
                         f" ON n.id = t.node_id WHERE t.deleted = 0 AND {where}"
                         " ORDER BY t.node_id, t.name, t.id", params)


def teams_of(db, node_id):
    """The teams of one community, by name."""
    return fetch_all(db, "SELECT t.*, n.name AS node_name FROM duty_teams t JOIN org_nodes n"
                         " ON n.id = t.node_id WHERE t.node_id = ? AND t.deleted = 0"
                         " ORDER BY t.name, t.id", [node_id])




def pledge_record_count(db, pledge_id):
    """How many records of fulfilment a pledge has (not deleted)."""
    return fetch_value(db, "SELECT count(*) FROM duty_pledge_records WHERE pledge_id = ? AND"
                           " deleted = 0", [pledge_id])


def pledge_records(db, pledge_id):
    """A pledge's records of fulfilment (not deleted), oldest first."""
    return fetch_all(db, "SELECT * FROM duty_pledge_records WHERE pledge_id = ? AND"
                         " deleted = 0 ORDER BY created_at, id", [pledge_id])


PLEDGE_ORDER = ("p.due_on", "p.id")


def pledges_page(db, scope, year, status, after_sql, after_params, limit):
    """Pledges of a year in scope (of one status when given), by due date, at most limit,
    with their member's and community's names and how many records each has; and the
    total of the whole list."""
    where, params = scope.where("p.node_id")
    clauses, values = [where, "p.year = ?", "p.deleted = 0"], [*params, year]
    if status:
        clauses.append("p.status = ?")
        values.append(status)
    condition = " AND ".join(clauses)
    rows = fetch_all(
        db, "SELECT p.*, u.name AS member_name, n.name AS node_name, (SELECT count(*) FROM"
            " duty_pledge_records r WHERE r.pledge_id = p.id AND r.deleted = 0) AS records"
            " FROM duty_pledges p JOIN users u ON u.id = p.created_by JOIN org_nodes n ON"
            f" n.id = p.node_id WHERE {condition} AND {after_sql}"
            f" ORDER BY {', '.join(PLEDGE_ORDER)} LIMIT ?",
        [*values, *after_params, limit])
    total = fetch_value(db, f"SELECT count(*) FROM duty_pledges p WHERE {condition}", values)
    return rows, total


def board_pledges(db, node_id, year, limit):
    """A community's pledges of a year as the public board shows them (the member's name to
    be masked), by due date, at most limit."""
    return fetch_all(db, "SELECT p.text, p.due_on, p.status, u.name AS member_name FROM"
                         " duty_pledges p JOIN users u ON u.id = p.created_by WHERE"
                         " p.node_id = ? AND p.year = ? AND p.deleted = 0"
                         " ORDER BY p.due_on, p.id LIMIT ?", [node_id, year, limit])


def board_pledge_counts(db, node_id, year):
    """(pledges, confirmed, the largest rev) of a community's year: the largest rev of all,
    deleted ones too, moves whenever one of them changes."""
    return fetch_tuples(db, "SELECT sum(deleted = 0), sum(deleted = 0 AND status ="
                            " 'confirmed'), max(rev) FROM duty_pledges WHERE node_id = ? AND"
                            " year = ?", [node_id, year])[0]
