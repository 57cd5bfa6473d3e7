"""The SQL of community duty. Each part of the domain keeps its functions in its own section
below."""
from ..db import execute, execute_many, fetch_all, fetch_one, fetch_tuples, fetch_value  # noqa: F401

# --- Helper C: volunteer teams and pledges (teams.py, pledges.py, pledge_board.py) ----------
# Registrations are part A's (duty_registrations: node_id = the community, created_by = the
# member, status); these read only the approved ones.

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


def community_node(db, node_id):
    """The active community node_id names (an org_nodes row), or None."""
    return fetch_one(db, "SELECT * FROM org_nodes WHERE id = ? AND kind = 'village' AND"
                         " subtype = 'community' AND active = 1", [node_id])


def team_row(db, team_id):
    """A volunteer team (not deleted), or None."""
    return fetch_one(db, "SELECT * FROM duty_teams WHERE id = ? AND deleted = 0",
                     [str(team_id).lower()])


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


def pledge_row(db, pledge_id):
    """A pledge (deleted or not), or None."""
    return fetch_one(db, "SELECT * FROM duty_pledges WHERE id = ?", [str(pledge_id).lower()])


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


# --- Helper B: check-ins and hours (checkins.py, hours.py, hours_routes.py, poster.py) -------
# Posts, shifts, sign-ups, registrations and settings are part A's tables (m0017); these
# read them. Check-ins and hours are part B's (m0018).

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


def approved_with(db, member_id, node_id):
    """Whether the member's registration with the community node_id is approved."""
    return fetch_value(db, "SELECT 1 FROM duty_registrations WHERE created_by = ? AND"
                           " node_id = ? AND status = 'approved' AND deleted = 0 LIMIT 1",
                       [member_id, node_id]) is not None


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


def checkin_row(db, checkin_id):
    """A stored check-in or check-out (not deleted), or None."""
    return fetch_one(db, "SELECT * FROM duty_checkins WHERE id = ? AND deleted = 0",
                     [checkin_id])


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


def hours_row(db, hours_id):
    """A stored hours record (not deleted), or None."""
    return fetch_one(db, "SELECT * FROM duty_hours WHERE id = ? AND deleted = 0", [hours_id])


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


# --- Helper A: registrations, posts, claims, shifts, sign-ups, settings (membership.py,
# posts.py, shifts.py, signups.py, settings.py, community.py, lists.py) ----------------------
# A registration's, claim's and sign-up's member is its created_by.

def active_community(db, node_id):
    """The active community node_id names (org_nodes row, with its township's name), or
    None."""
    return fetch_one(db, "SELECT n.*, p.name AS township FROM org_nodes n LEFT JOIN org_nodes p"
                         " ON p.id = n.parent_id WHERE n.id = ? AND n.kind = 'village' AND"
                         " n.subtype = 'community' AND n.active = 1", [node_id])


def communities_under(db, path):
    """The active communities of the subtree at path, by township and name:
    {id, name, township}."""
    return fetch_all(db, "SELECT n.id, n.name, p.name AS township FROM org_nodes n LEFT JOIN"
                         " org_nodes p ON p.id = n.parent_id WHERE n.path >= ? AND n.path < ?"
                         " AND n.kind = 'village' AND n.subtype = 'community' AND n.active = 1"
                         " ORDER BY p.name, n.name, n.id", [path, path[:-1] + "0"])


def county_path_of(db, path):
    """The path of the nearest county above or at the node with path (None when none)."""
    ids = [int(part) for part in path.strip("/").split("/") if part]
    if not ids:
        return None
    return fetch_value(db, f"SELECT path FROM org_nodes WHERE id IN ({','.join('?' * len(ids))})"
                           " AND kind = 'county' ORDER BY depth DESC LIMIT 1", ids)


def registration_row(db, registration_id):
    """A registration (not deleted), or None."""
    return fetch_one(db, "SELECT * FROM duty_registrations WHERE id = ? AND deleted = 0",
                     [str(registration_id).lower()])


def member_registration(db, member_id, status):
    """The member's latest registration of status (not deleted), or None."""
    return fetch_one(db, "SELECT * FROM duty_registrations WHERE created_by = ? AND status = ?"
                         " AND deleted = 0 ORDER BY created_at DESC, id DESC LIMIT 1",
                     [member_id, status])


