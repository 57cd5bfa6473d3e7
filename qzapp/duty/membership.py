"""Members' registrations with a residential community (报到, §3 双报到): the member registers
on the phone (offline, through sync); the community's staff approve or decline online, with a
reason the member sees. One community at a time: while a registration waits no other may be
made; a member approved somewhere moves by registering elsewhere, and the old registration
ends when the new one is approved."""
from ..clock import now_iso
from ..errors import ApiError, invalid
from ..i18n import t
from ..sync import store
from ..sync.registry import Entity, Reject, fields_clean, register
from ..validate import Int
from . import common, notices, queries, rules, signups

FIELDS = {"node_id": Int(min_value=1)}
SHOWN = ("id", "node_id", "status", "reason", "decided_by", "decided_at", "ended_at",
         "created_by", "created_at", "updated_at")


def prepare(db, user, cleaned, existing):
    """A new registration with an active community, pending; refused while another waits, or
    when the member is registered there already."""
    community = queries.active_community(db, cleaned["node_id"])
    if community is None:
        raise Reject(t("error.validation"), [{"field": "node_id",
                                              "message": t("duty.registration.not_community")}],
                     "validation")
    pending = queries.member_registration(db, user.id, "pending")
    if pending is not None:
        waiting = queries.active_community(db, pending["node_id"])
        raise Reject(t("duty.registration.pending_elsewhere",
                       community=waiting["name"] if waiting else ""), code="pending")
    approved = queries.member_registration(db, user.id, "approved")
    if approved is not None and approved["node_id"] == community["id"]:
        raise Reject(t("duty.registration.already", community=community["name"]),
                     code="duplicate")
    return {"node_id": community["id"], "status": "pending", "reason": None,
            "decided_by": None, "decided_at": None, "ended_at": None}


def after_save(db, row, existing):
    """A new registration: its community's staff are told there is one to decide."""
    if existing is None and row["status"] == "pending":
        notices.tell(db, "duty_registration_received", row)


def serialize(db, row):
    """A registration as phones store it, with its community's and member's names."""
    record = {k: row[k] for k in SHOWN}
    community = queries.active_community(db, row["node_id"])
    record["community"] = community["name"] if community else None
    record["member_name"] = queries.user_name(db, row["created_by"])
    return record


REGISTRATION = register(Entity(
    name="duty_registration", table="duty_registrations",
    clean=fields_clean(FIELDS, rules.MEMBERS), prepare=prepare,
    may_write=lambda user, existing: False, serialize=serialize, ops=("put",),
    audience=common.member_audience,
    node_readers=rules.DUTY_READERS, after_save=after_save, shows={"user": "created_by"},
))


def decide(db, staff, registration, decision, reason):
    """Approve or decline a pending registration (staff of its community); approving ends the
    member's registration elsewhere (they moved) and frees the places they held there from
    now on. The member is told either way."""
    if not common.keeps_books_of(db, staff, registration["node_id"]):
        raise ApiError(403, t("duty.registration.not_yours"), "forbidden")
    if registration["status"] != "pending":
        raise ApiError(409, t("duty.registration.decided_already",
                              status=t(f"duty.registration.status.{registration['status']}")),
                       "decided")
    status = rules.REGISTRATION_DECISIONS[decision]
    if status == "declined" and not reason:
        raise invalid("reason", t("duty.registration.reason_required"))
    stamp = now_iso()
    row = {**registration, "status": status, "reason": reason if status == "declined" else None,
           "decided_by": staff.id, "decided_at": stamp}
    store.save(db, staff, REGISTRATION, registration["id"], registration, dict(row))
    if status == "approved":
        for old in queries.other_approved(db, registration["created_by"], registration["id"]):
            store.save(db, staff, REGISTRATION, old["id"], old,
                       {**old, "status": "ended", "ended_at": stamp})
            signups.release_moved(db, registration["created_by"], old["node_id"])
    notices.tell(db, f"duty_registration_{status}", row)
    return queries.live_row(db, "duty_registrations", registration["id"])
