"""Pledges (承诺践诺, F5): a member's pledges for a year, made on the phone offline where they
are registered; the records of their fulfilment (text and photos) mark a pledge fulfilled,
and the community's staff confirm it or return it with a reason the member is told."""
import datetime as dt
import json

from .. import notify
from ..clock import now_iso, today
from ..errors import ApiError, invalid
from ..i18n import t
from ..sync import store
from ..sync.registry import Entity, Reject, fields_clean, register
from ..validate import Date, HashList, Int, Str
from . import common, queries
from .rules import MEMBERS, SERVED, STAFF

TEXT_MAX = 500
RECORD_TEXT_MAX = 1000
PHOTOS_MAX = 9
REASON_MAX = 200
# A pledge is for this year or, made late in the year, for the next.
YEARS_AHEAD = 1
# open → fulfilled (a record arrived) → confirmed; a return sends it back to open.
STATUSES = ("open", "fulfilled", "confirmed")
DECISIONS = ("confirm", "return")
# Who reads a community's pledges and their records by scope.
READERS = STAFF | {"admin", "supervisor"}

FIELDS = {
    "year": Int(min_value=2000, max_value=9999),
    "text": Str(max_len=TEXT_MAX, lines=True),
    "due_on": Date(),
}
RECORD_FIELDS = {
    "pledge_id": Str(min_len=36, max_len=36),
    "text": Str(max_len=RECORD_TEXT_MAX, lines=True),
    "photos": HashList(required=False, default=[], max_items=PHOTOS_MAX),
}
SHOWN = ("id", "node_id", "year", "text", "due_on", "status", "reason", "decided_at",
         "created_by", "created_at", "updated_at")
RECORD_SHOWN = ("id", "pledge_id", "node_id", "text", "photos", "created_by", "created_at",
                "updated_at")
SERVED.update(pledge={"text_max": TEXT_MAX, "record_text_max": RECORD_TEXT_MAX,
                      "photos_max": PHOTOS_MAX, "reason_max": REASON_MAX,
                      "years_ahead": YEARS_AHEAD, "statuses": list(STATUSES)})


def year_problems(pledge, on=None):
    """The rules of a pledge's dates that need no database: a year from this one to
    YEARS_AHEAD after, a due date inside it."""
    this_year, errors = (on or today()).year, []
    if not this_year <= pledge["year"] <= this_year + YEARS_AHEAD:
        errors.append({"field": "year", "message": t("duty.pledge.year_range",
                                                     first=this_year,
                                                     last=this_year + YEARS_AHEAD)})
    elif not pledge["due_on"].startswith(f"{pledge['year']:04d}-"):
        errors.append({"field": "due_on", "message": t("duty.pledge.due_in_year",
                                                       year=pledge["year"])})
    return errors


def _refuse(field, message):
    raise Reject(t("error.validation"), [{"field": field, "message": message}], "validation")


def prepare(db, user, cleaned, existing):
    """A pledge of a member approved with a community (the one it was made in, for an edit),
    due today or later when its date is set or changed."""
    community = queries.approved_community(db, user.id)
    if community is None or (existing is not None and existing["node_id"] != community):
        raise Reject(t("duty.pledge.not_registered"), code="forbidden")
    if (existing is None or existing["due_on"] != cleaned["due_on"]) \
            and cleaned["due_on"] < today().isoformat():
        _refuse("due_on", t("duty.pledge.due_past"))
    row = {"node_id": community, **cleaned}
    if existing is None:
        row["status"] = "open"
    return row


def serialize(db, row):
    """A pledge as the member's and the staff's phones store it."""
    return {k: row.get(k) for k in SHOWN}


PLEDGE = register(Entity(
    name="duty_pledge", table="duty_pledges",
    clean=fields_clean(FIELDS, MEMBERS, year_problems), prepare=prepare,
    # Its member changes or withdraws it until the staff have confirmed it.
    may_write=lambda user, existing: existing["created_by"] == user.id
    and existing["status"] != "confirmed",
    serialize=serialize, node_readers=READERS,
    audience=common.member_audience,
))


class _Author:
    """Who a row written on a record's behalf is written by (its member), by id."""

    def __init__(self, user_id):
        self.id = user_id


