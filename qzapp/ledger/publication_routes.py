"""HTTP of a case's place on its village's public board: published with a summary that is
screened first, or taken off. Online only: the screen needs the names the server holds."""
from flask import request
from flask_login import current_user, login_required

from ..db import get_db, immediate
from ..errors import ApiError, ok
from ..i18n import t
from ..sync import changes
from ..sync.registry import Reject
from ..validate import json_body
from . import bp, engine, publication
from .entity import CASE


def _change(case_id, change):
    """Apply change (publish or unpublish) to a case the user sees, answered as the case."""
    db, user = get_db(), current_user._get_current_object()
    body = json_body() if request.data else {}
    case_id = case_id.lower()
    if engine.case_row(db, case_id) is None or not changes.may_see(db, user, "case", case_id):
        raise ApiError(404, t("case.unknown"), "missing")
    try:
        with immediate(db):
            change(db, user, case_id, body)
    except Reject as refused:
        raise ApiError(409, str(refused), refused.code) from None
    return ok(case=CASE.view(db, user, engine.case_row(db, case_id)))


@bp.post("/cases/<case_id>/publication")
@login_required
def publish(case_id):
    """Put the case on its village's board with {summary}; a 400 naming what in the summary
    is personal."""
    return _change(case_id, publication.publish)


@bp.delete("/cases/<case_id>/publication")
@login_required
def unpublish(case_id):
    """Take the case off its village's board ({reason} optional)."""
    return _change(case_id, publication.unpublish)
