"""A community's own duty settings, which its staff set online: how long before a shift a
confirmed sign-up may still be cancelled, and the tolerance around a shift's window for
check-ins. A community that set none has the defaults of rules.py."""
from .. import audit
from ..clock import now_iso
from ..validate import Int
from . import queries, rules

FIELDS = {
    "signup_cutoff_hours": Int(min_value=0, max_value=rules.CUTOFF_HOURS_MAX),
    "checkin_tolerance_minutes": Int(min_value=0, max_value=rules.TOLERANCE_MINUTES_MAX),
}
DEFAULTS = {"signup_cutoff_hours": rules.DEFAULT_SIGNUP_CUTOFF_HOURS,
            "checkin_tolerance_minutes": rules.DEFAULT_CHECKIN_TOLERANCE_MINUTES}


def of(db, node_id):
    """The community's settings: {signup_cutoff_hours, checkin_tolerance_minutes}."""
    row = queries.settings_row(db, node_id)
    return {k: row[k] for k in FIELDS} if row is not None else dict(DEFAULTS)


def save(db, user, node_id, cleaned):
    """Store the community's settings (audited: they decide what members may do); returns
    them."""
    before = of(db, node_id)
    queries.save_settings(db, {"node_id": node_id, **cleaned, "updated_by": user.id,
                               "updated_at": now_iso()})
    audit.record(db, user.id, "update", "duty_settings", node_id, before=before, after=cleaned)
    return of(db, node_id)
