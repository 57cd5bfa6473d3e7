"""The SQL of leaders' grassroots work."""
from ..db import execute, execute_many, fetch_all, fetch_one, fetch_tuples, fetch_value

_LIVE = "deleted = 0"


# --- Documents ---------------------------------------------------------------------------------

def document_sent_by(db, user_id, sha):
    return fetch_value(db, "SELECT 1 FROM document_owners WHERE user_id = ? AND sha256 = ?",
                       [user_id, sha]) is not None


def document(db, sha):
    """A document's row (sha256, kind, bytes), or None."""
    return fetch_one(db, "SELECT sha256, kind, bytes FROM documents WHERE sha256 = ?", [sha])


def record_document(db, row):
    execute(db, "INSERT INTO documents (sha256, kind, bytes, created_by, created_at)"
            " VALUES (:sha256, :kind, :bytes, :created_by, :created_at)"
            " ON CONFLICT (sha256) DO NOTHING", row)
    execute(db, "INSERT OR IGNORE INTO document_owners (sha256, user_id) VALUES (?, ?)",
            [row["sha256"], row["created_by"]])


def reports_naming(db, sha):
    """The live reports that name a document: (created_by, node_id, document_name)."""
    return fetch_all(db, "SELECT created_by, node_id, document_name FROM research_reports"
                     f" WHERE document = ? AND {_LIVE}", [sha])


# --- A leader's records ------------------------------------------------------------------------

def own_visits(db, user_id, ids):
    """The ids among ids of the leader's live research visits."""
    marks = ",".join("?" * len(ids))
    return [r["id"] for r in fetch_all(
        db, f"SELECT id FROM research_visits WHERE created_by = ? AND id IN ({marks})"
        f" AND {_LIVE}", [user_id, *ids])]


def _users(ids):
    return ",".join("?" * len(ids))


def logged_days(db, user_ids, first, last, days_only=False):
    """The leaders' logged days from first to last: (created_by, day, id, place); days_only:
    each (created_by, day) once, as tuples."""
    columns = "DISTINCT created_by, day" if days_only else "created_by, day, id, place"
    return (fetch_tuples if days_only else fetch_all)(
        db, f"SELECT {columns} FROM grassroots_days WHERE"
        f" created_by IN ({_users(user_ids)}) AND day >= ? AND day <= ?"
        f" AND {_LIVE}", [*user_ids, first, last])


def visits_between(db, user_ids, first, last):
    """The leaders' research visits that touch the days from first to last."""
    return fetch_all(db, "SELECT * FROM research_visits WHERE"
                     f" created_by IN ({_users(user_ids)}) AND starts_on <= ? AND ends_on >= ?"
                     f" AND {_LIVE} ORDER BY starts_on", [*user_ids, last, first])


def receptions_between(db, user_ids, first, last):
    """The leaders' receptions starting on the days from first to last."""
    return fetch_all(db, "SELECT * FROM receptions WHERE"
                     f" created_by IN ({_users(user_ids)}) AND starts_at >= ? AND starts_at < ?"
                     f" AND {_LIVE} ORDER BY starts_at", [*user_ids, first, f"{last}T24"])


def visits(db, user_id, year):
    """The leader's research visits that touch a year (a visit over New Year touches two)."""
    return visits_between(db, [user_id], f"{year}-01-01", f"{year}-12-31")


def receptions(db, user_id, year):
    """The leader's receptions of a year, by when they start."""
    return receptions_between(db, [user_id], f"{year}-01-01", f"{year}-12-31")


def reports(db, user_id, year):
    return fetch_all(db, "SELECT * FROM research_reports WHERE created_by = ? AND year = ?"
                     f" AND {_LIVE} ORDER BY created_at", [user_id, year])


# --- Leaders, contact points, targets ----------------------------------------------------------

def leader(db, user_id):
    """A leader's account with their node (id, name, node_id, node_name, level, path), or
    None when the account holds no leader role."""
    return fetch_one(
        db, "SELECT u.id, u.name, u.node_id, n.name AS node_name, n.kind AS level, n.path"
        " FROM users u JOIN org_nodes n ON n.id = u.node_id JOIN user_roles r"
        " ON r.user_id = u.id AND r.role = 'leader' WHERE u.id = ?", [user_id])


# The leaders' list's order, and the key a page's cursor holds.
LEADER_ORDER = ("n.path", "u.name", "u.id")
_LEADERS = ("FROM user_roles r CROSS JOIN users u ON u.id = r.user_id JOIN org_nodes n"
            " ON n.id = u.node_id WHERE r.role = 'leader' AND u.active = 1 AND n.path >= ?"
            " AND n.path < ?")


