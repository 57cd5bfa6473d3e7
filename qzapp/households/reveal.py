"""Reveals: each time a handler shows a household's full phone or ID number, the phone
records it (offline too) and the record syncs like any other."""
from ..db import fetch_one
from ..i18n import t
from ..sync.registry import Entity, Reject, fields_clean
from ..validate import DateTime, Str
from . import rules
from .entity import current_cadre

FIELDS = {"household_id": Str(max_len=36), "field": Str(choices=("phone", "id_number")),
          "revealed_at": DateTime()}


def handles(db, user, household):
    """Whether the user sees this household's personal data in full."""
    if current_cadre(db, household["id"]) == user.id:
        return True
    path = user.scope.node_path(db, household["node_id"])
    return path is not None and rules.keeps_register_of(user, path)


def prepare(db, user, cleaned, existing):
    """A reveal by someone who handles the household."""
    household = fetch_one(db, "SELECT id, node_id FROM households WHERE id = ?",
                          [cleaned["household_id"].lower()])
    if household is None or not handles(db, user, household):
        raise Reject(t("household.reveal_not_allowed"), code="forbidden")
    return {**cleaned, "household_id": household["id"], "node_id": household["node_id"]}


REVEAL = Entity(
    name="reveal", table="reveals", clean=fields_clean(FIELDS), prepare=prepare, ops=("put",),
    node_readers=frozenset({"supervisor", "admin"}),
    may_write=lambda user, existing: False,   # a reveal, once made, stays as it was
    serialize=lambda db, row: {k: row[k] for k in ("id", "node_id", "household_id", "field",
                                                   "revealed_at", "created_by")},
)
