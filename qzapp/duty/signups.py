"""Sign-ups for shifts, made on members' phones (offline too). The server decides a sign-up's
status when it arrives, in order of arrival: confirmed while the shift has places, else waiting
with its position in the list (the member is told why: never dropped). A member cancels before
the community's cut-off; a confirmed place given up goes to the first who waits."""
import datetime as dt

from ..clock import now_iso
from ..i18n import t
from ..sync import store
from ..sync.registry import Entity, Reject, fields_clean, register
from ..validate import Str
from . import common, notices, queries, rules, settings

FIELDS = {"shift_id": Str(min_len=36, max_len=36),
          "status": Str(required=False, choices=rules.SIGNUP_STATUSES)}
SHOWN = ("id", "shift_id", "post_id", "node_id", "starts_at", "ends_at", "status", "position",
         "cancel_reason", "cancelled_at", "created_by", "created_at", "updated_at")


def _invalid(field, message):
    return Reject(t("error.validation"), [{"field": field, "message": message}], "validation")


def prepare(db, user, cleaned, existing):
    """A new sign-up (its status decided here), or the member's cancel of theirs; whatever
    else a phone sends of the status is the server's to say, and left as it is."""
    if existing is not None:
        return _cancel(db, existing) if cleaned["status"] == "cancelled" else {}
    shift = queries.live_row(db, "duty_shifts", cleaned["shift_id"])
    if shift is None:
        raise _invalid("shift_id", t("duty.signup.shift_unknown"))
    common.require_approved(db, user, shift["node_id"], "duty.signup.not_registered")
    when = common.span(shift["starts_at"], shift["ends_at"])
    if shift["cancelled"]:
        raise Reject(t("duty.signup.shift_cancelled", when=when), code="cancelled")
    if shift["starts_at"] <= common.beijing_now():
        raise Reject(t("duty.signup.shift_past", when=when), code="past")
    if queries.active_signup_for(db, user.id, shift["id"]) is not None:
        raise Reject(t("duty.signup.twice", when=when), code="duplicate")
    earliest = common.beijing(dt.datetime.fromisoformat(shift["starts_at"])
                              - dt.timedelta(hours=rules.SHIFT_HOURS_MAX))
    other = queries.overlapping_signup(db, user.id, shift["starts_at"], shift["ends_at"],
                                       earliest)
    if other is not None:
        raise Reject(t("duty.signup.overlap", when=common.span(other["starts_at"],
                                                               other["ends_at"])),
                     code="overlap")
    confirmed, waiting = queries.shift_taken(db, shift["id"])
    full = confirmed >= shift["capacity"]
    return {"shift_id": shift["id"], "post_id": shift["post_id"], "node_id": shift["node_id"],
            "starts_at": shift["starts_at"], "ends_at": shift["ends_at"],
            "status": "waiting" if full else "confirmed", "position": waiting + 1 if full else None,
            "queued": queries.next_queued(db, shift["id"]), "cancel_reason": None,
            "cancelled_at": None}


def _cancel(db, existing):
    """The member gives up a sign-up: a waiting one until the shift starts, a confirmed one
    until the community's cut-off before it."""
    if existing["status"] == "cancelled":
        return {}
    when = common.span(existing["starts_at"], existing["ends_at"])
    if existing["starts_at"] <= common.beijing_now():
        raise Reject(t("duty.signup.cancel_started", when=when), code="started")
    hours = settings.of(db, existing["node_id"])["signup_cutoff_hours"]
    if existing["status"] == "confirmed" and existing["starts_at"] <= common.beijing_now(hours):
        raise Reject(t("duty.signup.cancel_cutoff", when=when, hours=hours), code="cutoff")
    return cancelled("member")


def cancelled(reason):
    """The columns of a sign-up cancelled for reason (member, shift_cancelled, moved)."""
    return {"status": "cancelled", "position": None, "cancel_reason": reason,
            "cancelled_at": now_iso()}


def after_save(db, row, existing):
    """A sign-up put on the waiting list: its member is told why. One given up: the place it
    held goes to the first who waits, and the list moves up."""
    if existing is None:
        if row["status"] == "waiting":
            notices.tell(db, "duty_signup_waiting", row)
    elif existing["status"] in rules.SIGNUP_ACTIVE and row["status"] == "cancelled" \
            and row["cancel_reason"] != "shift_cancelled":
        promote(db, queries.live_row(db, "duty_shifts", row["shift_id"]))


def promote(db, shift):
    """Confirm the first who wait on the shift while it has places (each told), and number
    the rest of its waiting list again from 1."""
    if shift is None or shift["cancelled"]:
        return
    confirmed, _ = queries.shift_taken(db, shift["id"])
    free = max(shift["capacity"] - confirmed, 0)
    for index, signup in enumerate(queries.shift_signups(db, shift["id"], ["waiting"])):
        if index < free:
            _save(db, signup, {"status": "confirmed", "position": None})
            promoted = queries.live_row(db, "duty_signups", signup["id"])
            notices.tell(db, "duty_signup_promoted", promoted)
        elif signup["position"] != index - free + 1:
            _save(db, signup, {"position": index - free + 1})


def cancel_with_shift(db, shift):
    """Cancel every sign-up of a cancelled shift and tell their members."""
    for signup in queries.shift_signups(db, shift["id"], list(rules.SIGNUP_ACTIVE)):
        _save(db, signup, cancelled("shift_cancelled"))
        notices.tell(db, "duty_shift_cancelled", queries.live_row(db, "duty_signups", signup["id"]))


def release_moved(db, member_id, node_id):
    """A member who moved away from the community node_id gives up the places they hold on
    its shifts that have not started (the first who wait take them)."""
    for signup in queries.member_signups_from(db, member_id, node_id, common.beijing_now()):
        _save(db, signup, cancelled("moved"))


def _save(db, signup, changes):
    """Store the server's change of a sign-up (no user wrote it)."""
    store.save(db, None, SIGNUP, signup["id"], signup, {**signup, **changes})


def serialize(db, row):
    """A sign-up as phones store it, with its member's name."""
    record = {k: row[k] for k in SHOWN}
    record["member_name"] = queries.user_name(db, row["created_by"])
    return record


SIGNUP = register(Entity(
    name="duty_signup", table="duty_signups",
    clean=common.phone_clean(fields_clean(FIELDS, rules.MEMBERS), [*SHOWN, "member_name"],
                             FIELDS),
    prepare=prepare, may_write=lambda user, existing: existing["created_by"] == user.id,
    serialize=serialize, ops=("put",),
    audience=common.member_audience,
    node_readers=rules.DUTY_READERS, after_save=after_save, shows={"user": "created_by"},
))
