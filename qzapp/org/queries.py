"""The SQL of the org tree and its accounts: reads within a scope, and the rows the
administration writes."""
from .. import paging
from ..db import execute, execute_many, fetch_all, fetch_one, fetch_value, insert, update
from ..privacy import mask_phone

USER_COLUMNS = (
    "u.id, u.username, u.name, u.phone, u.node_id, n.name AS node_name, u.active,"
    " u.must_change_password, u.created_at, u.last_login_at,"
    " (SELECT group_concat(role) FROM (SELECT role FROM user_roles WHERE user_id = u.id"
    "  ORDER BY role)) AS roles"
)


def nodes_page(db, scope, page, include_inactive=False):
    """A page of the scope's nodes in tree order (by path); with whether more follow, the
    next cursor and how many there are in all."""
    where = "1" if include_inactive else "active = 1"
    after, after_params = paging.after_sql(("path",), page)
    low, high = scope.path_range()
    rows = fetch_all(db, f"SELECT * FROM org_nodes WHERE path >= ? AND path < ? AND {where}"
                         f" AND {after} ORDER BY path LIMIT ?",
                     [low, high, *after_params, page.limit + 1])
    total = count_in_scope(db, scope, "org_nodes", where, column="id")
    return paging.answer(rows, page, lambda r: (r["path"],), total)


def as_public(row):
    """Normalise a users query row: roles as a list, flags as booleans."""
    return {**row, "roles": row["roles"].split(",") if row["roles"] else [],
            "active": bool(row["active"]),
            "must_change_password": bool(row["must_change_password"])}


def public_user(db, user_id):
    """An account as administrators see it: no hash, no token, roles listed."""
    return as_public(fetch_one(db, f"SELECT {USER_COLUMNS} FROM users u JOIN org_nodes n"
                                   " ON n.id = u.node_id WHERE u.id = ?", [user_id]))


# The accounts list's order, and the key a page's cursor holds.
USER_ORDER = ("n.path", "u.username", "u.id")


def users_page(db, scope, page, q=None, active=None, reveal_phones=True):
    """A page of the accounts in scope (narrow the scope to list one node's subtree) matching
    q, in tree order; with whether more follow, the next cursor and the total."""
    where, params = _users_where(scope, q, active, reveal_phones)
    after, after_params = paging.after_sql(USER_ORDER, page)
    rows = fetch_all(
        db, f"SELECT {USER_COLUMNS}, n.path AS _path FROM users u JOIN org_nodes n"
        f" ON n.id = u.node_id WHERE {where} AND {after} ORDER BY {', '.join(USER_ORDER)}"
        f" LIMIT ?", [*params, *after_params, page.limit + 1])
    total = fetch_value(db, f"SELECT count(*) FROM users u JOIN org_nodes n ON"
                            f" n.id = u.node_id WHERE {where}", params)
    listed = paging.answer(rows, page, lambda r: (r["_path"], r["username"], r["id"]), total)
    listed["items"] = [_shown(r, reveal_phones) for r in listed["items"]]
    return listed


def _shown(row, reveal_phones):
    """A users row as the list shows it: public, the phone masked for a supervisor."""
    user = as_public({k: v for k, v in row.items() if k != "_path"})
    if not reveal_phones:
        user["phone"] = mask_phone(user["phone"])
    return user


def _users_where(scope, q, active, reveal_phones):
    """The WHERE of an accounts list, with its parameters."""
    scope_sql, params = scope.where("u.node_id")
    clauses = [scope_sql]
    if q:   # phones only for readers who see them in full: a masked field is no search key
        searched = ("u.username", "u.name", *(("u.phone",) if reveal_phones else ()))
        clauses.append("(" + " OR ".join(f"{column} LIKE ?" for column in searched) + ")")
        params += [f"%{q}%"] * len(searched)
    if active is not None:
        clauses.append("u.active = ?")
        params.append(int(active))
    return " AND ".join(clauses), params


def count_in_scope(db, scope, table, where="1", column="node_id"):
    """How many rows of table lie in scope."""
    scope_sql, params = scope.where(column)
    return fetch_value(db, f"SELECT count(*) FROM [{table}] WHERE {scope_sql} AND ({where})",
                       params)


def node(db, node_id):
    """The org_nodes row of a node, or None."""
    return fetch_one(db, "SELECT * FROM org_nodes WHERE id = ?", [node_id])


def first_node_named(db, name):
    """The first node called name, anywhere in the tree, or None."""
    return fetch_one(db, "SELECT * FROM org_nodes WHERE name = ?", [name])


def tree_is_empty(db):
    """Whether the org tree has no node yet."""
    return fetch_value(db, "SELECT 1 FROM org_nodes") is None


def has_accounts(db):
    """Whether any account exists."""
    return fetch_value(db, "SELECT 1 FROM users") is not None


def active_nodes_in_scope_by(db, scope, column, value):
    """Active nodes in scope whose code or name (column) equals value."""
    assert column in ("code", "name")
    low, high = scope.path_range()
    return fetch_all(db, f"SELECT * FROM org_nodes WHERE {column} = ? AND active = 1"
                         " AND path >= ? AND path < ?", [value, low, high])


def sibling_named(db, parent_id, name):
    """Whether a node called name hangs under parent_id (None: among the roots)."""
    return fetch_value(db, "SELECT 1 FROM org_nodes WHERE parent_id IS ? AND name = ?",
                       [parent_id, name]) is not None


def code_taken(db, code, other_than=None):
    """Whether a node other than other_than (a node id) has this code."""
    return fetch_value(db, "SELECT 1 FROM org_nodes WHERE code = ? AND id IS NOT ?",
                       [code, other_than]) is not None


def node_in_use(db, node_id):
    """Whether a node has active child nodes or active accounts."""
    return fetch_value(db, "SELECT 1 FROM org_nodes WHERE parent_id = ? AND active = 1"
                           " UNION ALL SELECT 1 FROM users WHERE node_id = ? AND active = 1",
                       [node_id, node_id]) is not None


def insert_node(db, row):
    """Insert an org node (its path to be set once its id is known); returns its id."""
    return insert(db, "org_nodes", row)


def set_node_path(db, node_id, path):
    """Store a new node's path (its ancestors' ids and its own, known once inserted)."""
    execute(db, "UPDATE org_nodes SET path = ? WHERE id = ?", [path, node_id])


def update_node(db, node_id, changes):
    """Change the columns of a node that changes names."""
    update(db, "org_nodes", node_id, changes)


def username_taken(db, username):
    """Whether an account is called username."""
    return fetch_value(db, "SELECT 1 FROM users WHERE username = ?", [username]) is not None


def insert_user(db, row):
    """Insert an account (its roles apart); returns its id."""
    return insert(db, "users", row)


def update_user(db, user_id, changes):
    """Change the columns of an account that changes names."""
    update(db, "users", user_id, changes)


def set_roles(db, user_id, roles):
    """Make roles the account's roles."""
    execute(db, "DELETE FROM user_roles WHERE user_id = ?", [user_id])
    execute_many(db, "INSERT INTO user_roles (user_id, role) VALUES (?, ?)",
                 [(user_id, role) for role in roles])
