"""Login, logout, the current account and password change."""
from flask import request, session
from flask_login import current_user, login_required, login_user, logout_user

from ..clock import now_iso
from ..db import get_db
from ..errors import ApiError, invalid, ok
from ..i18n import t
from ..validate import Bool, Str, json_body, validate
from . import bp, service, throttle
from .models import load_user_row

LOGIN = {"username": Str(max_len=64), "password": Str(max_len=256),
         "remember": Bool(required=False, default=True)}
PASSWORD_CHANGE = {"old_password": Str(max_len=256), "new_password": Str(max_len=256)}


@bp.post("/login")
def login():
    """Sign in with username and password; remembered for 30 days by default."""
    data = validate(json_body(), LOGIN)
    db, address = get_db(), request.remote_addr or "unknown"
    wait = throttle.retry_after(db, data["username"], address)
    if wait:
        minutes = (wait + 59) // 60
        raise ApiError(429, t("error.login_rate_limited", minutes=minutes), "rate_limited",
                       retry_after=wait)
    row = service.authenticate(db, data["username"], data["password"])
    if row is None:
        throttle.record_failure(db, data["username"], address)
        raise ApiError(401, t("error.login_failed"), "login_failed")
    if not row["active"]:
        raise ApiError(403, t("error.account_inactive"), "account_inactive")
    throttle.clear_account(db, data["username"])
    db.execute("UPDATE users SET last_login_at = ? WHERE id = ?", [now_iso(), row["id"]])
    user = load_user_row(db, row["id"])
    session.permanent = data["remember"]
    login_user(user, remember=data["remember"])
    return ok(user=service.user_json(db, user))


@bp.post("/logout")
def logout():
    """Sign out of this browser."""
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
    """Change one's own password, given the old one."""
    data = validate(json_body(), PASSWORD_CHANGE)
    db = get_db()
    if service.authenticate(db, current_user.row["username"], data["old_password"]) is None:
        raise invalid("old_password", t("field.wrong_password"))
    service.check_new_password(data["new_password"], "new_password")
    with db.atomic():
        service.set_password(db, current_user.id, data["new_password"], must_change=False)
    login_user(load_user_row(db, current_user.id), remember=True)
    return ok()
