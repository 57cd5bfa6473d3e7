"""The SQL of the ledger's public side: village desks, the boards' cases and figures, the
residents' tracking links."""
from ...db import execute, fetch_all, fetch_one, fetch_tuples, fetch_value


def desk_row(db, node_id):
    """A village's public_desks row, or None."""
    return fetch_one(db, "SELECT * FROM public_desks WHERE node_id = ?", [node_id])


def save_desk(db, row):
    """Store a village's desk (node_id, receiver_id, office_hours, updated_by, updated_at)."""
    execute(db, "INSERT INTO public_desks (node_id, receiver_id, office_hours, updated_by,"
                " updated_at) VALUES (:node_id, :receiver_id, :office_hours, :updated_by,"
                " :updated_at) ON CONFLICT(node_id) DO UPDATE SET receiver_id ="
                " excluded.receiver_id, office_hours = excluded.office_hours, updated_by ="
                " excluded.updated_by, updated_at = excluded.updated_at", row)


def board_version(db, node_ids):
    """(cases, latest rev) of the nodes' cases: it moves whenever any of them changes."""
    marks = ",".join("?" * len(node_ids))
    return tuple(fetch_tuples(db, f"SELECT count(*), max(rev) FROM cases WHERE node_id IN"
                                  f" ({marks})", node_ids)[0])


def published_page(db, node_ids, page, size):
    """A page (1-based) of the nodes' published cases, newest first, and how many there are."""
    marks = ",".join("?" * len(node_ids))
    where = f"node_id IN ({marks}) AND published = 1 AND deleted = 0"
    total = fetch_value(db, f"SELECT count(*) FROM cases WHERE {where}", node_ids)
    rows = fetch_all(db, "SELECT category, received_at, status, public_summary, closed_at,"
                         f" result, satisfaction FROM cases WHERE {where}"
                         " ORDER BY received_at DESC, id DESC LIMIT ? OFFSET ?",
                     [*node_ids, size, (page - 1) * size])
    return rows, total


def board_counts(db, node_ids, since):
    """The figures of the nodes' cases received since a day: received, closed, closed by
    their deadline, rated, rated satisfied or basically satisfied."""
    marks = ",".join("?" * len(node_ids))
    row = fetch_one(
        db, "SELECT count(*) AS received, coalesce(sum(status = 'closed'), 0) AS closed,"
            " coalesce(sum(status = 'closed' AND substr(closed_at, 1, 10) <= close_by), 0)"
            " AS in_time, coalesce(sum(rated), 0) AS rated, coalesce(sum(rated AND"
            " satisfaction IN ('satisfied', 'basic')), 0) AS satisfied FROM cases WHERE"
            f" node_id IN ({marks}) AND deleted = 0 AND kind = 'appeal' AND received_at >= ?",
        [*node_ids, since])
    return dict(row)


def published_counts(db):
    """{node id: published cases} of the nodes that have any."""
    return dict(fetch_tuples(db, "SELECT node_id, count(*) FROM cases WHERE published = 1"
                                 " AND deleted = 0 GROUP BY node_id"))


def track_row(db, token_hash):
    """A resident's tracking link by its token's hash, or None."""
    return fetch_one(db, "SELECT * FROM public_tracks WHERE token_hash = ?", [token_hash])


def code_taken(db, code):
    """Whether a tracking code is given already."""
    return fetch_value(db, "SELECT 1 FROM public_tracks WHERE code = ?", [code]) is not None


def add_track(db, row):
    """Store a resident's tracking link."""
    execute(db, "INSERT INTO public_tracks (token_hash, code, case_id, created_at, expires_at)"
                " VALUES (:token_hash, :code, :case_id, :created_at, :expires_at)", row)


def roles_of_users(db, user_ids):
    """{user id: [roles]} of the accounts named."""
    if not user_ids:
        return {}
    marks = ",".join("?" * len(user_ids))
    found = {}
    for user_id, role in fetch_tuples(db, f"SELECT user_id, role FROM user_roles WHERE"
                                          f" user_id IN ({marks}) ORDER BY role", user_ids):
        found.setdefault(user_id, []).append(role)
    return found


def subtree_ids(db, path):
    """The ids of the active nodes of the subtree at path."""
    return [node_id for (node_id,) in fetch_tuples(
        db, "SELECT id FROM org_nodes WHERE path >= ? AND path < ? AND active = 1",
        [path, path[:-1] + "0"])]


def boards(db):
    """The active villages and communities with their townships, by township then name."""
    return fetch_all(db, "SELECT v.id, v.name, v.subtype, v.path, t.id AS township_id, t.name AS"
                         " township FROM org_nodes v LEFT JOIN org_nodes t ON t.id = v.parent_id"
                         " WHERE v.kind = 'village' AND v.active = 1 ORDER BY t.name, t.id,"
                         " v.name, v.id")


def accounts_at(db, node_id, roles):
    """Active accounts on node_id holding any of roles, by name: {id, name, roles} (roles: the
    ones of roles each holds, sorted)."""
    roles = sorted(roles)
    marks = ",".join("?" * len(roles))
    rows = fetch_all(
        db, "SELECT u.id, u.name, group_concat(r.role) AS roles FROM users u JOIN user_roles r"
        f" ON r.user_id = u.id WHERE u.node_id = ? AND u.active = 1 AND r.role IN ({marks})"
        " GROUP BY u.id ORDER BY u.name, u.id", [node_id, *roles])
    return [{**row, "roles": sorted(row["roles"].split(","))} for row in rows]


def board_village(db, node_id):
    """An active village or community with its township's name, or None."""
    return fetch_one(db, "SELECT v.*, t.name AS township FROM org_nodes v LEFT JOIN org_nodes t"
                         " ON t.id = v.parent_id WHERE v.id = ? AND v.kind = 'village' AND"
                         " v.active = 1", [node_id])