def member_registrations(db, member_id):
    """The member's registrations (not deleted), newest first, with their community's
    name."""
    return fetch_all(db, "SELECT r.*, n.name AS community FROM duty_registrations r JOIN"
                         " org_nodes n ON n.id = r.node_id WHERE r.created_by = ? AND"
                         " r.deleted = 0 ORDER BY r.created_at DESC, r.id DESC", [member_id])


def other_approved(db, member_id, keep_id):
    """The member's approved registrations other than keep_id."""
    return fetch_all(db, "SELECT * FROM duty_registrations WHERE created_by = ? AND"
                         " status = 'approved' AND id != ? AND deleted = 0", [member_id, keep_id])


def is_approved_with(db, member_id, node_id):
    """Whether the member's registration with the community node_id is approved."""
    return fetch_value(db, "SELECT 1 FROM duty_registrations WHERE created_by = ? AND"
                           " node_id = ? AND status = 'approved' AND deleted = 0 LIMIT 1",
                       [member_id, node_id]) is not None


REGISTRATION_ORDER = ("r.created_at", "r.id")


def registrations_page(db, scope, status, after_sql, after_params, limit):
    """Registrations with communities in scope (of one status when given), oldest first, at
    most limit, with the member's name and party organisation and the community's name; and
    the total of the whole list."""
    where, params = scope.where("r.node_id")
    clauses, values = [where, "r.deleted = 0"], list(params)
    if status:
        clauses.append("r.status = ?")
        values.append(status)
    condition = " AND ".join(clauses)
    rows = fetch_all(
        db, "SELECT r.*, u.name AS member_name, m.name AS member_org, n.name AS community"
            " FROM duty_registrations r JOIN users u ON u.id = r.created_by JOIN org_nodes m"
            " ON m.id = u.node_id JOIN org_nodes n ON n.id = r.node_id"
            f" WHERE {condition} AND {after_sql} ORDER BY {', '.join(REGISTRATION_ORDER)}"
            " LIMIT ?", [*values, *after_params, limit])
    total = fetch_value(db, f"SELECT count(*) FROM duty_registrations r WHERE {condition}",
                        values)
    return rows, total


def post_row(db, post_id):
    """A post (not deleted), or None."""
    return fetch_one(db, "SELECT * FROM duty_posts WHERE id = ? AND deleted = 0",
                     [str(post_id).lower()])


def post_claims(db, post_id):
    """How many members claim the post."""
    return fetch_value(db, "SELECT count(*) FROM duty_claims WHERE post_id = ? AND"
                           " deleted = 0", [post_id])


def has_claimed(db, post_id, member_id):
    """Whether the member claims the post already."""
    return fetch_value(db, "SELECT 1 FROM duty_claims WHERE post_id = ? AND created_by = ? AND"
                           " deleted = 0", [post_id, member_id]) is not None


def claimed_posts(db, member_id, year):
    """The posts the member claims for year, with their community's name, by title."""
    return fetch_all(db, "SELECT p.id, p.title, p.node_id, n.name AS community, c.id AS"
                         " claim_id FROM duty_claims c JOIN duty_posts p ON p.id = c.post_id"
                         " JOIN org_nodes n ON n.id = p.node_id WHERE c.created_by = ? AND"
                         " c.year = ? AND c.deleted = 0 ORDER BY p.title, p.id",
                     [member_id, year])


def community_posts(db, node_id, year, member_id):
    """A community's posts of year (not deleted), active first then by title, each with how
    many claim it and whether member_id does."""
    return fetch_all(db, "SELECT p.*, (SELECT count(*) FROM duty_claims c WHERE c.post_id ="
                         " p.id AND c.deleted = 0) AS claimed, EXISTS (SELECT 1 FROM duty_claims"
                         " c WHERE c.post_id = p.id AND c.created_by = ? AND c.deleted = 0)"
                         " AS mine FROM duty_posts p WHERE p.node_id = ? AND p.year = ? AND"
                         " p.deleted = 0 ORDER BY p.active DESC, p.title, p.id",
                     [member_id, node_id, year])


def shift_row(db, shift_id):
    """A shift (not deleted), or None."""
    return fetch_one(db, "SELECT * FROM duty_shifts WHERE id = ? AND deleted = 0",
                     [str(shift_id).lower()])


