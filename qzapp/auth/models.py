"""The signed-in user as flask-login sees it, and the role guard."""
import functools

from flask import abort
from flask_login import UserMixin, current_user

from ..db import fetch_one, get_db
from . import login_manager
from .scope import Scope


class User(UserMixin):
    """An active account with its roles and org node."""

    def __init__(self, row, roles, node):
        self.row = row
        self.id = row["id"]
        self.roles = frozenset(roles)
        self.node = node

    def get_id(self):
        """Session id: user id plus a token that a password reset or deactivation changes."""
        return f"{self.id}.{self.row['session_token']}"

    @functools.cached_property
    def scope(self):
        """The subtree this user may see."""
        return Scope(self.node["id"], self.node["path"])

    def has_role(self, *roles):
        """True when the user holds any of roles."""
        return bool(self.roles.intersection(roles))


def load_user_row(db, user_id):
    """Build a User from the database, or None (plain reads: this runs on every request)."""
    row = fetch_one(db, "SELECT * FROM users WHERE id = ?", [user_id])
    if row is None:
        return None
    roles = [r[0] for r in db.conn.execute(
        "SELECT role FROM user_roles WHERE user_id = ? ORDER BY role", [user_id])]
    node = fetch_one(db, "SELECT * FROM org_nodes WHERE id = ?", [row["node_id"]])
    return User(row, roles, node)


@login_manager.user_loader
def _load_user(session_id):
    user_id, _, token = session_id.partition(".")
    if not user_id.isdigit():
        return None
    user = load_user_row(get_db(), int(user_id))
    if user is None or not user.row["active"] or user.row["session_token"] != token:
        return None
    return user


@login_manager.unauthorized_handler
def _unauthorized():
    abort(401)


def current_scope():
    """The signed-in user's scope (call only behind login_required)."""
    return current_user.scope


def roles_required(*roles):
    """Allow the view only to signed-in users holding one of roles (else 401/403)."""
    def decorator(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                abort(401)
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)
        return wrapped
    return decorator
