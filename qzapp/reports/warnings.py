"""HTTP of early warning: the warnings of my scope (open ones until acknowledged), their
acknowledgement with a note, and the thresholds set per org node. The tick raises warnings
(hotspots.py); requests never do."""
import json
from urllib.parse import urlencode

from flask import request
from flask_login import current_user, login_required

from .. import audit, paging
from ..auth import current_scope, roles_required
from ..auth.scope import requested_subtree, scoped_get
from ..clock import now_iso
from ..db import get_db, immediate
from ..errors import ApiError, invalid, ok
from ..i18n import t
from ..validate import Int, Str, check, json_body, validate
from . import bp
from . import warning_rules as rules
from .queries import warnings as queries

NOTE = {"note": Str(required=False, max_len=rules.NOTE_MAX, lines=True)}
THRESHOLD_FIELDS = {
    "absolute": Int(required=False, min_value=1, max_value=rules.COUNT_MAX),
    "percent": Int(required=False, min_value=0, max_value=rules.PERCENT_MAX),
    "minimum": Int(required=False, min_value=1, max_value=rules.COUNT_MAX),
}


def cases_filter(warning):
    """The ledger's filters (GET /api/cases, #/ledger) that list the cases behind a warning."""
    return {"node_id": warning["node_id"], "own": "1", "kind": "appeal",
            "category": warning["category"], "from": warning["from_day"],
            "to": warning["to_day"]}


def _last_two(path):
    """The ids of a place and of the node above it, from its path."""
    return [int(i) for i in path.strip("/").split("/")[-2:]]


def shown(db, row, names):
    """A warning as the lists show it: its place, the cases behind it, the grids' counts."""
    breakdown = json.loads(row["breakdown"])
    item = {k: row[k] for k in ("id", "node_id", "node_name", "category", "days", "count",
                                "previous", "from_day", "to_day", "status", "raised_at",
                                "updated_at", "acknowledged_by", "acknowledged_by_name",
                                "acknowledged_at", "note")}
    item.update(reasons=json.loads(row["reasons"]), thresholds=json.loads(row["thresholds"]),
                place=[names.get(i) for i in _last_two(row["node_path"])],
                breakdown=[{"node_id": int(k), "name": names.get(int(k)), "count": v}
                           for k, v in sorted(breakdown.items(), key=lambda kv: -kv[1])],
                cases=cases_filter(row))
    item["cases_link"] = "#/ledger?" + urlencode(item["cases"])
    return item


def shown_all(db, rows):
    """Warnings as listed, the names of their places and grids read in one go."""
    ids = {i for r in rows for i in _last_two(r["node_path"])}
    ids |= {int(k) for r in rows for k in json.loads(r["breakdown"])}
    names = queries.node_names(db, ids) if ids else {}
    return [shown(db, row, names) for row in rows]


@bp.get("/warnings")
@login_required
@roles_required(*rules.READERS)
def list_warnings():
    """The warnings whose place lies in my scope (or ?node_id= inside it), newest first,
    paged; ?status=open (default) or acknowledged."""
    db = get_db()
    status = request.args.get("status") or "open"
    if status not in rules.STATUSES:
        raise invalid("status", t("field.not_a_choice"))
    subtree = requested_subtree(db, current_scope()) or current_scope()
    page = paging.requested_page()
    after, params = paging.after_sql(queries.LIST_ORDER, page, descending=True)
    rows, total = queries.warnings_page(db, subtree, status, after, params, page.limit + 1)
    listed = paging.answer(rows, page, lambda r: (r["raised_at"], r["id"]), total)
    listed["items"] = shown_all(db, listed["items"])
    return ok(**listed)


@bp.post("/warnings/<int:warning_id>/acknowledge")
@login_required
@roles_required(*rules.ACKNOWLEDGERS)
def acknowledge_warning(warning_id):
    """Acknowledge an open warning whose place my scope holds, with a note; audited."""
    body = validate(json_body(), NOTE)
    db, user = get_db(), current_user._get_current_object()
    with immediate(db):
        row = queries.warning(db, warning_id)
        if row is None or not user.scope.contains(db, row["node_id"]):
            raise ApiError(404, t("warning.unknown"), "not_found")
        stamp = now_iso()
        if not queries.acknowledge(db, warning_id, user.id, stamp, body["note"]):
            raise ApiError(409, t("warning.already_acknowledged"), "transition")
        audit.record(db, user.id, "acknowledge", "warning", warning_id,
                     before={"status": row["status"], "count": row["count"]},
                     after={"status": "acknowledged", "count": row["count"],
                            "note": body["note"]})
    return ok(warning=shown_all(db, [queries.warning(db, warning_id)])[0])


def _thresholds(db, node):
    """What a node sets, what applies under it (the deepest setting of each field) and the
    defaults, by window."""
    own = queries.thresholds_at(db, node["id"])
    applied = rules.thresholds_for(node["path"], queries.threshold_settings(db))
    return {"node_id": node["id"], "node_name": node["name"],
            "own": {str(days): own.get(days, dict.fromkeys(rules.THRESHOLD_FIELDS))
                    for days in rules.WINDOWS},
            "applied": {str(days): applied[days] for days in rules.WINDOWS},
            "defaults": {str(days): rules.DEFAULT_THRESHOLDS[days] for days in rules.WINDOWS}}


@bp.get("/warnings/thresholds/<int:node_id>")
@login_required
@roles_required(*rules.READERS)
def thresholds(node_id):
    """The thresholds of a node of my scope."""
    db = get_db()
    return ok(**_thresholds(db, scoped_get(db, current_scope(), "org_nodes", node_id,
                                           column="id")))


def _cleaned_thresholds(body):
    """{days: {absolute, percent, minimum}} of a PUT body, or a 400 naming every bad field."""
    errors, cleaned = [], {}
    for key, values in body.items():
        days = int(key) if key.isascii() and key.isdigit() else None
        if days in rules.WINDOWS and values is None:      # the whole window as set above
            values = {}
        if days not in rules.WINDOWS or not isinstance(values, dict):
            errors.append({"field": key, "message": t(
                "warning.window_unknown",
                windows=t("warning.separator").join(map(str, rules.WINDOWS)))})
            continue
        values, problems = check(values, THRESHOLD_FIELDS)
        errors += [{**p, "field": f"{key}.{p['field']}"} for p in problems]
        cleaned[days] = values
    if errors:
        raise ApiError(400, t("error.validation"), "validation", errors)
    return cleaned


@bp.put("/warnings/thresholds/<int:node_id>")
@login_required
@roles_required(*rules.KEEPERS)
def set_thresholds(node_id):
    """Set a node's thresholds for the places under it: {"7": {absolute, percent, minimum},
    "30": {...}}, each null (or left out) to take the setting above; audited."""
    cleaned = _cleaned_thresholds(json_body())
    db = get_db()
    with immediate(db):
        node = scoped_get(db, current_scope(), "org_nodes", node_id, column="id")
        before = queries.thresholds_at(db, node_id)
        for days, values in cleaned.items():
            queries.save_thresholds(db, node_id, days, values, current_user.id, now_iso())
        audit.record(db, current_user.id, "update", "warning_thresholds", node_id,
                     before={str(d): v for d, v in before.items()},
                     after={str(d): v for d, v in cleaned.items()})
    return ok(**_thresholds(db, node))
