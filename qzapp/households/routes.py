"""HTTP for households: the register, my households, history, pairings, stationed cadres."""
from flask import request
from flask_login import current_user, login_required

from .. import jobs, paging, xlsx
from ..auth import current_scope, roles_required
from ..auth.scope import requested_subtree, scoped_get
from ..clock import today
from ..db import get_db, immediate
from ..errors import ApiError, invalid, ok
from ..i18n import t
from ..sync import changes
from ..validate import Date, Int, Str, json_body, validate
from . import bp, excel, importer, pairing, queries, rules

PAIR = {"cadre_id": Int(min_value=1), "start_date": Date(),
        "planned_end_date": Date(required=False)}
HANDOVER = {"cadre_id": Int(min_value=1), "handover_date": Date(required=False),
            "note": Str(required=False, max_len=500, lines=True)}
STATION = {"cadre_id": Int(min_value=1), "node_id": Int(min_value=1),
           "post": Str(required=False, max_len=60), "start_date": Date(),
           "planned_end_date": Date(required=False)}
STATION_END = {"end_date": Date()}
ROTATION = ("ok", "due", "overdue")


def _me():
    return current_user._get_current_object()


@bp.get("/households")
@login_required
def list_households():
    """The register as the user may see it, a page at a time (?cursor= ?limit=); ?node_id=
    ?q= ?difficulty_type=."""
    db = get_db()
    subtree = requested_subtree(db, current_scope())
    difficulty = request.args.get("difficulty_type")
    if difficulty and difficulty not in rules.DIFFICULTY_TYPES:
        raise invalid("difficulty_type", t("field.not_a_choice"))
    listed = queries.households_page(db, _me(), today(), paging.requested_page(), subtree,
                                     request.args.get("q", "").strip()[:40], difficulty)
    return ok(households=listed.pop("items"), **listed)


@bp.get("/households/mine")
@login_required
def my_households():
    """The households paired with me: overdue follow-ups first."""
    return ok(households=queries.mine(get_db(), _me(), today()))


@bp.get("/households/<household_id>")
@login_required
def household(household_id):
    """One household with its pairings, diaries and appeals."""
    db = get_db()
    row = _visible_household(db, household_id)
    open_pairing = queries.current_pairings(db, [row["id"]]).get(row["id"])
    record = queries.household_json(db, _me(), row, open_pairing, today())
    return ok(household=record, **queries.history(db, _me(), row["id"], today()))


@bp.post("/households/<household_id>/pairing")
@roles_required("admin")
def pair(household_id):
    """Pair a cadre with a household that has none."""
    data = validate(json_body(), PAIR)
    db = get_db()
    with immediate(db):
        row = _visible_household(db, household_id)
        pairing.pair(db, _me(), row, data["cadre_id"], data["start_date"],
                     data["planned_end_date"])
    return ok(201, pairings=queries.pairing_history(db, _me(), row["id"], today()))


@bp.post("/households/<household_id>/handover")
@roles_required("admin")
def hand_over(household_id):
    """Hand a household over to another cadre from a date (today by default)."""
    data = validate(json_body(), HANDOVER)
    db = get_db()
    with immediate(db):
        row = _visible_household(db, household_id)
        pairing.hand_over(db, _me(), row, data["cadre_id"], data["handover_date"], data["note"])
    return ok(pairings=queries.pairing_history(db, _me(), row["id"], today()))


@bp.get("/pairings")
@login_required
def list_pairings():
    """Open pairings in view with their rotation status, oldest first, a page at a time
    (?cursor= ?limit=); ?status=ok|due|overdue."""
    listed = queries.pairings_page(get_db(), _me(), today(), paging.requested_page(),
                                   _status_arg())
    return ok(pairings=listed.pop("items"), **listed)


@bp.get("/cadres")
@roles_required("admin")
def list_cadres():
    """Active accounts in scope who may be paired or stationed, by name, a page at a time
    (?cursor= ?limit=); ?q= searches names."""
    q = request.args.get("q", "").strip()[:40]
    listed = queries.pairable_cadres(get_db(), current_scope(), paging.requested_page(), q)
    return ok(cadres=listed.pop("items"), **listed)


@bp.get("/stationings")
@login_required
def list_stationings():
    """Stationed cadres in view with their rotation status, oldest first, a page at a time
    (?cursor= ?limit=); ?status=ok|due|overdue."""
    listed = queries.stationings_page(get_db(), _me(), today(), paging.requested_page(),
                                      _status_arg())
    return ok(stationings=listed.pop("items"), **listed)


@bp.get("/stationings/<stationing_id>")
@login_required
def one_stationing(stationing_id):
    """One stationed cadre in view, with the rotation status."""
    found = queries.stationing(get_db(), _me(), today(), stationing_id)
    if found is None:
        raise ApiError(404, t("error.not_found"), "not_found")
    return ok(stationing=found)


@bp.post("/stationings")
@roles_required("admin")
def station():
    """Station a cadre in a village."""
    data = validate(json_body(), STATION)
    db = get_db()
    with immediate(db):
        node = scoped_get(db, current_scope(), "org_nodes", data["node_id"], column="id")
        row = pairing.station(db, _me(), node, data["cadre_id"], data["post"],
                              data["start_date"], data["planned_end_date"])
    return ok(201, stationing=pairing.STATIONING.serialize(db, row))


@bp.patch("/stationings/<stationing_id>")
@roles_required("admin")
def end_stationing(stationing_id):
    """Record the end of a stationing."""
    data = validate(json_body(), STATION_END)
    db = get_db()
    with immediate(db):
        row = scoped_get(db, current_scope(), "stationings", stationing_id)
        pairing.end_station(db, _me(), row, data["end_date"])
    return ok()


def _visible_household(db, household_id):
    """The household if the user may see it, else 404."""
    row = changes.visible_row(db, _me(), "household", household_id)
    if row is None:
        raise ApiError(404, t("error.not_found"), "not_found")
    return row


def _status_arg():
    status = request.args.get("status")
    if status and status not in ROTATION:
        raise invalid("status", t("field.not_a_choice"))
    return status


@bp.get("/households/export.xlsx")
@login_required
def export_households():
    """The register and open pairings the user may see, masked as they see them."""
    db = get_db()
    book = excel.export(db, _me(), today(), requested_subtree(db, current_scope()))
    return xlsx.send_workbook(book, excel.filename("户籍台账", today()))


@bp.post("/households/import")
@roles_required("admin", *rules.REGISTER_KEEPERS)
def import_households():
    """Start adding the rows of an uploaded .xlsx to the register, all or none, as a job:
    answered 202 at once; GET /api/jobs/<id> tells how it goes."""
    user = _me()
    job = jobs.start("households_import", user,
                     lambda db, progress, path: importer.run(db, user, path, progress),
                     xlsx.uploaded_file(), check=xlsx.check_upload)
    return ok(202, job=job)
