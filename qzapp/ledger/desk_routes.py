"""HTTP of a village's desk for the public (民情公开栏, F4): who receives the appeals its
residents send online, and the office hours its poster gives. Set by the admins of a subtree
holding the village, and by the village's own first secretary and staff."""
from flask import request
from flask_login import current_user, login_required

from .. import audit
from ..auth import current_scope, roles_required
from ..auth.queries import node_by_id, user_by_id
from ..clock import now_iso
from ..db import get_db, immediate
from ..errors import ApiError, invalid, ok
from ..i18n import t
from ..validate import Int, Str, check, json_body
from . import bp, desk, queries, rules

DESK_FIELDS = {"receiver_id": Int(min_value=1, required=False),
               "office_hours": Str(max_len=desk.OFFICE_HOURS_MAX, lines=True, required=False)}


def _village(db, node_id):
    """The org_nodes row of a village whose desk the user keeps: a 404 outside their scope, a
    403 when it is not theirs to keep, a 400 when it is no active village or community."""
    node = node_by_id(db, node_id)
    if node is None or not current_scope().contains_path(node["path"]):
        raise ApiError(404, t("error.not_found"), "not_found")
    own = current_user.has_role(*rules.DESK_KEEPERS) and current_user.node["id"] == node_id
    if not (own or current_user.has_role("admin")):
        raise ApiError(403, t("desk.not_yours"), "forbidden")
    if node["kind"] != "village" or not node["active"]:
        raise invalid("node_id", t("desk.not_village"))
    return node


def _shown(db, village):
    """The desk as the staff screen shows it."""
    stored = desk.desk(db, village["id"])
    named = user_by_id(db, stored["receiver_id"]) if stored["receiver_id"] else None
    return {"node_id": village["id"], "node_name": village["name"],
            "receiver_id": stored["receiver_id"], "receiver_name": named["name"] if named else None,
            "office_hours": stored["office_hours"],
            "receiver_effective": desk.effective_receiver(db, village),
            "candidates": queries.accounts_at(db, village["id"], rules.INTAKE_ROLES)}


# One rule for both methods: with a rule each, a number too big for SQLite in the path would
# be a 405 (werkzeug weighs the other rule's method before the number), not the usual 404.
@bp.route("/ledger/desks/<int:node_id>", methods=["GET", "PUT"])
@login_required
@roles_required("admin", *rules.DESK_KEEPERS)
def village_desk(node_id):
    """GET: a village's desk — the receiver it named and its office hours, who receives now,
    and who may be named (its active accounts that take cases in). PUT: set it."""
    db = get_db()
    village = _village(db, node_id)
    if request.method == "PUT":
        _save(db, current_user._get_current_object(), village)
    return ok(desk=_shown(db, village))


def _save(db, user, village):
    """Store {receiver_id: an active account at the village that takes cases in, or null for
    the default; office_hours: text, or null}; every bad field named at once."""
    node_id = village["id"]
    cleaned, errors = check(json_body(), DESK_FIELDS)
    with immediate(db):
        receiver = cleaned.get("receiver_id")
        if receiver is not None and receiver not in {
                a["id"] for a in queries.accounts_at(db, node_id, rules.INTAKE_ROLES)}:
            errors.append({"field": "receiver_id", "message": t("desk.not_a_receiver")})
        if errors:
            raise ApiError(400, t("error.validation"), "validation", errors)
        before = desk.desk(db, node_id)
        after = {"receiver_id": receiver, "office_hours": cleaned.get("office_hours")}
        queries.save_desk(db, {"node_id": node_id, **after, "updated_by": user.id,
                               "updated_at": now_iso()})
        # Who receives residents' appeals is an admin's choice worth tracing, as org changes are.
        audit.record(db, user.id, "update", "public_desk", node_id, before=before, after=after)
