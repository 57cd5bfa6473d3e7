"""The signed-in user as flask-login sees it, and the role guard."""
import functools

from flask import abort, request
from flask_login import UserMixin, current_user

from ..db import get_db
from ..errors import ApiError
from ..i18n import t
from ..validate import INT_MAX
from . import login_manager, queries
from .scope import Scope
from .sessions import session_is_open


class User(UserMixin):
    """An active account with its roles and org node."""

    def __init__(self, row, roles, node, sid=None):
        self.row = row
        self.id = row["id"]
        self.roles = frozenset(roles)
        self.node = node
        self.sid = sid   # the sign-in session (user_sessions.id) this request belongs to

    def get_id(self):
        """Login id: user id, a token that a password reset or deactivation changes, and the
        sign-in session that logging out ends."""
        return f"{self.id}.{self.row['session_token']}.{self.sid}"

    @functools.cached_property
    def scope(self):
        """The subtree this user may see."""
        return Scope(self.node["id"], self.node["path"])

    def has_role(self, *roles):
        """True when the user holds any of roles."""
        return bool(self.roles.intersection(roles))


def load_user_row(db, user_id):
    """Build a User from the database, or None (plain reads: this runs on every request)."""
    row = queries.user_by_id(db, user_id)
    if row is None:
        return None
    return User(row, queries.roles_of(db, user_id), queries.node_by_id(db, row["node_id"]))


@login_manager.user_loader
def _load_user(login_id):
    user_id, token, sid = [*login_id.split("."), "", ""][:3]
    if not (user_id.isascii() and user_id.isdigit()) or int(user_id) > INT_MAX:
        return None
    db = get_db()
    user = load_user_row(db, int(user_id))
    if user is None or not user.row["active"] or user.row["session_token"] != token \
            or not session_is_open(db, user.id, sid):
        return None
    user.sid = sid
    return user


@login_manager.unauthorized_handler
def _unauthorized():
    abort(401)


# What an account that must change its password may still do on the server.
PASSWORD_CHANGE_ENDPOINTS = frozenset({"auth.login", "auth.logout", "auth.me",
                                       "auth.change_password"})


def require_password_change():
    """Before every request: an account that must change its password can do nothing else
    until it has (the phone asks for the change too, but the server is the judge)."""
    if request.endpoint in PASSWORD_CHANGE_ENDPOINTS or request.blueprint == "shell":
        return
    if current_user.is_authenticated and current_user.row["must_change_password"]:
        raise ApiError(403, t("error.password_change_required"), "password_change_required")


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
