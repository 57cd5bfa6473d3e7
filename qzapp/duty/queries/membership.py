"""The SQL of registrations, posts, claims, shifts, sign-ups and settings (membership.py,
posts.py, shifts.py, signups.py, settings.py, community.py); a registration's, claim's and
sign-up's member is its created_by."""
from ...db import execute, execute_many, fetch_all, fetch_one, fetch_tuples, fetch_value  # noqa: F401


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
    # From the holders of the role (an index of them), not from every account.
    condition = (f"u.active = 1 AND u.id IN (SELECT ur.user_id FROM user_roles ur"
                 f" WHERE ur.role = 'member') AND ({' OR '.join(reach)}) AND NOT EXISTS"
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


def members_without_post(db, year, party_scope):
    """The members of the party organisations in scope who claim no post in year: (id, name,
    node_id), by name (the dashboards count them where their account is)."""
    condition, params = _without_post_where(year, None, party_scope)
    return fetch_all(db, f"SELECT u.id, u.name, u.node_id FROM users u WHERE {condition}"
                         " ORDER BY u.name, u.id", params)
