"""HTTP of major-situation reports: the reports of my scope, and the awaited level's
acknowledgement. Reports are written on the phone, through sync (situations.py)."""
from flask import request
from flask_login import current_user, login_required

from .. import paging
from ..auth import current_scope, roles_required
from ..auth.scope import requested_subtree
from ..db import get_db, immediate
from ..errors import ApiError, invalid, ok
from ..i18n import t
from ..validate import Str, json_body, validate
from . import bp, situations
from . import warning_rules as rules
from .queries import situations as queries

NOTE = {"note": Str(required=False, max_len=rules.NOTE_MAX, lines=True)}


def _filters(user):
    """The list's filters the request asks for, each checked: ?status=awaiting|done,
    ?awaiting=me (those my node is to acknowledge)."""
    filters = {}
    status = request.args.get("status") or None
    if status is not None:
        if status not in rules.SITUATION_STATUSES:
            raise invalid("status", t("field.not_a_choice"))
        filters["status"] = status
    awaiting = request.args.get("awaiting") or None
    if awaiting is not None:
        if awaiting != "me":
            raise invalid("awaiting", t("field.not_a_choice"))
        filters["awaiting_node_id"] = user.node["id"]
    return filters


@bp.get("/situations")
@login_required
@roles_required(*rules.SITUATION_READERS)
def list_situations():
    """The reports written in my scope (or ?node_id= inside it), newest first, paged, each
    with its chain; ?status=, ?awaiting=me."""
    db, user = get_db(), current_user._get_current_object()
    filters = _filters(user)
    subtree = requested_subtree(db, current_scope()) or current_scope()
    page = paging.requested_page()
    after, params = paging.after_sql(queries.LIST_ORDER, page, descending=True)
    rows, total = queries.reports_page(db, subtree, filters, after, params, page.limit + 1)
    listed = paging.answer(rows, page, lambda r: (r["created_at"], r["id"]), total)
    listed["items"] = [{**situations.serialize(db, r), "rev": r["rev"]}
                       for r in listed["items"]]
    return ok(**listed)


@bp.post("/situations/<report_id>/acknowledge")
@login_required
@roles_required(*rules.SITUATION_ACKNOWLEDGERS)
def acknowledge_situation(report_id):
    """Acknowledge a report that awaits my node, with a note: it goes on to the next level
    (or is done); its writer is told."""
    body = validate(json_body(), NOTE)
    db, user = get_db(), current_user._get_current_object()
    with immediate(db):
        report = queries.report(db, report_id.lower())
        if report is None or report["deleted"] or not user.scope.contains(db, report["node_id"]):
            raise ApiError(404, t("situation.unknown"), "not_found")
        row = situations.acknowledge(db, user, report, body["note"])
    return ok(report={**situations.serialize(db, row), "rev": row["rev"]})
