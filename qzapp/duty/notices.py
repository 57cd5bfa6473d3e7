"""What community duty's first part tells whom (F7): staff of a new registration to decide;
a member of their registration decided, of a sign-up put on the waiting list (and why), of a
waiting sign-up confirmed, of a shift cancelled."""
from .. import notify
from ..auth.queries import active_users_at
from . import common, queries, rules


def _member(db, subject):
    return [subject["row"]["created_by"]]


def _community_staff(db, subject):
    """The active staff at the registration's community."""
    return active_users_at(db, subject["row"]["node_id"], rules.STAFF)


def _registration_values(db, subject):
    row = subject["row"]
    community = queries.active_community(db, row["node_id"])
    return {"community": community["name"] if community else "",
            "member": queries.user_name(db, row["created_by"]) or "",
            "reason": row.get("reason") or ""}


def _signup_values(db, subject):
    row = subject["row"]
    post = queries.live_row(db, "duty_posts", row["post_id"])
    return {"post": post["title"] if post else "", "when": common.span(row["starts_at"],
                                                                      row["ends_at"]),
            "position": row.get("position") or ""}


def _to_hub(subject):
    return "#/duty"


def _to_admin(subject):
    return "#/duty-admin"


notify.declare("duty_registration_received", who=_community_staff, link=_to_admin,
               values=_registration_values)
notify.declare("duty_registration_approved", who=_member, link=_to_hub,
               values=_registration_values)
notify.declare("duty_registration_declined", who=_member, link=_to_hub,
               values=_registration_values, urgency="high")
notify.declare("duty_signup_waiting", who=_member, link=_to_hub, values=_signup_values,
               urgency="high")
notify.declare("duty_signup_promoted", who=_member, link=_to_hub, values=_signup_values,
               urgency="high")
notify.declare("duty_shift_cancelled", who=_member, link=_to_hub, values=_signup_values,
               urgency="high")


def tell(db, name, row):
    """Tell whoever the kind name concerns of the registration or sign-up row, once per row
    and kind (a sign-up waits once, is confirmed from the list once, is cancelled once)."""
    notify.emit(db, name, {"row": row}, f"{name}:{row['id']}")
