"""Shifts: dated time slots of a post, each for so many members (a volunteer team's when it
names one). Staff write them on their phones: never in the past, never ending before they
start; a cancelled shift cancels its sign-ups and tells their members; more places take
members from its waiting list."""
import datetime as dt

from ..i18n import t
from ..sync.changes import Audience
from ..sync.registry import Entity, Reject, fields_clean, register
from ..validate import Bool, DateTime, Int, Str
from . import common, queries, rules, signups

FIELDS = {
    "post_id": Str(min_len=36, max_len=36),
    "starts_at": DateTime(),
    "ends_at": DateTime(),
    "capacity": Int(min_value=1, max_value=rules.SHIFT_CAPACITY_MAX),
    "team_id": Str(required=False, max_len=36),
    "note": Str(required=False, max_len=rules.SHIFT_NOTE_MAX),
    "cancelled": Bool(required=False, default=False),
}
SHOWN = ("id", "post_id", "node_id", "starts_at", "ends_at", "capacity", "team_id", "note",
         "cancelled", "created_by", "created_at", "updated_at")


def _invalid(field, message):
    return Reject(t("error.validation"), [{"field": field, "message": message}], "validation")


def shift_problems(shift):
    """A shift's own rules: it ends after it starts, and lasts at most a day."""
    starts = dt.datetime.fromisoformat(shift["starts_at"])
    ends = dt.datetime.fromisoformat(shift["ends_at"])
    if ends <= starts:
        return [{"field": "ends_at", "message": t("duty.shift.ends_before_start")}]
    if ends - starts > dt.timedelta(hours=rules.SHIFT_HOURS_MAX):
        return [{"field": "ends_at", "message": t("duty.shift.too_long",
                                                  hours=rules.SHIFT_HOURS_MAX)}]
    return []


def prepare(db, user, cleaned, existing):
    """A shift of a post in the writer's scope, in Beijing time; a new one in the future of
    an active post. A shift that started or was cancelled stays as it is; one with sign-ups
    keeps its post and times, and at least the places it has confirmed."""
    post = queries.live_row(db, "duty_posts", cleaned["post_id"])
    if post is None or not user.scope.contains(db, post["node_id"]):
        raise _invalid("post_id", t("duty.shift.post_unknown"))
    row = {**cleaned, "post_id": post["id"], "node_id": post["node_id"],
           "starts_at": common.beijing(cleaned["starts_at"]),
           "ends_at": common.beijing(cleaned["ends_at"]), "cancelled": bool(cleaned["cancelled"])}
    now = common.beijing_now()
    if existing is None:
        if not post["active"]:
            raise _invalid("post_id", t("duty.shift.post_inactive", title=post["title"]))
    else:
        _check_change(db, existing, row, now)
    if row["starts_at"] <= now and (existing is None or row["starts_at"] != existing["starts_at"]):
        raise _invalid("starts_at", t("duty.shift.in_past"))
    if row["team_id"]:
        team = queries.live_row(db, "duty_teams", row["team_id"])
        if team is None or team["node_id"] != post["node_id"]:
            raise _invalid("team_id", t("duty.shift.team_unknown"))
        row["team_id"] = team["id"]
    return row


def _check_change(db, existing, row, now):
    """What may change of a stored shift (see prepare)."""
    if existing["cancelled"]:
        raise Reject(t("duty.shift.cancelled_already"), code="cancelled")
    if existing["starts_at"] <= now:
        raise Reject(t("duty.shift.started"), code="started")
    if row["post_id"] != existing["post_id"]:
        raise _invalid("post_id", t("duty.shift.post_fixed"))
    confirmed, waiting = queries.shift_taken(db, existing["id"])
    moved = (row["starts_at"], row["ends_at"]) != (existing["starts_at"], existing["ends_at"])
    if moved and confirmed + waiting:
        raise _invalid("starts_at", t("duty.shift.times_fixed", count=confirmed + waiting))
    if row["capacity"] < confirmed:
        raise _invalid("capacity", t("duty.shift.capacity_below_taken", count=confirmed))


def after_save(db, row, existing):
    """A shift cancelled: its sign-ups are cancelled and their members told; more places: the
    waiting list moves up."""
    if row["cancelled"] and (existing is None or not existing["cancelled"]):
        signups.cancel_with_shift(db, row)
    elif existing is not None and row["capacity"] > existing["capacity"]:
        signups.promote(db, row)


def serialize(db, row):
    """A shift as staff phones store it."""
    record = {k: row[k] for k in SHOWN}
    record["cancelled"] = bool(record["cancelled"])
    return record


SHIFT = register(Entity(
    name="duty_shift", table="duty_shifts",
    clean=common.phone_clean(fields_clean(FIELDS, rules.STAFF, shift_problems), SHOWN, FIELDS),
    prepare=prepare,
    may_write=lambda user, existing: user.has_role(*rules.STAFF), serialize=serialize,
    ops=("put",), audience=lambda db, row: Audience(row["node_id"]),
    node_readers=rules.DUTY_READERS, after_save=after_save,
))
