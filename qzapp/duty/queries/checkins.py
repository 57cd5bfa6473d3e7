"""The SQL of check-ins and hours (checkins.py, hours.py, hours_routes.py, poster.py): the
posts, shifts and settings they read are membership's tables."""
from ...db import execute, execute_many, fetch_all, fetch_one, fetch_tuples, fetch_value  # noqa: F401


def checkin_post(db, post_id):
    """A post as a check-in or its poster needs it, with its community's name; deleted ones
    too (None only when there is none)."""
    return fetch_one(db, "SELECT p.id, p.node_id, p.year, p.title, p.place, p.lat, p.lng,"
                         " p.radius_m, p.active, p.deleted, n.name AS community FROM duty_posts p"
                         " JOIN org_nodes n ON n.id = p.node_id WHERE p.id = ?", [post_id])


def posts_ending_with(db, hex_tail):
    """The posts (not deleted) whose ids end with hex_tail: those a short code may name."""
    return fetch_all(db, "SELECT id, year FROM duty_posts WHERE id LIKE ? AND deleted = 0",
                     ["%" + hex_tail])




def checkin_tolerance(db, node_id):
    """The community's tolerance around a shift's window in minutes, or None when it has set
    none."""
    return fetch_value(db, "SELECT checkin_tolerance_minutes FROM duty_settings"
                           " WHERE node_id = ?", [node_id])


def shift_for_checkin(db, shift_id):
    """A shift's post, window and whether it was cancelled or deleted, or None."""
    return fetch_one(db, "SELECT id, post_id, starts_at, ends_at, cancelled, deleted"
                         " FROM duty_shifts WHERE id = ?", [shift_id])


def member_shifts_between(db, member_id, post_id, start, end):
    """The shifts of the post that start in [start, end) (Beijing times as text) and the
    member holds a confirmed place on, or held one on until the shift was cancelled
    (cancelled 1); earliest first."""
    return fetch_all(db, "SELECT g.shift_id AS id, g.starts_at, g.ends_at, s.cancelled"
                         " FROM duty_signups g JOIN duty_shifts s ON s.id = g.shift_id WHERE"
                         " g.created_by = ? AND g.starts_at >= ? AND g.starts_at < ? AND"
                         " g.post_id = ? AND (g.status = 'confirmed' OR g.cancel_reason ="
                         " 'shift_cancelled') AND g.deleted = 0 AND s.deleted = 0"
                         " ORDER BY g.starts_at", [member_id, start, end, post_id])




def open_checkin(db, member_id, post_id):
    """The member's latest check-in at the post that no check-out closes yet, or None."""
    return fetch_one(db, "SELECT i.* FROM duty_checkins i WHERE i.created_by = ? AND"
                         " i.post_id = ? AND i.kind = 'in' AND i.deleted = 0 AND NOT EXISTS"
                         " (SELECT 1 FROM duty_checkins o WHERE o.checkin_id = i.id AND"
                         " o.deleted = 0) ORDER BY i.at DESC LIMIT 1", [member_id, post_id])


def is_closed(db, checkin_id):
    """Whether a check-out closes the check-in already."""
    return fetch_value(db, "SELECT 1 FROM duty_checkins WHERE checkin_id = ? AND deleted = 0",
                       [checkin_id]) is not None




# The columns of an hours record as the staff's lists and the workbook show it.
_HOURS_LISTED = ("SELECT h.id, h.node_id, n.name AS community, h.member_id, u.name AS member_name,"
                 " u.node_id AS member_node_id, m.name AS member_org, h.post_id, h.post_title,"
                 " h.shift_id, h.started_at, h.ended_at, h.minutes, h.year, h.flags, h.status,"
                 " h.reason, h.decided_by, d.name AS decided_by_name, h.decided_at"
                 " FROM duty_hours h JOIN org_nodes n ON n.id = h.node_id"
                 " JOIN users u ON u.id = h.member_id JOIN org_nodes m ON m.id = u.node_id"
                 " LEFT JOIN users d ON d.id = h.decided_by")


def _hours_where(scope, filters, members_too):
    """The WHERE of a list of hours: of communities in scope (and, members_too, of members
    whose own node lies in scope), filtered by year and status."""
    where, params = scope.where("h.node_id")
    if members_too:
        member_where, member_params = scope.where("u.node_id")
        where, params = f"({where} OR {member_where})", [*params, *member_params]
    where += " AND h.deleted = 0"
    for column in ("year", "status"):
        if filters.get(column) is not None:
            where += f" AND h.{column} = ?"
            params.append(filters[column])
    return where, params


def hours_page(db, scope, filters, after_sql, after_params, limit):
    """A page of the hours of communities in scope, newest first (limit rows)."""
    where, params = _hours_where(scope, filters, False)
    return fetch_all(db, f"{_HOURS_LISTED} WHERE {where} AND {after_sql}"
                         " ORDER BY h.started_at DESC, h.id DESC LIMIT ?",
                     [*params, *after_params, limit])


def hours_count(db, scope, filters):
    """How many hours records hours_page lists in all."""
    where, params = _hours_where(scope, filters, False)
    return fetch_value(db, f"SELECT count(*) FROM duty_hours h WHERE {where}", params)


def hours_listed(db, scope, filters, members_too):
    """Every hours record of communities in scope (and, members_too, of members of the
    scope's own organisations), oldest first: the workbook's rows."""
    where, params = _hours_where(scope, filters, members_too)
    return fetch_all(db, f"{_HOURS_LISTED} WHERE {where} ORDER BY h.started_at, h.id", params)


_TOTALS = ("sum(CASE WHEN h.status = 'confirmed' THEN h.minutes ELSE 0 END) AS confirmed,"
           " sum(CASE WHEN h.status = 'pending' THEN h.minutes ELSE 0 END) AS pending,"
           " sum(CASE WHEN h.status = 'rejected' THEN h.minutes ELSE 0 END) AS rejected,"
           " count(*) AS records")


def hours_totals_by_member(db, scope, filters, members_too):
    """Minutes confirmed, pending and rejected per member and year (and community)."""
    where, params = _hours_where(scope, filters, members_too)
    return fetch_all(db, f"SELECT h.member_id, u.name AS member_name, m.name AS member_org,"
                         f" h.year, h.node_id, n.name AS community, {_TOTALS} FROM duty_hours h"
                         " JOIN users u ON u.id = h.member_id JOIN org_nodes m ON m.id = u.node_id"
                         f" JOIN org_nodes n ON n.id = h.node_id WHERE {where}"
                         " GROUP BY h.member_id, h.year, h.node_id ORDER BY h.year, n.name, u.name",
                     params)


def hours_totals_by_community(db, scope, filters, members_too):
    """Minutes confirmed, pending and rejected per community and year, and how many members."""
    where, params = _hours_where(scope, filters, members_too)
    return fetch_all(db, f"SELECT h.node_id, n.name AS community, h.year,"
                         f" count(DISTINCT h.member_id) AS members, {_TOTALS} FROM duty_hours h"
                         " JOIN users u ON u.id = h.member_id JOIN org_nodes n ON n.id = h.node_id"
                         f" WHERE {where} GROUP BY h.node_id, h.year ORDER BY h.year, n.name",
                     params)
