"""Receptions (F9, seed §4): a leader's public reception (定期接访) or visit with cases (带案下访),
written on the phone like the other records: planned (announced on the public board of the
place when public), then held (how many came, what was done) or cancelled (why). The cases
received at one name it in their receive event (the ledger checks it); a held one counts for
the month's quota (city leaders at least one a month) and as a day at the grassroots."""
import datetime as dt

from .. import clock
from ..i18n import t
from ..sync.registry import Entity, fields_clean, register
from ..validate import Bool, DateTime, HashList, Int, Str
from . import records, rules

FIELDS = {
    "kind": Str(choices=rules.RECEPTION_KINDS),
    "starts_at": DateTime(),
    "place": Str(max_len=rules.PLACE_MAX, min_len=1),
    "place_node_id": Int(required=False, min_value=1),
    "topic": Str(required=False, max_len=rules.TITLE_MAX),
    "public": Bool(required=False, default=False),
    "status": Str(required=False, default="planned", choices=rules.RECEPTION_STATUSES),
    "visitors": Int(required=False, min_value=0, max_value=rules.VISITORS_MAX),
    "summary": Str(required=False, max_len=rules.TEXT_MAX, lines=True),
    "cancel_reason": Str(required=False, max_len=rules.TEXT_MAX, lines=True),
    "photos": HashList(required=False, default=[], max_items=rules.PHOTOS_MAX),
}


def local_start(reception):
    """When a reception starts, in Beijing time."""
    return dt.datetime.fromisoformat(reception["starts_at"]).astimezone(clock.CHINA)


def own_rules(reception):
    """A reception's own rules: held ones have happened and say how many came; cancelled
    ones say why; public ones name where in the tree they are held."""
    errors = []
    status = reception["status"]
    if status == "held" and local_start(reception) > clock.now():
        errors.append({"field": "status", "message": t("leaders.reception.held_in_future")})
    if status == "held" and reception["visitors"] is None:
        errors.append({"field": "visitors", "message": t("field.required")})
    if status == "cancelled" and not reception["cancel_reason"]:
        errors.append({"field": "cancel_reason", "message": t("field.required")})
    if reception["public"] and not reception["place_node_id"]:
        # The public boards announce it by the place in the tree it is held at.
        errors.append({"field": "place_node_id",
                       "message": t("leaders.reception.public_needs_place")})
    return errors


def prepare(db, user, cleaned, existing):
    """A reception placed in the leader's scope; once held or cancelled it stays so (a held
    one's account may still be corrected)."""
    errors = []
    if existing is not None and existing["status"] != "planned" \
            and cleaned["status"] != existing["status"]:
        errors.append({"field": "status", "message": t("leaders.reception.status_final")})
    records.check_place(db, user, cleaned, errors)
    records.refuse_if(errors)
    start = local_start(cleaned)
    # Kept in Beijing time, so that times compare as text (the board's coming receptions).
    return {**cleaned, "starts_at": start.isoformat(timespec="seconds"),
            "node_id": records.own_node(user, existing), "year": start.year,
            "month": start.strftime("%Y-%m")}


_SERIALIZE = records.serializer(FIELDS, ("year", "month"))


def serialize(db, row):
    """A reception as the phone stores it."""
    record = _SERIALIZE(db, row)
    return {**record, "public": bool(record["public"])}


RECEPTION = register(Entity(
    name="reception", table="receptions",
    clean=fields_clean(FIELDS, rules.LEADERS, own_rules), prepare=prepare,
    may_write=records.writer_only, serialize=serialize,
    media=lambda row: row.get("photos") or [],
))

