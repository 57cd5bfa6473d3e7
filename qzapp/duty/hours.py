"""Hours served (duty_hours): written by the server when a check-out arrives, from its pair's
times, with both ends' flags; the community's staff confirm or reject them online (a reason
the member sees), and the member is told. Phones only read them: the member their own, the
staff their communities'."""
import datetime as dt
import json
import uuid

from .. import clock, notify
from ..errors import ApiError
from ..i18n import t
from ..sync import store
from ..sync.changes import Audience
from ..sync.registry import Entity, register
from . import queries, rules

# The hours of a check-out are named from its id: the same whoever writes them, and once.
HOURS_IDS = uuid.UUID("6d7a8f0e-2b4c-4f51-9a37-1c0e5b9d2f64")
FIELDS = ("id", "node_id", "member_id", "post_id", "post_title", "shift_id", "checkin_id",
          "checkout_id", "started_at", "ended_at", "minutes", "year", "flags", "status",
          "reason", "decided_by", "decided_at", "created_at", "updated_at")


class _Author:
    """The writer of a row written on a member's behalf (the hours of their check-out)."""

    def __init__(self, user_id):
        self.id = user_id


def as_list(value):
    """A JSON list column as a list."""
    return json.loads(value) if isinstance(value, str) else list(value or [])


def minutes_between(started_at, ended_at):
    """Whole minutes from one moment (ISO text with its offset) to another."""
    seconds = (dt.datetime.fromisoformat(ended_at) - dt.datetime.fromisoformat(started_at))
    return max(0, int(seconds.total_seconds() // 60))


def record_pair(db, checkin, checkout):
    """Write the hours of a check-in and the check-out that closes it (pending), inside the
    check-out's write."""
    post = queries.checkin_post(db, checkout["post_id"])
    flags = set(as_list(checkin["flags"])) | set(as_list(checkout["flags"]))
    row = {"node_id": checkout["node_id"], "member_id": checkout["created_by"],
           "post_id": post["id"], "post_title": post["title"], "shift_id": checkin["shift_id"],
           "checkin_id": checkin["id"], "checkout_id": checkout["id"],
           "started_at": checkin["at"], "ended_at": checkout["at"],
           "minutes": minutes_between(checkin["at"], checkout["at"]), "year": post["year"],
           "flags": [f for f in rules.CHECKIN_FLAGS if f in flags], "status": "pending",
           "reason": None, "decided_by": None, "decided_at": None}
    store.save(db, _Author(checkout["created_by"]), HOURS,
               str(uuid.uuid5(HOURS_IDS, checkout["id"])), None, row, checkout.get("device_id"))


def decide(db, user, hours, decision, reason):
    """Confirm or reject a community's hours (decision: confirm or reject; a reject's reason
    is required, and the member sees it); the member is told. Returns the stored row."""
    status = rules.HOURS_DECISIONS[decision]
    if hours["status"] == status:
        raise ApiError(409, t(f"duty.hours.already_{status}"), "conflict")
    row = {**hours, "status": status, "reason": reason if status == "rejected" else None,
           "decided_by": user.id, "decided_at": clock.now_iso()}
    row["flags"] = as_list(row["flags"])
    rev = store.save(db, user, HOURS, hours["id"], hours, row)
    notify.emit(db, f"duty_hours_{status}", {"hours": row}, f"duty_hours:{hours['id']}:{rev}")
    return queries.live_row(db, "duty_hours", hours["id"])


def serialize(db, row):
    """Hours as the phone stores them."""
    return {k: as_list(row[k]) if k == "flags" else row[k] for k in FIELDS}


HOURS = register(Entity(
    name="duty_hours", table="duty_hours", ops=(), prepare=None,
    may_write=lambda user, existing: False, serialize=serialize,
    audience=lambda db, row: Audience(row["node_id"], row["member_id"]),
    node_readers=rules.SYNCED_TO_STAFF,
))


# --- what the member is told -----------------------------------------------------------------

def duration_text(minutes):
    """Minutes as hours to one decimal, as the books count them (2.5)."""
    return f"{minutes / 60:.1f}".rstrip("0").rstrip(".")


def local_day(moment):
    """The Beijing date of a moment (ISO text with its offset)."""
    return dt.datetime.fromisoformat(moment).astimezone(clock.CHINA).date().isoformat()


def _values(db, subject):
    hours = subject["hours"]
    return {"post": hours["post_title"], "date": local_day(hours["started_at"]),
            "hours": duration_text(hours["minutes"]), "reason": hours.get("reason") or ""}


def _member(db, subject):
    return [subject["hours"]["member_id"]]


def _link(subject):
    return "#/duty"


notify.declare("duty_hours_confirmed", who=_member, link=_link, values=_values)
notify.declare("duty_hours_rejected", who=_member, link=_link, values=_values)
