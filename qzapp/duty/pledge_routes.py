"""HTTP for pledges: the staff's list of their communities' pledges, one pledge with its
records, and their decision on it. Members write pledges and records through sync."""
from flask import request
from flask_login import current_user

from .. import paging
from ..auth import current_scope, roles_required
from ..db import get_db, immediate
from ..errors import ApiError, invalid, ok
from ..i18n import t
from ..validate import Str, json_body, validate
from . import bp, pledges, queries
from .rules import STAFF

DECISION = {"decision": Str(choices=pledges.DECISIONS),
            "reason": Str(required=False, max_len=pledges.REASON_MAX, lines=True)}


def _me():
    return current_user._get_current_object()


def _pledge_in_scope(db, pledge_id):
    """The pledge (not deleted) of a community in the reader's scope, else a 404."""
    row = queries.live_row(db, "duty_pledges", pledge_id)
    if row is None or row["deleted"] or not current_scope().contains(db, row["node_id"]):
        raise ApiError(404, t("duty.pledge.unknown"), "not_found")
    return row


@bp.get("/pledges")
@roles_required(*pledges.READERS)
def list_pledges():
    """The pledges of a year (?year=, this one by default) of the communities in my scope,
    by due date, a page at a time (?cursor= ?limit=); ?status=open|fulfilled|confirmed."""
    status = request.args.get("status") or None
    if status is not None and status not in pledges.STATUSES:
        raise invalid("status", t("field.not_a_choice"))
    year = pledges.in_year(request.args.get("year"))
    page = paging.requested_page()
    after, after_params = paging.after_sql(queries.PLEDGE_ORDER, page)
    rows, total = queries.pledges_page(get_db(), current_scope(), year, status, after,
                                       after_params, page.limit + 1)
    listed = paging.answer(rows, page, lambda r: (r["due_on"], r["id"]), total)
    return ok(items=[pledges.listed(r) for r in listed.pop("items")], year=year, **listed)


@bp.get("/pledges/<pledge_id>")
@roles_required(*pledges.READERS)
def one_pledge(pledge_id):
    """One pledge of my scope with its records of fulfilment (text, photos), oldest first."""
    db = get_db()
    row = _pledge_in_scope(db, pledge_id)
    names = queries.user_names(db, [row["created_by"]])
    return ok(pledge={**pledges.serialize(db, row), "member_name": names.get(row["created_by"])},
              records=[pledges.serialize_record(db, r)
                       for r in queries.pledge_records(db, row["id"])])


@bp.post("/pledges/<pledge_id>/decision")
@roles_required(*STAFF)
def decide(pledge_id):
    """Confirm a fulfilled pledge of my community, or return it with a reason its member
    reads (decision: confirm|return, reason)."""
    data = validate(json_body(), DECISION)
    db = get_db()
    with immediate(db):
        row = _pledge_in_scope(db, pledge_id)
        decided = pledges.decide(db, _me(), row, data["decision"], data["reason"])
    return ok(pledge=pledges.serialize(db, decided))
