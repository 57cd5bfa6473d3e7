"""Scope: a user sees their org node's subtree and nothing else.

Every query that lists or reads scoped data takes its WHERE clause from here, so the
rule lives in one place. Rows name their org node in a `node_id` column; a node's
`path` is its ancestors' ids, "/1/5/12/", so a subtree is a range of paths.
"""
from dataclasses import dataclass, field

from flask import request

from ..db import fetch_all, fetch_one, fetch_value
from ..errors import ApiError, invalid
from ..i18n import t
from ..validate import INT_MAX


@dataclass(frozen=True)
class Scope:
    """The subtree under one org node."""

    node_id: int
    path: str
    # Paths of nodes looked up by contains(), kept for the life of the request's user.
    _paths: dict = field(default_factory=dict, compare=False, repr=False)

    def path_range(self):
        """[low, high) bounds of the paths in this subtree ('/' sorts just before '0')."""
        return self.path, self.path[:-1] + "0"

    def nodes_sql(self):
        """SQL selecting the ids of the nodes in this subtree, with its parameters."""
        return "SELECT id FROM org_nodes WHERE path >= ? AND path < ?", list(self.path_range())

    def where(self, column="node_id"):
        """A WHERE fragment keeping rows whose column names a node in this subtree."""
        sql, params = self.nodes_sql()
        return f"{column} IN ({sql})", params

    def contains_path(self, path):
        """True when a node with this path lies in the subtree."""
        return path.startswith(self.path)

    def node_path(self, db, node_id):
        """The path of node_id (None for no such node), looked up once per user."""
        if node_id not in self._paths:
            self._paths[node_id] = fetch_value(db, "SELECT path FROM org_nodes WHERE id = ?",
                                               [node_id])
        return self._paths[node_id]

    def contains(self, db, node_id):
        """True when node_id is a node in the subtree."""
        path = self.node_path(db, node_id)
        return path is not None and self.contains_path(path)


def scoped_rows(db, scope, table, where="1", params=(), order_by="rowid", column="node_id"):
    """Rows of table in scope, further filtered by where."""
    scope_sql, scope_params = scope.where(column)
    return fetch_all(
        db, f"SELECT * FROM [{table}] WHERE {scope_sql} AND ({where}) ORDER BY {order_by}",
        [*scope_params, *params],
    )


def scoped_get(db, scope, table, pk, column="node_id", pk_column="id"):
    """One row of table in scope; 404 when missing or outside the scope alike."""
    rows = scoped_rows(db, scope, table, f"[{pk_column}] = ?", [pk], column=column)
    if not rows:
        raise ApiError(404, t("error.not_found"), "not_found")
    return rows[0]


def requested_subtree(db, scope, name="node_id"):
    """The Scope under the node a ?node_id= argument names (inside scope: a 404 outside),
    or None when the argument is absent."""
    raw = request.args.get(name)
    if not raw:
        return None
    if not raw.isascii() or not raw.isdigit() or int(raw) > INT_MAX:
        raise invalid(name, t("field.not_integer"))
    node = scoped_get(db, scope, "org_nodes", int(raw), column="id")
    return Scope(node["id"], node["path"])


def require_node_in_scope(db, scope, node_id, field="node_id"):
    """Raise a 400 naming the field unless node_id is an active node in scope."""
    row = fetch_one(db, "SELECT path, active FROM org_nodes WHERE id = ?", [node_id])
    if row is None or not scope.contains_path(row["path"]) or not row["active"]:
        raise invalid(field, t("field.node_out_of_scope"))
