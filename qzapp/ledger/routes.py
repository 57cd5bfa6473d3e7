"""HTTP of the ledger online: the village, township and county ledger with its filters and
counts, my open cases, one case with its timeline, and the deadline table of a subtree.
Phones write cases through sync (case_event); these read, and set the deadline table."""

from flask import request
from flask_login import current_user, login_required

from .. import jobs, paging, xlsx
from ..auth import current_scope, roles_required
from ..auth.queries import active_users_under
from ..auth.scope import requested_subtree, require_node_in_scope
from ..clock import now_iso, today
from ..db import get_db, immediate
from ..errors import ApiError, invalid, ok
from ..i18n import t
from ..sync import changes
from ..validate import Date, json_body
from . import bp, deadlines, engine, excel, fold, queries, rules, workdays
from .entity import CASE, CASE_EVENT
from .inspection import INSPECTION

# Flags: overdue, backlog, escalated; own: the cases of ?node_id= itself (and of its grids,
# when it is a village), not of the places under it (a hot spot's cases).
BOOLEAN_FILTERS = ("overdue", "backlog", "escalated", "own")
CHOICES = {"status": rules.STATUSES, "category": rules.CATEGORIES, "channel": rules.CHANNELS,
           "urgency": rules.URGENCIES, "kind": rules.KINDS}
MY_CASES_LIMIT = 500


def _user():
    return current_user._get_current_object()


def _filters():
    """The ledger filters of the request, each checked; a 400 naming a bad one."""
    filters = {}
    for name in queries.FILTERS:
        value = request.args.get(name)
        if not value:
            continue
        if name in CHOICES and value not in CHOICES[name]:
            raise invalid(name, t("field.not_a_choice"))
        if name in ("from", "to"):
            try:
                value = Date().clean(value)
            except ValueError as exc:
                raise invalid(name, str(exc)) from None
        filters[name] = value
    flags = {}
    for name in BOOLEAN_FILTERS:
        value = request.args.get(name, "")
        if value not in ("", "0", "1"):
            raise invalid(name, t("field.not_boolean"))
        flags[name] = value == "1"
    return filters, flags


def _shown(db, user, row, handles=None):
    """A case as the user may see it, with its owner's and node's names and its clock."""
    record = CASE.view(db, user, row, handles)
    record.update(owner_name=row.get("owner_name"), node_name=row.get("node_name"),
                  clock=fold.clock(record, today()))
    return record


@bp.get("/cases")
@login_required
@roles_required(*rules.READERS_IN_SCOPE)
def ledger():
    """A page of the ledger of the user's subtree (or ?node_id= inside it), newest first,
    filtered, with counts at the top."""
    db, user = get_db(), _user()
    subtree = requested_subtree(db, current_scope()) or current_scope()
    filters, flags = _filters()
    day = today().isoformat()
    listed = queries.ledger_page(db, subtree, paging.requested_page(), filters, day, **flags)
    listed["items"] = [_shown(db, user, row) for row in listed["items"]]
    counts = listed["counts"] = queries.ledger_counts(db, subtree, filters, day, **flags)
    # The counts are the list's without its status filter: its total is one of them.
    listed["total"] = counts.get(filters["status"], 0) if "status" in filters else counts["all"]
    return ok(**listed)


@bp.get("/cases/export.xlsx")
@login_required
@roles_required(*rules.READERS_IN_SCOPE)
def export_ledger():
    """The same list as the 台账 workbook: every matching case, written as it is read."""
    db = get_db()
    subtree = requested_subtree(db, current_scope()) or current_scope()
    filters, flags = _filters()
    book = excel.export(db, _user(), subtree, filters, today().isoformat(), flags)
    return xlsx.send_workbook(book, f"民情台账-{today().isoformat()}.xlsx")


@bp.get("/cases/import-template.xlsx")
@login_required
def backlog_template():
    """An empty workbook for a historical backlog, with one example row."""
    return xlsx.send_workbook(excel.template(), "历史积案导入模板.xlsx")


@bp.post("/cases/import")
@login_required
@roles_required(*rules.INTAKE_ROLES)
def import_backlog():
    """Start taking in the rows of a backlog workbook, all or none, as a job: answered 202 at
    once; GET /api/jobs/<id> tells how it goes."""
    user = _user()
    job = jobs.start("cases_import", user,
                     lambda db, progress, path: excel.run(db, user, path, progress),
                     xlsx.uploaded_file(), check=xlsx.check_upload)
    return ok(202, job=job)


@bp.get("/cases/mine")
@login_required
def my_cases():
    """The open cases the user owns, handles or is to accept: overdue first, then by the day
    they are due."""
    db, user = get_db(), _user()
    rows = queries.my_cases(db, user.id, MY_CASES_LIMIT)
    return ok(items=[_shown(db, user, row, handles=True) for row in rows])


