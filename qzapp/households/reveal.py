"""Reveals: each time a handler shows a household's full phone or ID number, the phone
records it (offline too) and the record syncs like any other. The phone keeps to the same
hourly limit (rules.REVEALS_PER_WINDOW) before it shows anything."""
import datetime as dt

from ..clock import iso, now
from ..db import fetch_one, fetch_value
from ..i18n import t
from ..sync.registry import Entity, Reject, fields_clean
from ..validate import DateTime, Str
from . import rules
from .entity import current_cadre

FIELDS = {"household_id": Str(max_len=36), "field": Str(choices=("phone", "id_number")),
          "revealed_at": DateTime()}


def handles(db, user, household):
    """Whether the user sees this household's personal data in full."""
    return rules.handles(user, current_cadre(db, household["id"]),
                         user.scope.node_path(db, household["node_id"]))


def prepare(db, user, cleaned, existing):
    """A reveal by someone who handles the household, stamped with the time the server
    received it (revealed_at stays as the phone claims it), within the hourly limit."""
    household = fetch_one(db, "SELECT id, node_id FROM households WHERE id = ?",
                          [cleaned["household_id"].lower()])
    if household is None or not handles(db, user, household):
        raise Reject(t("household.reveal_not_allowed"), code="forbidden")
    received = now()
    since = iso(received - dt.timedelta(minutes=rules.REVEAL_WINDOW_MINUTES))
    recent = fetch_value(db, "SELECT count(*) FROM reveals WHERE created_by = ? AND"
                         " received_at > ?", [user.id, since])
    if recent >= rules.REVEALS_PER_WINDOW:
        raise Reject(t("household.reveal_limit", count=rules.REVEALS_PER_WINDOW,
                       minutes=rules.REVEAL_WINDOW_MINUTES), code="rate_limited")
    return {**cleaned, "household_id": household["id"], "node_id": household["node_id"],
            "received_at": iso(received)}


REVEAL = Entity(
    name="reveal", table="reveals", clean=fields_clean(FIELDS), prepare=prepare, ops=("put",),
    node_readers=frozenset({"supervisor", "admin"}),
    may_write=lambda user, existing: False,   # a reveal, once made, stays as it was
    serialize=lambda db, row: {k: row[k] for k in ("id", "node_id", "household_id", "field",
                                                   "revealed_at", "received_at", "created_by")},
)
