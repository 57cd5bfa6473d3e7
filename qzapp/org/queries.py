"""Reads of the org tree and accounts, always within a scope."""
from ..auth.scope import scoped_rows
from ..privacy import mask_phone

USER_COLUMNS = (
    "u.id, u.username, u.name, u.phone, u.node_id, n.name AS node_name, u.active,"
    " u.must_change_password, u.created_at, u.last_login_at,"
    " (SELECT group_concat(role) FROM (SELECT role FROM user_roles WHERE user_id = u.id"
    "  ORDER BY role)) AS roles"
)


def nodes_in_scope(db, scope, include_inactive=False):
    """The scope's nodes in tree order (by path)."""
    where = "1" if include_inactive else "active = 1"
    return scoped_rows(db, scope, "org_nodes", where, order_by="path", column="id")


def as_public(row):
    """Normalise a users query row: roles as a list, flags as booleans."""
    return {**row, "roles": row["roles"].split(",") if row["roles"] else [],
            "active": bool(row["active"]),
            "must_change_password": bool(row["must_change_password"])}


def public_user(db, user_id):
    """An account as administrators see it: no hash, no token, roles listed."""
    row = next(db.query(f"SELECT {USER_COLUMNS} FROM users u JOIN org_nodes n"
                        " ON n.id = u.node_id WHERE u.id = ?", [user_id]))
    return as_public(row)


def users_in_scope(db, scope, q=None, active=None, reveal_phones=True):
    """Accounts in scope (narrow the scope to list one node's subtree), matching q."""
    scope_sql, params = scope.where("u.node_id")
    clauses = [scope_sql]
    if q:   # phones only for readers who see them in full: a masked field is no search key
        searched = ("u.username", "u.name", *(("u.phone",) if reveal_phones else ()))
        clauses.append("(" + " OR ".join(f"{column} LIKE ?" for column in searched) + ")")
        params += [f"%{q}%"] * len(searched)
    if active is not None:
        clauses.append("u.active = ?")
        params.append(int(active))
    rows = db.query(
        f"SELECT {USER_COLUMNS} FROM users u JOIN org_nodes n ON n.id = u.node_id"
        f" WHERE {' AND '.join(clauses)} ORDER BY n.path, u.username", params)
    users = [as_public(r) for r in rows]
    if not reveal_phones:
        for user in users:
            user["phone"] = mask_phone(user["phone"])
    return users


def count_in_scope(db, scope, table, where="1", column="node_id"):
    """How many rows of table lie in scope."""
    scope_sql, params = scope.where(column)
    return db.execute(f"SELECT count(*) FROM [{table}] WHERE {scope_sql} AND ({where})",
                      params).fetchone()[0]
