"""HTTP for sync: POST /api/sync/push, GET /api/sync/pull and a record's history."""
import re

from flask import current_app, request
from flask_login import current_user, login_required

from ..db import get_db
from ..errors import ApiError, invalid, ok
from ..i18n import t
from ..validate import INT_MAX, Int, json_body
from . import bp, changes
from . import history as past
from . import pull as feed
from . import push as engine
from .pull import DEFAULT_PAGE, MAX_PAGE

MAX_MUTATIONS = 500
DEVICE_ID_RE = re.compile(r"[A-Za-z0-9_-]{8,64}")


@bp.post("/push")
@login_required
def push():
    """Apply a device's mutations in mid order; answers each result and the last mid."""
    device_id, mutations, generation = _push_body(json_body())
    user = current_user._get_current_object()  # resolved once, not per mutation
    large = request.content_length is None or request.content_length > engine.MAX_RECORD_BYTES
    db = get_db()
    answers, last_mid = engine.apply_batch(db, user, device_id, mutations, large, generation)
    body = (f'{{"ok":true,"results":[{",".join(answers)}],"last_mid":{last_mid},'
            f'"generation":{changes.generation(db)}}}')
    return current_app.response_class(body, mimetype="application/json")


def _push_body(body):
    """The device id, mutations and generation (of the database the device last pulled
    from, if it knows one) of a push body, or a 400 naming what is wrong."""
    errors = []
    generation = body.get("generation")
    if generation is not None and (isinstance(generation, bool) or not isinstance(
            generation, int)):
        errors.append({"field": "generation", "message": t("field.not_integer")})
    device_id = body.get("device_id")
    if not isinstance(device_id, str) or not DEVICE_ID_RE.fullmatch(device_id):
        errors.append({"field": "device_id", "message": t("sync.device_id_format")})
    mutations = body.get("mutations")
    if not isinstance(mutations, list) or not all(isinstance(m, dict) for m in mutations):
        errors.append({"field": "mutations", "message": t("sync.mutations_not_list")})
    elif len(mutations) > MAX_MUTATIONS:
        raise ApiError(413, t("sync.batch_too_large", max=MAX_MUTATIONS), "batch_too_large")
    else:
        errors += _mid_problems(mutations)
    if errors:
        raise ApiError(400, t("sync.bad_batch"), "bad_batch", errors)
    return device_id, mutations, generation


def _mid_problems(mutations):
    """Each mutation needs a whole-number mid, increasing through the batch."""
    problems, previous = [], 0
    for index, mutation in enumerate(mutations):
        mid = mutation.get("mid")
        if isinstance(mid, bool) or not isinstance(mid, int) or mid < 1:
            problems.append({"field": f"mutations[{index}].mid", "message": t("sync.mid_format")})
        elif mid <= previous:
            problems.append({"field": f"mutations[{index}].mid", "message": t("sync.mid_order")})
        else:
            previous = mid
    return problems


@bp.get("/pull")
@login_required
def pull():
    """Changes this user may see after ?since=SEQ, oldest first, ?limit=N per page. When more
    follow, a Link header names the next page, so a client may ask for it before it has
    read this one."""
    since = _int_arg("since", 0, 0)
    limit = _int_arg("limit", DEFAULT_PAGE, 1, MAX_PAGE)
    epoch = _int_arg("epoch", None, 0)   # the one the cursor came with (None: an old phone)
    page = feed.pull(get_db(), current_user._get_current_object(), since, limit, epoch=epoch)
    body = b'{"ok":true,' + b",".join(b'"%s":%s' % (k.encode(), v) for k, v in page.items()) \
        + b"}"
    response = current_app.response_class(body, mimetype="application/json")
    if page["more"] == b"true" and page["resync"] == b"false":
        response.headers["Link"] = (
            f'</api/sync/pull?since={page["next"].decode()}&limit={limit}'
            f'&epoch={page["epoch"].decode()}>; rel="next"')
    return response


@bp.get("/history/<entity>/<record_id>")
@login_required
def history(entity, record_id):
    """A record's versions from the audit trail, newest first, its conflicting attempts
    included, for a user who may see the record now; each as that user may see it."""
    versions = past.versions(get_db(), current_user._get_current_object(), entity, record_id)
    if versions is None:
        raise ApiError(404, t("error.not_found"), "not_found")
    return ok(versions=versions)


def _int_arg(name, default, low, high=INT_MAX):
    """A whole-number query argument within bounds, or a 400."""
    raw = request.args.get(name)
    if raw is None:
        return default
    try:
        if not re.fullmatch(r"\d{1,19}", raw):
            raise ValueError(t("field.not_integer"))
        return Int(min_value=low, max_value=high).clean(int(raw))
    except ValueError as bad:
        raise invalid(name, str(bad)) from None
