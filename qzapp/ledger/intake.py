"""Where a case starts: a receive event's data placed where its household, diary or
reception is (or its writer's node), checked against what the writer may see, and given its
deadlines as the table has them now."""
from ..i18n import t
from ..sync import changes
from ..sync.registry import Reject
from . import deadlines, rules


def received_data(db, user, data):
    """A receive event's data, placed where its household or diary is and with its
    deadlines as the table has them now; a Reject when it names what the writer may not
    see."""
    if not user.has_role(*rules.INTAKE_ROLES):
        raise Reject(t("sync.not_allowed"), code="forbidden")
    data, errors, node_id = dict(data), [], None
    if data.get("diary_id"):
        diary = changes.visible_row(db, user, "diary", data["diary_id"])
        if diary is None:
            errors.append({"field": "diary_id", "message": t("appeal.diary_unknown")})
        else:
            node_id, data["diary_id"] = diary["node_id"], diary["id"]
            data["household_id"] = data.get("household_id") or diary["household_id"]
    if not errors and data.get("household_id"):
        household = changes.visible_row(db, user, "household", data["household_id"])
        if household is None:
            errors.append({"field": "household_id", "message": t("diary.household_unknown")})
        else:
            node_id, data["household_id"] = household["node_id"], household["id"]
    if data.get("reception_id"):
        check_reception(db, user, data, errors)
    if node_id is None and data.get("node_id") is not None:
        if user.scope.contains(db, data["node_id"]):
            node_id = data["node_id"]
        else:
            errors.append({"field": "node_id", "message": t("field.node_out_of_scope")})
    if errors:
        raise Reject(t("error.validation"), errors, "validation")
    data["node_id"] = node_id or user.node["id"]
    if data["kind"] == "matter":
        data["days"] = deadlines.days_for_matter(db, data["node_id"], data["matter_type"])
    else:
        data["days"] = deadlines.days_for(db, data["node_id"], data["category"], data["urgency"])
    return {k: v for k, v in data.items() if v not in (None, [], "")} | {
        "backlog": bool(data.get("backlog"))}


def check_reception(db, user, data, errors):
    """A case received at a reception: one the writer may see and that was not cancelled,
    through the channel of leaders' receptions; its place is the reception's when the case
    names none."""
    reception = changes.visible_row(db, user, "reception", data["reception_id"])
    if reception is None or reception["status"] == "cancelled":
        errors.append({"field": "reception_id", "message": t("case.reception_unknown")})
        return
    data["reception_id"] = reception["id"]
    if data["channel"] != rules.RECEPTION_CHANNEL:
        errors.append({"field": "channel", "message": t("case.reception_channel")})
    if data.get("node_id") is None and reception["place_node_id"] is not None:
        data["node_id"] = reception["place_node_id"]
