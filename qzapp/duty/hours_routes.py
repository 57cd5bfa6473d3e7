"""HTTP of hours served, online: the staff's list of a community's hours with their flags, their
decision (confirm, or reject with a reason), the totals per member and per community, and the
workbook for the community's staff and for the member's own party organisation. Members read
their own hours on the phone, from sync."""
from flask import request
from flask_login import current_user, login_required

from .. import paging, xlsx
from ..auth import current_scope, roles_required
from ..db import get_db, immediate, savepoint
from ..errors import ApiError, invalid, ok
from ..i18n import t
from ..validate import Str, json_body, validate
from . import bp, hours, hours_excel, queries, rules

DECISION = {
    "decision": Str(choices=tuple(rules.HOURS_DECISIONS)),
    "reason": Str(required=False, max_len=rules.REJECT_REASON_MAX, lines=True),
}
YEARS = (2000, 2100)


def _filters(statuses=True):
    """The year and status the request asks for, each checked; a 400 naming a bad one."""
    filters = {}
    year = request.args.get("year", "")
    if year:
        if not (year.isascii() and year.isdigit() and YEARS[0] <= int(year) <= YEARS[1]):
            raise invalid("year", t("duty.hours.bad_year"))
        filters["year"] = int(year)
    status = request.args.get("status", "")
    if statuses and status:
        if status not in rules.HOURS_STATUSES:
            raise invalid("status", t("field.not_a_choice"))
        filters["status"] = status
    return filters


def shown(row):
    """An hours record as the staff's screens show it."""
    return {**row, "flags": hours.as_list(row["flags"])}


@bp.get("/hours")
@login_required
@roles_required(*rules.HOURS_READERS)
def hours_list():
    """The hours of the communities in scope, newest first, paged (?status=, ?year=)."""
    db, scope = get_db(), current_scope()
    filters, page = _filters(), paging.requested_page()
    after_sql, after_params = paging.after_sql(("h.started_at", "h.id"), page, descending=True)
    with savepoint(db):
        rows = queries.hours_page(db, scope, filters, after_sql, after_params, page.limit + 1)
        total = queries.hours_count(db, scope, filters)
    answer = paging.answer([shown(r) for r in rows], page,
                           lambda r: (r["started_at"], r["id"]), total)
    return ok(**answer)


@bp.post("/hours/<hours_id>/decision")
@login_required
@roles_required(*rules.HOURS_DECIDERS)
def hours_decision(hours_id):
    """Confirm or reject one record of a community in scope ({decision, reason}); a reject
    needs its reason, which the member sees."""
    body = validate(json_body(), DECISION)
    if body["decision"] == "reject" and not body["reason"]:
        raise invalid("reason", t("duty.hours.reason_required"))
    db, user = get_db(), current_user._get_current_object()
    with immediate(db):
        row = queries.live_row(db, "duty_hours", hours_id.lower())
        if row is None or not current_scope().contains(db, row["node_id"]):
            raise ApiError(404, t("duty.hours.unknown"), "not_found")
        hours.decide(db, user, row, body["decision"], body["reason"])
    return ok(hours=shown(queries.live_row(db, "duty_hours", row["id"])))


@bp.get("/hours/totals")
@login_required
@roles_required(*rules.HOURS_EXPORTERS)
def hours_totals():
    """Minutes per member and year, and per community and year (?year=): of the communities
    in scope and of the members of the scope's own organisations."""
    db, scope, filters = get_db(), current_scope(), _filters(statuses=False)
    with savepoint(db):
        members = queries.hours_totals_by_member(db, scope, filters, True)
        communities = queries.hours_totals_by_community(db, scope, filters, True)
    return ok(members=members, communities=communities)


@bp.get("/hours/export.xlsx")
@login_required
@roles_required(*rules.HOURS_EXPORTERS)
def hours_export():
    """The workbook of the hours of the communities in scope and of the members of the
    scope's own organisations (?year=, ?status=)."""
    db, scope, filters = get_db(), current_scope(), _filters()
    with savepoint(db):   # records and totals of one moment
        book = hours_excel.hours_workbook(
            queries.hours_listed(db, scope, filters, True),
            queries.hours_totals_by_member(db, scope, filters, True),
            queries.hours_totals_by_community(db, scope, filters, True))
    year = filters.get("year")
    return xlsx.send_workbook(book, f"服务时长-{year}.xlsx" if year else "服务时长.xlsx")