@bp.get("/cases/<case_id>")
@login_required
def case_detail(case_id):
    """One case as the user may see it: the case, its timeline, the household's other
    cases."""
    db, user = get_db(), _user()
    if len(case_id) != 36 or not changes.may_see(db, user, "case", case_id.lower()):
        raise ApiError(404, t("case.unknown"), "not_found")
    row = queries.case_with_names(db, case_id.lower())
    if row is None:
        raise ApiError(404, t("case.unknown"), "not_found")
    case = _shown(db, user, row)
    events = []
    for event in queries.event_rows(db, row["id"]):
        shown = CASE_EVENT.view(db, user, event, handles=True)
        shown = CASE_EVENT.redact(db, user, shown) if shown["kind"] == "receive" else shown
        events.append({**shown, "by_name": event["by_name"]})
    others = []
    if row["household_id"]:
        others = [_shown(db, user, r) for r in queries.household_cases(
            db, row["household_id"], row["id"]) if changes.may_see(db, user, "case", r["id"])]
    return ok(case=case, events=events, household_cases=others)


@bp.get("/cases/<case_id>/people")
@login_required
def case_people(case_id):
    """Who the user may hand a case to: ?kind=assign (inside their scope) or transfer (inside
    the case's county), ?q= a part of a name; active accounts that handle cases, at most 50."""
    db, user = get_db(), _user()
    if len(case_id) != 36 or not changes.may_see(db, user, "case", case_id.lower()):
        raise ApiError(404, t("case.unknown"), "not_found")
    kind = request.args.get("kind", "assign")
    if kind not in ("assign", "transfer"):
        raise invalid("kind", t("field.not_a_choice"))
    q = request.args.get("q", "").strip()[:50] or None
    state = engine.state_of(queries.case_with_names(db, case_id.lower()))
    within = engine.hand_over_within(db, user, state, kind)
    rows = active_users_under(db, within, rules.INTAKE_ROLES, q)
    return ok(items=[{"id": r["id"], "name": r["name"], "node_id": r["node_id"],
                      "node_name": r["node_name"]} for r in rows if r["id"] != state["owner_id"]
                     or kind == "assign"])


@bp.get("/ledger/deadlines")
@login_required
def deadline_table():
    """The deadline table in force at ?node_id= (the user's node by default), and the years
    the holiday calendar knows."""
    db = get_db()
    subtree = requested_subtree(db, current_scope()) or current_scope()
    first, last = workdays.known_years()
    return ok(node_id=subtree.node_id, rows=deadlines.table_for(db, subtree.node_id),
              calendar={"first_year": first, "last_year": last})


def _node_table(db):
    """The body of a table a node sets ({node_id, rows}), and its node: one of the admin's
    subtree, or a 400 naming node_id."""
    body = json_body()
    node_id = body.get("node_id")
    if isinstance(node_id, bool) or not isinstance(node_id, int):
        raise invalid("node_id", t("field.not_integer"))
    require_node_in_scope(db, current_scope(), node_id)
    return body, node_id


@bp.put("/ledger/deadlines")
@login_required
@roles_required("admin")
def set_deadline_table():
    """Set the figures a node of the admin's subtree uses: {node_id, rows: [{category|null,
    urgency, accept, close}]}; every bad row named at once."""
    db, user = get_db(), _user()
    body, node_id = _node_table(db)
    errors = deadlines.rows_problems(body.get("rows"))
    if errors:
        raise ApiError(400, t("error.validation"), "validation", errors)
    with immediate(db):
        deadlines.replace(db, user, node_id, body["rows"], now_iso())
    return ok(node_id=node_id, rows=deadlines.table_for(db, node_id))


@bp.get("/ledger/matter-types")
@login_required
def matter_types():
    """The matter types of the service windows in force at ?node_id= (the user's node by
    default): each with its working days and the node that sets it."""
    db = get_db()
    subtree = requested_subtree(db, current_scope()) or current_scope()
    return ok(node_id=subtree.node_id, rows=deadlines.matter_types_at(db, subtree.node_id),
              default_days=rules.MATTER_DEFAULT_CLOSE_DAYS)


@bp.put("/ledger/matter-types")
@login_required
@roles_required("admin")
def set_matter_types():
    """Set the matter types a node of the admin's subtree uses: {node_id, rows: [{name,
    days}]}; every bad row named at once."""
    db, user = get_db(), _user()
    body, node_id = _node_table(db)
    errors = deadlines.matter_rows_problems(body.get("rows"))
    if errors:
        raise ApiError(400, t("error.validation"), "validation", errors)
    with immediate(db):
        deadlines.replace_matter_types(db, user, node_id, body["rows"], now_iso())
    return ok(node_id=node_id, rows=deadlines.matter_types_at(db, node_id))


@bp.get("/inspections")
@login_required
@roles_required(*rules.INSPECTION_READERS)
def inspections():
    """A page of the unannounced inspections of the user's subtree (or ?node_id=), newest
    first."""
    db = get_db()
    subtree = requested_subtree(db, current_scope()) or current_scope()
    listed = queries.inspections_page(db, subtree, paging.requested_page())
    listed["items"] = [{**INSPECTION.serialize(db, r), "inspector_name": r["inspector_name"],
                        "node_name": r["node_name"]} for r in listed["items"]]
    return ok(**listed)
