"""Unannounced inspections of service windows (暗访, F14): a supervisor or leader records what
they found at a unit's window, on the phone, offline; its author may correct it."""
import json

from ..i18n import t
from ..sync.registry import Entity, Reject, fields_clean
from ..validate import DateTime, HashList, Int, Str
from . import rules

FIELDS = {
    "node_id": Int(min_value=1),
    "visited_at": DateTime(),
    "window": Str(max_len=100),
    "result": Str(choices=rules.INSPECTION_RESULTS),
    "findings": Str(max_len=rules.NOTE_MAX, lines=True),
    "follow_up": Str(required=False, max_len=rules.NOTE_MAX, lines=True),
    "photos": HashList(required=False, default=[], max_items=rules.PHOTOS_MAX),
}
SHOWN = ("id", "node_id", "visited_at", "window", "result", "findings", "follow_up", "photos",
         "created_by", "created_at", "updated_at")


def prepare(db, user, cleaned, existing):
    """An inspection of a unit inside the inspector's scope."""
    if not user.scope.contains(db, cleaned["node_id"]):
        raise Reject(t("error.validation"), [{"field": "node_id",
                                              "message": t("field.node_out_of_scope")}],
                     "validation")
    return dict(cleaned)


def serialize(db, row):
    """An inspection as it is pulled."""
    record = {k: row[k] for k in SHOWN}
    if isinstance(record["photos"], str):
        record["photos"] = json.loads(record["photos"])
    return record


INSPECTION = Entity(
    name="inspection", table="inspections",
    clean=fields_clean(FIELDS, rules.INSPECTORS), prepare=prepare,
    may_write=lambda user, existing: existing["created_by"] == user.id,
    serialize=serialize, node_readers=rules.INSPECTION_READERS,
    media=lambda row: json.loads(row["photos"]) if isinstance(row.get("photos"), str)
    else (row.get("photos") or []),
)
