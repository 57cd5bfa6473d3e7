"""The diary as a synced record: its fields, rules and who may write or read it."""
import datetime as dt
import json

from .. import rules
from ..clock import today
from ..households import about_household_audience
from ..i18n import t
from ..sync import changes
from ..sync.registry import Entity, Reject, fields_clean
from ..validate import Date, DateTime, Float, HashList, Int, Str

KINDS = ("visit", "evening_talk", "group_activity", "meeting")
# Group activities named in the seed (§1, §10): 坝坝会, 院坝会, 流动党校, 宣讲.
ACTIVITY_TYPES = ("bababa", "yuanba", "mobile_school", "lecture", "other")
WRITERS = frozenset({"cadre", "first_secretary", "village_staff", "grid_worker", "leader"})
READERS_IN_SCOPE = frozenset({"first_secretary", "village_staff", "supervisor"})
TEXT = 2000

FIELDS = {
    "kind": Str(choices=KINDS),
    "activity_type": Str(required=False, choices=ACTIVITY_TYPES),
    "occurred_at": DateTime(),
    "node_id": Int(required=False, min_value=1),
    "household_id": Str(required=False, max_len=36),
    "place": Str(required=False, max_len=100),
    "lat": Float(required=False, min_value=-90, max_value=90),
    "lng": Float(required=False, min_value=-180, max_value=180),
    "accuracy": Float(required=False, min_value=0, max_value=100_000),
    "people_met": Str(required=False, max_len=500, lines=True),
    "heard": Str(required=False, max_len=TEXT, lines=True),
    "done": Str(required=False, max_len=TEXT, lines=True),
    "topic": Str(required=False, max_len=200),
    "attendance": Int(required=False, min_value=0, max_value=100_000),
    "photos": HashList(required=False, default=[], max_items=9),
    "follow_up_date": Date(required=False),
}


@rules.served("diary")
def _served():
    """The diary's kinds, writers and fields, and the limits its form checks on the phone."""
    return {"kinds": list(KINDS), "activity_types": list(ACTIVITY_TYPES),
            "writers": sorted(WRITERS), "fields": list(FIELDS), "max": rules.limits(FIELDS)}


def prepare(db, user, cleaned, existing):
    """Place a cleaned diary on the org tree."""
    cleaned, errors = dict(cleaned), []
    cleaned["node_id"] = _place(db, user, cleaned, errors)
    if errors:
        raise Reject(t("error.validation"), errors, "validation")
    return cleaned


def rule_problems(diary):
    """The diary's own rules: what each kind needs, no future dates, follow-up after the visit."""
    errors = []
    when = dt.datetime.fromisoformat(diary["occurred_at"]).date()
    if when > today():
        errors.append({"field": "occurred_at", "message": t("diary.future_date")})
    if diary["kind"] == "visit" and not (diary["heard"] or diary["done"]):
        errors.append({"field": "heard", "message": t("diary.heard_or_done")})
    if diary["kind"] in ("evening_talk", "group_activity") and not diary["topic"]:
        errors.append({"field": "topic", "message": t("field.required")})
    if diary["kind"] == "group_activity" and not diary["activity_type"]:
        errors.append({"field": "activity_type", "message": t("field.required")})
    if diary["follow_up_date"] and diary["follow_up_date"] < when.isoformat():
        errors.append({"field": "follow_up_date", "message": t("diary.follow_up_before")})
    return errors


def _place(db, user, diary, errors):
    """The node a diary belongs to: its household's (a household the author may see, their
    paired one included, wherever it lies), else the one chosen in the author's scope,
    else the author's own."""
    if diary["household_id"]:
        household = changes.visible_row(db, user, "household", diary["household_id"])
        if household is None:
            errors.append({"field": "household_id", "message": t("diary.household_unknown")})
            return None
        diary["household_id"] = household["id"]
        if not diary["node_id"]:
            return household["node_id"]
    node_id = diary["node_id"] or user.node["id"]
    if not user.scope.contains(db, node_id):
        errors.append({"field": "node_id", "message": t("field.node_out_of_scope")})
    return node_id


def may_write(user, existing):
    """Only the author edits or deletes a diary."""
    return existing["created_by"] == user.id


def serialize(db, row):
    """A diary as the phone stores it."""
    record = {k: row[k] for k in ("id", "created_by", "created_at", "updated_at",
                                  "node_id", *FIELDS)}
    record["photos"] = json.loads(row["photos"]) if isinstance(row["photos"], str) \
        else row["photos"]
    return record


DIARY = Entity(
    name="diary", table="diaries", clean=fields_clean(FIELDS, WRITERS, rule_problems),
    prepare=prepare, may_write=may_write,
    serialize=serialize,
    node_readers=READERS_IN_SCOPE, media=lambda row: row.get("photos") or [],
    audience=about_household_audience, follows={"household": "household_id"},
)
