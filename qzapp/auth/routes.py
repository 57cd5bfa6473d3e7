"""Login, logout, the current account and password change."""
from flask import current_app, request, session
from flask_login import current_user, login_required, login_user, logout_user

from ..db import get_db, immediate
from ..errors import ApiError, invalid, ok
from ..i18n import t
from ..validate import Bool, Str, json_body, validate
from . import bp, queries, service, sessions, throttle
from .models import load_user_row

LOGIN = {"username": Str(max_len=64), "password": Str(max_len=256),
         "remember": Bool(required=False, default=True)}
PASSWORD_CHANGE = {"old_password": Str(max_len=256), "new_password": Str(max_len=256)}


def _client_address():
    return request.remote_addr or "unknown"


def _refuse_if_throttled(db, username):
    """A 429 while the account or this address has failed too often lately."""
    wait = throttle.retry_after(db, username, _client_address())
    if wait:
        minutes = (wait + 59) // 60
        raise ApiError(429, t("error.login_rate_limited", minutes=minutes), "rate_limited",
                       retry_after=wait)


def _sign_in(db, user_id, remember):
    """Open a sign-in session for the account and hand this browser its cookies."""
    with immediate(db):
        sid = sessions.open_session(db, user_id, current_app.config["REMEMBER_DAYS"])
        queries.record_login(db, user_id)
    user = load_user_row(db, user_id)
    user.sid = sid
    session.permanent = remember
    login_user(user, remember=remember)
    return user


@bp.post("/login")
def login():
    """Sign in with username and password; remembered for 30 days by default. A deactivated
    account is answered exactly as a wrong password is."""
    data = validate(json_body(), LOGIN)
    db = get_db()
    _refuse_if_throttled(db, data["username"])
    row = service.authenticate(db, data["username"], data["password"])
    if row is None or not row["active"]:
        throttle.record_failure(db, data["username"], _client_address())
        raise ApiError(401, t("error.login_failed"), "login_failed")
    throttle.clear_account(db, data["username"])
    user = _sign_in(db, row["id"], data["remember"])
    return ok(user=service.user_json(db, user))


@bp.post("/logout")
def logout():
    """Sign out of this browser: its session ends on the server too."""
    if current_user.is_authenticated and current_user.sid:
        db = get_db()
        with immediate(db):
            sessions.end_session(db, current_user.sid)
    logout_user()
    return ok()


@bp.get("/me")
@login_required
def me():
    """The signed-in account."""
    return ok(user=service.user_json(get_db(), current_user))


@bp.post("/password")
@login_required
def change_password():
    """Change one's own password, given the old one (wrong guesses throttled like logins);
    every other session of the account ends."""
    data = validate(json_body(), PASSWORD_CHANGE)
    db, username = get_db(), current_user.row["username"]
    _refuse_if_throttled(db, username)
    if service.authenticate(db, username, data["old_password"]) is None:
        throttle.record_failure(db, username, _client_address())
        raise invalid("old_password", t("field.wrong_password"))
    service.check_new_password(data["new_password"], "new_password")
    with immediate(db):
        service.set_password(db, current_user.id, data["new_password"], must_change=False)
    _sign_in(db, current_user.id, remember=True)
    return ok()