def prepare_record(db, user, cleaned, existing):
    """A record of one of the writer's own pledges (the same one, for an edit)."""
    pledge = queries.live_row(db, "duty_pledges", cleaned["pledge_id"])
    if pledge is None or pledge["deleted"] or pledge["created_by"] != user.id \
            or (existing is not None and existing["pledge_id"] != pledge["id"]):
        _refuse("pledge_id", t("duty.pledge.not_mine"))
    return {**cleaned, "pledge_id": pledge["id"], "node_id": pledge["node_id"]}


def settle_record(db, row, existing):
    """After a record is stored: its pledge is fulfilled (waiting for the staff) when it was
    open, and open again when its last record is withdrawn before they decided."""
    pledge = queries.live_row(db, "duty_pledges", row["pledge_id"])
    if pledge is None or pledge["deleted"]:
        return
    if not row["deleted"] and pledge["status"] == "open":
        status = "fulfilled"
    elif row["deleted"] and pledge["status"] == "fulfilled" \
            and not queries.pledge_record_count(db, pledge["id"]):
        status = "open"
    else:
        return
    store.save(db, _Author(row["created_by"]), PLEDGE, pledge["id"], pledge,
               {**pledge, "status": status}, row.get("device_id"))


def _record_photos(row):
    photos = row.get("photos")
    return json.loads(photos) if isinstance(photos, str) else (photos or [])


def serialize_record(db, row):
    """A record of fulfilment as the phones store it."""
    record = {k: row[k] for k in RECORD_SHOWN}
    record["photos"] = _record_photos(row)
    return record


def _clean_record(user, data):
    cleaned = fields_clean(RECORD_FIELDS, MEMBERS)(user, data)
    return {**cleaned, "pledge_id": cleaned["pledge_id"].lower()}


PLEDGE_RECORD = register(Entity(
    name="duty_pledge_record", table="duty_pledge_records", clean=_clean_record,
    prepare=prepare_record, may_write=lambda user, existing: existing["created_by"] == user.id,
    serialize=serialize_record, node_readers=READERS, media=_record_photos,
    after_save=settle_record,
    audience=common.member_audience,
))


def decide(db, actor, pledge, decision, reason):
    """The staff's decision on a fulfilled pledge (inside the caller's write): confirm it, or
    return it to its member with the reason; the member is told. Returns the stored row."""
    if pledge["status"] != "fulfilled":
        raise ApiError(409, t(f"duty.pledge.cannot_decide.{pledge['status']}"), "transition")
    if decision == "return" and not reason:
        raise invalid("reason", t("duty.pledge.reason_required"))
    row = {**pledge, "status": "confirmed" if decision == "confirm" else "open",
           "reason": reason if decision == "return" else None,
           "decided_by": actor.id, "decided_at": now_iso()}
    rev = store.save(db, actor, PLEDGE, pledge["id"], pledge, row)
    kind = "duty_pledge_confirmed" if decision == "confirm" else "duty_pledge_returned"
    notify.emit(db, kind, {"pledge": row}, f"{kind}:{pledge['id']}:{rev}")
    return row


def _short(text, size=30):
    return text if len(text) <= size else text[:size - 1] + "…"


def _notice_values(db, subject):
    pledge = subject["pledge"]
    return {"text": _short(pledge["text"]), "reason": pledge.get("reason") or ""}


def _pledge_link(subject):
    return f"#/duty-pledge?id={subject['pledge']['id']}"


notify.declare("duty_pledge_confirmed", who=lambda db, s: [s["pledge"]["created_by"]],
               link=_pledge_link, values=_notice_values)
notify.declare("duty_pledge_returned", who=lambda db, s: [s["pledge"]["created_by"]],
               link=_pledge_link, values=_notice_values, urgency="high")


def listed(row):
    """A pledge as the staff's list shows it (the member's name in full: they keep the
    community's books)."""
    return {**serialize(None, row), "member_id": row["created_by"],
            "member_name": row["member_name"], "node_name": row["node_name"],
            "records": row["records"]}


def in_year(value, field="year"):
    """A ?year= argument as a year (this year when absent), or a 400."""
    if not value:
        return today().year
    if not (value.isascii() and value.isdigit() and 2000 <= int(value) <= 9999):
        raise invalid(field, t("field.not_integer"))
    return int(value)


def due_month(due_on):
    """The month a due date falls in, as the public board shows it (never the day)."""
    return dt.date.fromisoformat(due_on).month