def leaders_page(db, scope, after, params, limit):
    """Active leaders whose node lies in scope, in LEADER_ORDER after a cursor; with how many
    there are in all."""
    low, high = scope.path_range()
    rows = fetch_all(db, "SELECT u.id, u.name, u.node_id, n.name AS node_name, n.kind AS level,"
                     f" n.path {_LEADERS} AND {after} ORDER BY n.path, u.name, u.id LIMIT ?",
                     [low, high, *params, limit])
    return rows, fetch_value(db, f"SELECT count(*) {_LEADERS}", [low, high])


def contacts(db, user_id):
    """A leader's contact points: (node_id, name, kind, path, assigned_at)."""
    return fetch_all(db, "SELECT c.node_id, n.name, n.kind, n.path, c.assigned_at"
                     " FROM leader_contacts c JOIN org_nodes n ON n.id = c.node_id"
                     " WHERE c.user_id = ? ORDER BY n.path", [user_id])


def replace_contacts(db, user_id, node_ids, by, at):
    """Set a leader's contact points: those named stay (with their first date), others go."""
    marks = ",".join("?" * len(node_ids)) or "NULL"
    execute(db, f"DELETE FROM leader_contacts WHERE user_id = ? AND node_id NOT IN ({marks})",
            [user_id, *node_ids])
    execute_many(db, "INSERT OR IGNORE INTO leader_contacts (user_id, node_id, assigned_by,"
                 " assigned_at) VALUES (?, ?, ?, ?)",
                 [(user_id, node_id, by, at) for node_id in node_ids])


def target_rows(db, path, level):
    """The settings for leaders of level on the nodes of a path (its ancestors and itself),
    deepest first."""
    ids = [int(part) for part in path.strip("/").split("/") if part]
    marks = ",".join("?" * len(ids))
    return fetch_all(
        db, "SELECT t.*, n.depth FROM leader_targets t JOIN org_nodes n ON n.id = t.node_id"
        f" WHERE t.level = ? AND t.node_id IN ({marks}) ORDER BY n.depth DESC", [level, *ids])


def targets_at(db, node_id):
    """The settings made on a node, by level."""
    return {r["level"]: r for r in fetch_all(
        db, "SELECT * FROM leader_targets WHERE node_id = ?", [node_id])}


def save_target(db, row):
    execute(db, "INSERT INTO leader_targets (node_id, level, days_per_year, receptions_per_month,"
            " updated_by, updated_at) VALUES (:node_id, :level, :days_per_year,"
            " :receptions_per_month, :updated_by, :updated_at) ON CONFLICT (node_id, level)"
            " DO UPDATE SET days_per_year = excluded.days_per_year, receptions_per_month ="
            " excluded.receptions_per_month, updated_by = excluded.updated_by,"
            " updated_at = excluded.updated_at", row)


def board_receptions(db, place_ids, after, until, limit):
    """The public receptions still planned at any of place_ids starting in [after, until),
    soonest first, with their leader's name and unit."""
    marks = ",".join("?" * len(place_ids))
    return fetch_all(
        db, "SELECT r.id, r.rev, r.kind, r.starts_at, r.place, r.topic, u.name AS leader_name,"
        " n.name AS unit FROM receptions r JOIN users u ON u.id = r.created_by"
        " JOIN org_nodes n ON n.id = r.node_id WHERE r.place_node_id IN"
        f" ({marks}) AND r.public = 1 AND r.status = 'planned' AND r.deleted = 0"
        " AND r.starts_at >= ? AND r.starts_at < ? ORDER BY r.starts_at LIMIT ?",
        [*place_ids, after, until, limit])


def leaders_in(db, scope):
    """Every active leader whose node lies in scope, in tree order."""
    low, high = scope.path_range()
    return fetch_all(db, "SELECT u.id, u.name, u.node_id, n.name AS node_name, n.kind AS level,"
                     f" n.path {_LEADERS} ORDER BY n.path, u.name, u.id", [low, high])


def leaders_among(db, user_ids):
    """The active leaders among accounts (rows as leader() gives them)."""
    found = []
    for start in range(0, len(user_ids), 500):
        part = user_ids[start:start + 500]
        found += fetch_all(
            db, "SELECT u.id, u.name, u.node_id, n.name AS node_name, n.kind AS level, n.path"
            " FROM user_roles r CROSS JOIN users u ON u.id = r.user_id JOIN org_nodes n"
            " ON n.id = u.node_id WHERE r.role = 'leader' AND u.active = 1"
            f" AND r.user_id IN ({_users(part)})", part)
    return found


def node_kind(db, node_id):
    """The kind of a node, or None."""
    return fetch_value(db, "SELECT kind FROM org_nodes WHERE id = ?", [node_id])
