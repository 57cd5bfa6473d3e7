"""The appeal as phones of the version before cases sent it (raised from a diary): still
taken, so that nothing waiting in an outbox is lost, and made a case with a receive event."""
from ..households import about_household_audience
from ..i18n import t
from ..sync import changes
from ..sync.registry import Entity, Reject, fields_clean
from ..validate import Str
from . import engine

# Channels of F3 (§4 网上信访, §9 网络问政).
CHANNELS = ("hotline", "email", "microblog", "reception", "diary", "evening_talk",
            "online_form", "leader_reception")  # as phones of that version had them
CATEGORIES = ("infrastructure", "medical", "education", "social_security", "housing",
              "land", "employment", "environment", "dispute", "other")
WRITERS = frozenset({"cadre", "first_secretary", "village_staff", "grid_worker", "leader"})
READERS_IN_SCOPE = frozenset({"first_secretary", "village_staff", "grid_worker", "supervisor"})

FIELDS = {
    "channel": Str(required=False, default="diary", choices=CHANNELS),
    "category": Str(choices=CATEGORIES),
    "text": Str(max_len=2000, lines=True),
    "household_id": Str(required=False, max_len=36),
    "diary_id": Str(required=False, max_len=36),
}


def prepare(db, user, cleaned, existing):
    """Place a cleaned appeal where its diary or household is."""
    cleaned, errors, node_id = dict(cleaned), [], None
    if cleaned["diary_id"]:
        diary = changes.visible_row(db, user, "diary", cleaned["diary_id"])
        if diary is None:
            errors.append({"field": "diary_id", "message": t("appeal.diary_unknown")})
        else:
            node_id, cleaned["diary_id"] = diary["node_id"], diary["id"]
            cleaned["household_id"] = cleaned["household_id"] or diary["household_id"]
    if not errors and cleaned["household_id"]:
        household = changes.visible_row(db, user, "household", cleaned["household_id"])
        if household is None:
            errors.append({"field": "household_id", "message": t("diary.household_unknown")})
        else:
            node_id, cleaned["household_id"] = household["node_id"], household["id"]
    if errors:
        raise Reject(t("error.validation"), errors, "validation")
    # Where its diary or household is (records the writer may see), else the writer's node.
    return {**cleaned, "node_id": node_id or user.node["id"]}


APPEAL = Entity(
    name="appeal", table="appeals", clean=fields_clean(FIELDS, WRITERS), prepare=prepare,
    node_readers=READERS_IN_SCOPE,
    may_write=lambda user, existing: existing["created_by"] == user.id,
    serialize=lambda db, row: {k: row[k] for k in ("id", "node_id", "household_id", "diary_id",
                                                   "channel", "category", "text", "created_by",
                                                   "created_at", "updated_at")},
    audience=about_household_audience, follows={"household": "household_id"},
    after_save=lambda db, row, existing: existing is None and engine.receive_appeal(db, row),
)
