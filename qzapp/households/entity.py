"""The household as a synced record: register fields, masking, duplicates, who handles it."""
import json
from typing import ClassVar

from ..clock import today
from ..db import fetch_one, fetch_value
from ..i18n import t
from ..privacy import mask_id_number, mask_name, mask_phone
from ..sync import changes
from ..sync.changes import Audience
from ..sync.registry import Entity, Reject
from ..validate import Field, Int, Str, check
from . import rules

WRITERS = rules.REGISTER_KEEPERS | {"admin"}
READERS_IN_SCOPE = rules.REGISTER_KEEPERS | {"supervisor", "admin"}
PHONE_CHARS = set("0123456789-")


class Members(Field):
    """Family members: [{name, relation, birth_year}], each checked."""

    SCHEMA: ClassVar = {"name": Str(max_len=40), "relation": Str(required=False, max_len=20),
              "birth_year": Int(required=False)}

    def clean(self, value):
        if not isinstance(value, list) or len(value) > 30 or not all(
                isinstance(m, dict) for m in value):
            raise ValueError(t("household.members_format"))
        members = []
        for index, member in enumerate(value, 1):
            cleaned, errors = check(member, self.SCHEMA)
            year = cleaned.get("birth_year")
            if year is not None and not rules.OLDEST_BIRTH_YEAR <= year <= today().year:
                errors.append({"field": "birth_year", "message": t("household.birth_year")})
            if errors:
                raise ValueError(t("household.member_problem", n=index,
                                   problem=errors[0]["message"]))
            members.append(cleaned)
        return members


FIELDS = {
    "node_id": Int(min_value=1),
    "head_name": Str(max_len=40),
    "members": Members(required=False, default=[]),
    "difficulty_type": Str(choices=rules.DIFFICULTY_TYPES),
    "needs": Str(required=False, max_len=500, lines=True),
    "address": Str(required=False, max_len=200),
    "phone": Str(required=False, max_len=20),
    "id_number": Str(required=False, max_len=18),
}


def prepare(db, user, data, existing):
    """Validate a household from the phone: its fields, its place, and no duplicate."""
    if not user.has_role(*WRITERS):
        raise Reject(t("sync.not_allowed"), code="forbidden")
    cleaned, errors = clean_fields(data, existing)
    if not errors:
        node = village_or_grid(db, user, cleaned["node_id"], errors)
        if node and not errors:
            _refuse_duplicate(db, user, node, cleaned, existing)
    if errors:
        raise Reject(t("error.validation"), errors, "validation")
    return cleaned


def clean_fields(data, existing=None):
    """A household's own fields checked (no database): (cleaned, [{field, message}])."""
    cleaned, errors = check(data, FIELDS)
    _keep_masked_values(cleaned, existing)
    if cleaned.get("id_number"):
        cleaned["id_number"] = cleaned["id_number"].upper()
        problem = rules.id_number_problem(cleaned["id_number"], today())
        if problem:
            errors.append({"field": "id_number", "message": t(problem)})
    if cleaned.get("phone") and not (set(cleaned["phone"]) <= PHONE_CHARS
                                     and 7 <= len(cleaned["phone"]) <= 20):
        errors.append({"field": "phone", "message": t("household.phone_format")})
    return cleaned, errors


MASKED_FIELDS = (("head_name", mask_name), ("phone", mask_phone), ("id_number", mask_id_number))


def _keep_masked_values(household, existing):
    """A reader who saw masked values and sent them back leaves the stored ones as they are:
    a masked echo never overwrites a real name, phone or ID number."""
    if existing is None:
        return
    for field, mask in MASKED_FIELDS:
        value = household.get(field)
        if value and "*" in value and value == mask(existing[field]):
            household[field] = existing[field]
    stored = _members_of(existing)
    for index, member in enumerate(household.get("members") or []):
        name = member.get("name") or ""
        if "*" in name and index < len(stored) and name == mask_name(stored[index]["name"]):
            member["name"] = stored[index]["name"]


def _members_of(row):
    members = row["members"]
    return json.loads(members) if isinstance(members, str) else members or []


def village_or_grid(db, user, node_id, errors):
    """The node if it is an active village or grid in the user's scope."""
    node = fetch_one(db, "SELECT * FROM org_nodes WHERE id = ?", [node_id])
    problem = place_problem(user, node)
    if problem:
        errors.append(problem)
        return None
    return node


