"""HTTP of notifications: the server's push key, a device's subscription, and preferences."""
from flask_login import current_user, login_required

from ..clock import now_iso
from ..db import get_db, immediate
from ..errors import ApiError, ok
from ..i18n import t
from ..validate import json_body
from . import bp, prefs, push, queries


@bp.get("/push/key")
@login_required
def push_key():
    """The application server key a phone subscribes with."""
    return ok(public_key=push.public_key())


@bp.post("/push/subscriptions")
@login_required
def subscribe():
    """Keep this device's push subscription ({endpoint, keys: {p256dh, auth}})."""
    body = json_body()
    errors = push.subscription_problems(body)
    if errors:
        raise ApiError(400, t("push.bad_subscription"), "validation", errors)
    db = get_db()
    with immediate(db):
        queries.subscribe(db, current_user.id, body["endpoint"], body["keys"]["p256dh"],
                          body["keys"]["auth"], now_iso())
    return ok(201, devices=queries.count_subscriptions(db, current_user.id))


@bp.delete("/push/subscriptions")
@login_required
def unsubscribe():
    """Forget this device's push subscription ({endpoint})."""
    body = json_body()
    if not isinstance(body.get("endpoint"), str):
        raise ApiError(400, t("push.bad_subscription"), "validation",
                       [{"field": "endpoint", "message": t("field.required")}])
    db = get_db()
    with immediate(db):
        queries.unsubscribe(db, current_user.id, body["endpoint"])
    return ok(devices=queries.count_subscriptions(db, current_user.id))


@bp.get("/notify/prefs")
@login_required
def get_prefs():
    """Which kinds also push, and the quiet hours."""
    return ok(**prefs.of(get_db(), current_user.id).as_json())


@bp.put("/notify/prefs")
@login_required
def set_prefs():
    """Set {push_kinds, quiet_start, quiet_end}; every bad field named."""
    body = json_body()
    errors = prefs.problems(body)
    if errors:
        raise ApiError(400, t("error.validation"), "validation", errors)
    db = get_db()
    with immediate(db):
        prefs.save(db, current_user.id, body, now_iso())
    return ok(**prefs.of(db, current_user.id).as_json())
