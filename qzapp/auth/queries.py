"""The SQL of accounts: users, their roles and nodes, passwords and sign-ins."""
from ..clock import now_iso
from ..db import execute, fetch_all, fetch_one, fetch_tuples


def user_by_id(db, user_id):
    """The users row of an account, or None."""
    return fetch_one(db, "SELECT * FROM users WHERE id = ?", [user_id])


def user_by_username(db, username):
    """The users row of the account called username, or None."""
    return fetch_one(db, "SELECT * FROM users WHERE username = ?", [username])


def roles_of(db, user_id):
    """The roles an account holds, in order."""
    return [role for (role,) in fetch_tuples(
        db, "SELECT role FROM user_roles WHERE user_id = ? ORDER BY role", [user_id])]


def active_users_at(db, node_id, roles):
    """The ids of the active accounts on node_id holding any of roles."""
    roles = sorted(roles)
    return [user_id for (user_id,) in fetch_tuples(
        db, "SELECT DISTINCT u.id FROM users u JOIN user_roles r ON r.user_id = u.id WHERE"
        f" u.node_id = ? AND u.active = 1 AND r.role IN ({','.join('?' * len(roles))})",
        [node_id, *roles])]


def active_users_under(db, path, roles, q=None, limit=50):
    """Active accounts on the subtree at path holding any of roles, named like q when given
    (by name or username), by name: {id, name, node_id, node_name}."""
    roles = sorted(roles)
    where, params = "", []
    if q:
        like = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        where = " AND (u.name LIKE ? ESCAPE '\\' OR u.username LIKE ? ESCAPE '\\')"
        params = [like, like]
    return fetch_all(
        db, "SELECT u.id, u.name, u.node_id, n.name AS node_name FROM users u JOIN org_nodes n"
        " ON n.id = u.node_id WHERE n.path >= ? AND n.path < ? AND u.active = 1 AND EXISTS"
        " (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role IN"
        f" ({','.join('?' * len(roles))})){where} ORDER BY u.name, u.id LIMIT ?",
        [path, path[:-1] + "0", *roles, *params, limit])


def node_by_id(db, node_id):
    """The org_nodes row of a node, or None."""
    return fetch_one(db, "SELECT * FROM org_nodes WHERE id = ?", [node_id])


def node_names(db, node_ids):
    """{node id: name} of the nodes named by node_ids."""
    return dict(fetch_tuples(
        db, f"SELECT id, name FROM org_nodes WHERE id IN ({','.join('?' * len(node_ids))})",
        node_ids))


def store_password(db, user_id, password_hash, session_token, must_change):
    """Store an account's new password hash and session token (signing it out)."""
    execute(db, "UPDATE users SET password_hash = ?, session_token = ?, must_change_password = ?,"
            " updated_at = ? WHERE id = ?",
            [password_hash, session_token, int(must_change), now_iso(), user_id])


def record_login(db, user_id):
    """Note the time of an account's sign-in."""
    execute(db, "UPDATE users SET last_login_at = ? WHERE id = ?", [now_iso(), user_id])