def place_problem(user, node):
    """Why a node (a row, or None) cannot hold the user's households, or None."""
    if node is None or not node["active"] or not user.scope.contains_path(node["path"]):
        return {"field": "node_id", "message": t("field.node_out_of_scope")}
    if node["kind"] not in ("village", "grid"):
        return {"field": "node_id", "message": t("household.node_kind")}
    return None


def village_of(node):
    """The village a village-or-grid node belongs to (its path's village id)."""
    return node["id"] if node["kind"] == "village" else node["parent_id"]


def twin_key(node, household):
    """What no two households may share: (village, head, ID number); None without an ID
    number. The households of a village are those on it or on a node under it."""
    if not household.get("id_number"):
        return None
    return village_of(node), household["head_name"], household["id_number"]


def stored_twin_keys(node_id, parent_id, head_name, id_number):
    """The twin keys a stored household on a node (id, parent id) answers to: as in
    _refuse_duplicate, its node's own village key and its parent's."""
    return (node_id, head_name, id_number), (parent_id, head_name, id_number)


def _refuse_duplicate(db, user, node, household, existing):
    """Same head and ID number in one village: point to the household that exists, when the
    writer may see it (another grid's household stays unnamed)."""
    if not household.get("id_number"):
        return
    village = village_of(node)
    twin = fetch_one(
        db, "SELECT h.id FROM households h JOIN org_nodes n ON n.id = h.node_id"
        " WHERE h.deleted = 0 AND h.head_name = ? AND h.id_number = ? AND h.id != ?"
        " AND (n.id = ? OR n.parent_id = ?)",
        [household["head_name"], household["id_number"],
         existing["id"] if existing else "", village, village])
    if twin:
        seen = changes.may_see(db, user, "household", twin["id"])
        raise Reject(t("household.duplicate"), [{"field": "id_number",
                                                 "message": t("household.duplicate")}],
                     "duplicate", duplicate_of=twin["id"] if seen else None)


def may_write(user, existing):
    """Register keepers and admins in scope edit a household (the engine checked scope)."""
    return user.has_role(*WRITERS)


def current_cadre(db, household_id):
    """The cadre paired with the household now, or None."""
    return fetch_value(db, "SELECT cadre_id FROM pairings WHERE household_id = ? AND"
                       " end_date IS NULL AND deleted = 0", [household_id])


def about_household_audience(db, row):
    """The audience of a record about a household (a diary, an appeal): its place, its
    author, and the cadre paired with the household as its handler."""
    handler = current_cadre(db, row["household_id"]) if row.get("household_id") else None
    return Audience(row["node_id"], row.get("created_by"), handler)


def audience(db, row):
    """The village or grid by scope, and the paired cadre as its handler."""
    return Audience(row["node_id"], None, current_cadre(db, row["id"]))


def serialize(db, row):
    """A household as its handlers see it."""
    record = {k: row[k] for k in ("id", "node_id", *[f for f in FIELDS if f != "node_id"],
                                  "created_at", "updated_at")}
    if isinstance(record["members"], str):
        record["members"] = json.loads(record["members"])
    return record


def redact(db, user, record):
    """Names, phone and ID number masked for readers who do not keep this village's register
    (the paired cadre, its handler, never gets here)."""
    path = user.scope.node_path(db, record["node_id"])
    if path and rules.keeps_register_of(user, path):
        return record
    masked = {field: mask(record[field]) for field, mask in MASKED_FIELDS}
    members = [{**m, "name": mask_name(m["name"])} for m in record["members"] or []]
    return {**record, **masked, "members": members, "masked": True}


def _pairings_follow(db, row, existing):
    """A household moved to another village or grid takes its pairings along."""
    if existing is not None and existing["node_id"] != row["node_id"]:
        from .pairing import move_pairings
        move_pairings(db, row["id"], row["node_id"])


HOUSEHOLD = Entity(
    name="household", table="households", prepare=prepare, may_write=may_write,
    serialize=serialize, redact=redact, audience=audience, node_readers=READERS_IN_SCOPE,
    ops=("put",), after_save=_pairings_follow,
)
