"""Reveals: each time a handler shows a household's full phone or ID number, the phone
records it (offline too) and the record syncs like any other."""
from ..db import fetch_one
from ..i18n import t
from ..sync.registry import Entity, Reject
from ..validate import DateTime, Str, check
from . import rules
from .entity import current_cadre

FIELDS = {"household_id": Str(max_len=36), "field": Str(choices=("phone", "id_number")),
          "revealed_at": DateTime()}


def handles(db, user, household):
    """Whether the user sees this household's personal data in full."""
    if current_cadre(db, household["id"]) == user.id:
        return True
    node = fetch_one(db, "SELECT path FROM org_nodes WHERE id = ?", [household["node_id"]])
    return node is not None and rules.keeps_register_of(user, node["path"])


def prepare(db, user, data, existing):
    """A reveal by someone who handles the household."""
    cleaned, errors = check(data, FIELDS)
    if errors:
        raise Reject(t("error.validation"), errors, "validation")
    household = fetch_one(db, "SELECT id, node_id FROM households WHERE id = ?",
                          [cleaned["household_id"].lower()])
    if household is None or not handles(db, user, household):
        raise Reject(t("household.reveal_not_allowed"), code="forbidden")
    return {**cleaned, "household_id": household["id"], "node_id": household["node_id"]}


REVEAL = Entity(
    name="reveal", table="reveals", prepare=prepare, ops=("put",),
    node_readers=frozenset({"supervisor", "admin"}),
    may_write=lambda user, existing: False,   # a reveal, once made, stays as it was
    serialize=lambda db, row: {k: row[k] for k in ("id", "node_id", "household_id", "field",
                                                   "revealed_at", "created_by")},
)