def shift_taken(db, shift_id):
    """(confirmed, waiting) sign-ups of a shift."""
    row = fetch_tuples(db, "SELECT sum(status = 'confirmed'), sum(status = 'waiting') FROM"
                           " duty_signups WHERE shift_id = ? AND deleted = 0", [shift_id])[0]
    return row[0] or 0, row[1] or 0


def shift_signups(db, shift_id, statuses):
    """The shift's sign-ups of the statuses, in order of arrival."""
    return fetch_all(db, f"SELECT * FROM duty_signups WHERE shift_id = ? AND status IN"
                         f" ({','.join('?' * len(statuses))}) AND deleted = 0"
                         " ORDER BY queued, id", [shift_id, *statuses])


def next_queued(db, shift_id):
    """The arrival number of the shift's next sign-up."""
    return fetch_value(db, "SELECT coalesce(max(queued), 0) + 1 FROM duty_signups WHERE"
                           " shift_id = ?", [shift_id])


def community_shifts(db, node_id, start, end, member_id):
    """A community's shifts (not deleted) starting in [start, end) (Beijing times as text),
    earliest first, each with its post's title, how many are confirmed and waiting, and the
    member's own active sign-up (id, status, position, rev) when they hold one."""
    return fetch_all(db, "SELECT s.*, p.title AS post_title, (SELECT count(*) FROM duty_signups g"
                         " WHERE g.shift_id = s.id AND g.status = 'confirmed' AND g.deleted = 0)"
                         " AS taken, (SELECT count(*) FROM duty_signups g WHERE g.shift_id ="
                         " s.id AND g.status = 'waiting' AND g.deleted = 0) AS waiting, m.id AS"
                         " my_signup_id, m.status AS my_status, m.position AS my_position, m.rev AS"
                         " my_rev FROM"
                         " duty_shifts s JOIN duty_posts p ON p.id = s.post_id LEFT JOIN"
                         " duty_signups m ON m.shift_id = s.id AND m.created_by = ? AND"
                         " m.status IN ('confirmed', 'waiting') AND m.deleted = 0 WHERE"
                         " s.node_id = ? AND s.starts_at >= ? AND s.starts_at < ? AND"
                         " s.deleted = 0 ORDER BY s.starts_at, s.id",
                     [member_id, node_id, start, end])


def signup_row(db, signup_id):
    """A sign-up (not deleted), or None."""
    return fetch_one(db, "SELECT * FROM duty_signups WHERE id = ? AND deleted = 0",
                     [str(signup_id).lower()])


def active_signup_for(db, member_id, shift_id):
    """The member's confirmed or waiting sign-up for the shift, or None."""
    return fetch_one(db, "SELECT * FROM duty_signups WHERE created_by = ? AND shift_id = ? AND"
                         " status IN ('confirmed', 'waiting') AND deleted = 0 LIMIT 1",
                     [member_id, shift_id])


def overlapping_signup(db, member_id, starts_at, ends_at, earliest):
    """The member's earliest confirmed or waiting sign-up whose shift overlaps [starts_at,
    ends_at), or None. earliest: no shift starting before it can reach into the window (a
    shift is at most so long), so the index's range stays short."""
    return fetch_one(db, "SELECT * FROM duty_signups WHERE created_by = ? AND starts_at < ? AND"
                         " starts_at > ? AND ends_at > ? AND status IN ('confirmed', 'waiting')"
                         " AND deleted = 0 ORDER BY starts_at LIMIT 1",
                     [member_id, ends_at, earliest, starts_at])


SIGNUP_ORDER = ("g.starts_at", "g.queued", "g.id")


def signups_page(db, scope, shift_id, since, after_sql, after_params, limit):
    """Sign-ups of the shifts in scope (of one shift when given, else of those starting from
    since), by shift and in order of arrival, at most limit, with the member's name and party
    organisation and the post's title; and the total of the whole list."""
    where, params = scope.where("g.node_id")
    clauses, values = [where, "g.deleted = 0"], list(params)
    if shift_id:
        clauses.append("g.shift_id = ?")
        values.append(shift_id)
    else:
        clauses.append("g.starts_at >= ?")
        values.append(since)
    condition = " AND ".join(clauses)
    rows = fetch_all(
        db, "SELECT g.*, u.name AS member_name, m.name AS member_org, p.title AS post_title"
            " FROM duty_signups g JOIN users u ON u.id = g.created_by JOIN org_nodes m ON"
            " m.id = u.node_id JOIN duty_posts p ON p.id = g.post_id"
            f" WHERE {condition} AND {after_sql} ORDER BY {', '.join(SIGNUP_ORDER)} LIMIT ?",
        [*values, *after_params, limit])
    total = fetch_value(db, f"SELECT count(*) FROM duty_signups g WHERE {condition}", values)
    return rows, total


