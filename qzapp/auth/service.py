"""Passwords, authentication and the account as the API shows it."""
import re
import secrets

from werkzeug.security import check_password_hash, generate_password_hash

from ..errors import invalid
from ..i18n import t
from . import queries
from .sessions import end_all_sessions

# A hash of a random password: unknown usernames cost as much time as known ones.
_DUMMY_HASH = generate_password_hash(secrets.token_hex(8))
MIN_PASSWORD_LENGTH = 8
# werkzeug's scrypt; the test suite lowers the cost to keep thousands of logins quick.
HASH_METHOD = "scrypt"


def hash_password(password):
    """A salted hash of a password."""
    return generate_password_hash(password, method=HASH_METHOD)


def password_problem(password):
    """None when the password is acceptable, else the reason."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return t("field.password_too_short", min=MIN_PASSWORD_LENGTH)
    if not (re.search(r"[A-Za-z]", password) and re.search(r"\d", password)):
        return t("field.password_too_simple")
    return None


def check_new_password(password, field="password"):
    """Raise a 400 naming the field when the password is too weak."""
    problem = password_problem(password)
    if problem:
        raise invalid(field, problem)


def generate_password():
    """A temporary password that is easy to read out over the phone."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    while True:
        candidate = "".join(secrets.choice(alphabet) for _ in range(10))
        if password_problem(candidate) is None:
            return candidate


def new_session_token():
    """A fresh token; changing it signs the account out everywhere."""
    return secrets.token_urlsafe(16)


def authenticate(db, username, password):
    """The user row for a correct password, or None; same cost either way."""
    row = queries.user_by_username(db, username)
    if row is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return row if check_password_hash(row["password_hash"], password) else None


def set_password(db, user_id, password, must_change):
    """Store a new password and sign the account out of every session."""
    end_all_sessions(db, user_id)
    queries.store_password(db, user_id, hash_password(password), new_session_token(),
                           must_change)


def node_path_names(db, node):
    """Names of the node's ancestors and itself, root first."""
    ids = [int(part) for part in node["path"].strip("/").split("/")]
    names = queries.node_names(db, ids)
    return [names[i] for i in ids]


def user_json(db, user):
    """The signed-in account as the PWA needs it."""
    node = user.node
    return {
        "id": user.id,
        "username": user.row["username"],
        "name": user.row["name"],
        "roles": sorted(user.roles),
        "must_change_password": bool(user.row["must_change_password"]),
        "node": {"id": node["id"], "name": node["name"], "kind": node["kind"],
                 "path_names": node_path_names(db, node)},
    }
