"""HTTP of the surveys for staff (online): make one, list a subtree's, read one with its
results, close one early, its results and a subtree's in Excel, its QR code."""
from flask import Response
from flask_login import current_user, login_required

from .. import paging, xlsx
from ..auth import current_scope, roles_required
from ..auth.scope import requested_subtree, require_node_in_scope
from ..clock import today
from ..db import get_db, savepoint
from ..errors import ApiError, ok
from ..i18n import t
from ..public import qr
from ..public.page import public_url
from ..validate import Date, Int, Str, check, json_body
from . import bp, excel, queries, rules, service

FIELDS = {
    "node_id": Int(min_value=1),
    "title": Str(max_len=rules.TITLE_MAX),
    "starts_on": Date(),
    "ends_on": Date(),
}
# The QR code is an image in the staff's screens; opened on its own it runs nothing.
SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'"


def _user():
    return current_user._get_current_object()


def link_of(survey):
    """The public address residents answer the survey at (printed, and in its QR code)."""
    return public_url("survey_pages.form", token=survey["token"])


def shown(survey):
    """A survey as the staff's screens show it: its unit, period, state, answer counts and
    public address."""
    return {
        "id": survey["id"], "node_id": survey["node_id"], "node_name": survey["node_name"],
        "title": survey["title"], "starts_on": survey["starts_on"],
        "ends_on": survey["ends_on"], "state": rules.state(survey, today()),
        "questions": service.questions_of(survey), "answers": survey["answers"],
        "complete": survey["complete"], "created_by": survey["created_by"],
        "creator_name": survey["creator_name"], "created_at": survey["created_at"],
        "closed_at": survey["closed_at"], "link": link_of(survey),
    }


def _survey_in_scope(db, survey_id):
    """The survey of a unit in the user's scope; a 404 otherwise, alike for one outside it."""
    survey = queries.survey(db, survey_id)
    if survey is None or not current_scope().contains(db, survey["node_id"]):
        raise ApiError(404, t("survey.unknown"), "not_found")
    return survey


@bp.post("/surveys")
@login_required
@roles_required(*rules.CREATORS)
def create_survey():
    """Make a survey of a unit of the user's subtree: {node_id, title, starts_on, ends_on};
    every bad field named at once."""
    db = get_db()
    body = json_body()
    cleaned, errors = check(body, FIELDS)
    if "node_id" in cleaned:
        try:
            require_node_in_scope(db, current_scope(), cleaned["node_id"])
        except ApiError as err:
            errors += err.errors
    if "starts_on" in cleaned and "ends_on" in cleaned:
        errors += service.period_problems(cleaned, today())
    if errors:
        raise ApiError(400, t("error.validation"), "validation", errors)
    survey_id = service.create(db, _user(), cleaned)
    return ok(201, survey=shown(queries.survey(db, survey_id)))


@bp.get("/surveys")
@login_required
@roles_required(*rules.READERS)
def list_surveys():
    """A page of the surveys of the user's subtree (or ?node_id= inside it), newest first."""
    db = get_db()
    subtree = requested_subtree(db, current_scope()) or current_scope()
    listed = queries.surveys_page(db, subtree, paging.requested_page())
    listed["items"] = [shown(row) for row in listed["items"]]
    return ok(**listed)


@bp.get("/surveys/export.xlsx")
@login_required
@roles_required(*rules.READERS)
def export_surveys():
    """Every survey of the user's subtree (or ?node_id=) in a workbook: a row per unit's
    survey with its answers and each question's satisfaction rate."""
    db = get_db()
    subtree = requested_subtree(db, current_scope()) or current_scope()
    counts = {}
    with savepoint(db):
        for survey_id, question, choice, count in queries.choice_counts_in(db, subtree):
            counts.setdefault(survey_id, []).append((question, choice, count))
        book = excel.scope_workbook(queries.surveys_in(db, subtree),
                                    lambda s: service.results(s, counts.get(s["id"], [])))
    return xlsx.send_workbook(book, f"政风行风满意度汇总-{today().isoformat()}.xlsx")


@bp.get("/surveys/<int:survey_id>")
@login_required
@roles_required(*rules.READERS)
def survey_detail(survey_id):
    """One survey with its results: per question how many answered, each choice's count
    and percentage, the satisfaction rate; complete and partial answers."""
    db = get_db()
    with savepoint(db):   # the counts and the choices of one moment
        survey = _survey_in_scope(db, survey_id)
        counts = queries.choice_counts(db, survey_id)
    return ok(survey=shown(survey), results=service.results(survey, counts))


@bp.post("/surveys/<int:survey_id>/close")
@login_required
@roles_required(*rules.CREATORS)
def close_survey(survey_id):
    """Close a survey before its end: residents are told it is over; a 409 when it is."""
    db = get_db()
    survey = _survey_in_scope(db, survey_id)
    if rules.state(survey, today()) in ("closed", "ended"):
        raise ApiError(409, t("survey.error.already_closed"), "conflict")
    service.close(db, _user(), survey)
    return ok(survey=shown(queries.survey(db, survey_id)))


@bp.get("/surveys/<int:survey_id>/export.xlsx")
@login_required
@roles_required(*rules.READERS)
def export_survey(survey_id):
    """One survey's results and answers as a workbook (no phone, no device)."""
    db = get_db()
    with savepoint(db):   # the results and the answers listed of one moment
        survey = _survey_in_scope(db, survey_id)
        results = service.results(survey, queries.choice_counts(db, survey_id))
        book = excel.survey_workbook(survey, results, queries.answers_of(db, survey_id))
    unit = survey["node_name"].replace("/", "-").replace("\\", "-")
    return xlsx.send_workbook(book, f"满意度调查-{unit}-{survey_id}.xlsx")


@bp.get("/surveys/<int:survey_id>/qr.svg")
@login_required
@roles_required(*rules.READERS)
def survey_qr(survey_id):
    """The QR code of the survey's public address, as an SVG image to show or print."""
    survey = _survey_in_scope(get_db(), survey_id)
    response = Response(qr.svg(link_of(survey)), mimetype="image/svg+xml")
    response.headers["Content-Security-Policy"] = SVG_CSP
    return response