WITHOUT_POST_ORDER = ("u.name", "u.id")


def _without_post_where(year, staff_scope, party_scope):
    """The condition and parameters of the members without a claimed post in year: approved
    with a community in staff_scope, or of a party organisation in party_scope (either may be
    None)."""
    reach, params = [], []
    if staff_scope is not None:
        where, values = staff_scope.where("a.node_id")
        reach.append("EXISTS (SELECT 1 FROM duty_registrations a WHERE a.created_by = u.id AND"
                     f" a.status = 'approved' AND a.deleted = 0 AND {where})")
        params += values
    if party_scope is not None:
        where, values = party_scope.where("u.node_id")
        reach.append(where)
        params += values
    condition = (f"u.active = 1 AND EXISTS (SELECT 1 FROM user_roles ur WHERE ur.user_id = u.id"
                 f" AND ur.role = 'member') AND ({' OR '.join(reach)}) AND NOT EXISTS"
                 " (SELECT 1 FROM duty_claims k WHERE k.created_by = u.id AND k.year = ? AND"
                 " k.deleted = 0)")
    return condition, [*params, year]


def without_post_page(db, year, staff_scope, party_scope, after_sql, after_params, limit):
    """Members who claim no post in year (see _without_post_where), by name, at most limit,
    each with their party organisation and their current registration (approved, else
    pending: its status and community); and the total of the whole list."""
    condition, params = _without_post_where(year, staff_scope, party_scope)
    rows = fetch_all(
        db, "SELECT u.id, u.name, u.node_id, m.name AS member_org, r.id AS registration_id,"
            " r.status AS registration, r.node_id AS community_id, c.name AS community"
            " FROM users u JOIN org_nodes m ON m.id = u.node_id LEFT JOIN duty_registrations r"
            " ON r.id = (SELECT x.id FROM duty_registrations x WHERE x.created_by = u.id AND"
            " x.status IN ('approved', 'pending') AND x.deleted = 0 ORDER BY x.status ="
            " 'approved' DESC, x.created_at DESC LIMIT 1) LEFT JOIN org_nodes c ON c.id ="
            f" r.node_id WHERE {condition} AND {after_sql}"
            f" ORDER BY {', '.join(WITHOUT_POST_ORDER)} LIMIT ?",
        [*params, *after_params, limit])
    total = fetch_value(db, f"SELECT count(*) FROM users u WHERE {condition}", params)
    return rows, total


def settings_row(db, node_id):
    """A community's stored settings, or None when it keeps the defaults."""
    return fetch_one(db, "SELECT * FROM duty_settings WHERE node_id = ?", [node_id])


def save_settings(db, row):
    """Store a community's settings (node_id, signup_cutoff_hours, checkin_tolerance_minutes,
    updated_by, updated_at)."""
    execute(db, "INSERT INTO duty_settings (node_id, signup_cutoff_hours,"
                " checkin_tolerance_minutes, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT(node_id) DO UPDATE SET signup_cutoff_hours ="
                " excluded.signup_cutoff_hours, checkin_tolerance_minutes ="
                " excluded.checkin_tolerance_minutes, updated_by = excluded.updated_by,"
                " updated_at = excluded.updated_at",
            [row["node_id"], row["signup_cutoff_hours"], row["checkin_tolerance_minutes"],
             row["updated_by"], row["updated_at"]])


def user_name(db, user_id):
    """An account's name, or None."""
    return fetch_value(db, "SELECT name FROM users WHERE id = ?", [user_id])


def member_signups_from(db, member_id, node_id, since):
    """The member's confirmed or waiting sign-ups for shifts of the community node_id that
    start after since."""
    return fetch_all(db, "SELECT * FROM duty_signups WHERE created_by = ? AND starts_at > ? AND"
                         " node_id = ? AND status IN ('confirmed', 'waiting') AND deleted = 0"
                         " ORDER BY starts_at", [member_id, since, node_id])
