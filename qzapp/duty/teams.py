"""Volunteer teams (党员志愿服务队, F5): a community's staff keep its teams — a name, a leader and
members, each a member registered with and approved by the community — on the phone, offline
like any synced record; a shift may be a team's (team_of)."""
import json

from ..i18n import t
from ..privacy import mask_name
from ..sync.changes import Audience
from ..sync.registry import Entity, Reject, fields_clean, register
from ..validate import Field, Int, Str
from . import queries
from .rules import SERVED, STAFF

NAME_MAX = 50
MEMBERS_MAX = 200
# Who reads a community's teams by scope: its staff, and the admins and supervisors above.
READERS = STAFF | {"admin", "supervisor"}


class UserIds(Field):
    """A list of distinct account ids (positive integers), at most max_items, in order."""

    def __init__(self, max_items, **kw):
        super().__init__(**kw)
        self.max_items = max_items

    def clean(self, value):
        if not isinstance(value, list) or not all(
                isinstance(v, int) and not isinstance(v, bool) and 0 < v < 2 ** 63
                for v in value):
            raise ValueError(t("duty.team.members_not_ids"))
        value = list(dict.fromkeys(value))
        if len(value) > self.max_items:
            raise ValueError(t("field.too_many", max=self.max_items))
        return value


FIELDS = {
    "name": Str(max_len=NAME_MAX),
    "node_id": Int(required=False, min_value=1),
    "leader_id": Int(min_value=1),
    "members": UserIds(MEMBERS_MAX, required=False, default=[]),
}
SHOWN = ("id", "node_id", "name", "leader_id", "members", "created_by", "created_at",
         "updated_at")
SERVED.update(team={"name_max": NAME_MAX, "members_max": MEMBERS_MAX})


def _with_leader(team):
    """The team's members with its leader among them (first when added here)."""
    members = team["members"]
    if team["leader_id"] not in members:
        members = [team["leader_id"], *members]
    if len(members) > MEMBERS_MAX:
        return None
    return {**team, "members": members}


def clean(user, data):
    """A team's own checks: its fields, and at most MEMBERS_MAX with its leader."""
    cleaned = fields_clean(FIELDS, STAFF)(user, data)
    team = _with_leader(cleaned)
    if team is None:
        raise Reject(t("error.validation"), [{"field": "members", "message": t(
            "field.too_many", max=MEMBERS_MAX)}], "validation")
    return team


def prepare(db, user, cleaned, existing):
    """A team of a community in the writer's scope (where it was made, for an edit), whose
    leader and members are all approved with that community, named unlike its others."""
    node_id = existing["node_id"] if existing else (cleaned["node_id"] or user.node["id"])
    if existing is None and (queries.active_community(db, node_id) is None
                             or not user.scope.contains(db, node_id)):
        raise Reject(t("duty.team.not_community"), [{"field": "node_id", "message": t(
            "duty.team.not_community")}], "validation")
    errors = []
    approved = queries.approved_among(db, node_id, cleaned["members"])
    if cleaned["leader_id"] not in approved:
        errors.append({"field": "leader_id", "message": t("duty.team.leader_not_member")})
    strangers = [m for m in cleaned["members"] if m not in approved and m != cleaned["leader_id"]]
    if strangers:
        errors.append({"field": "members", "message": t("duty.team.not_members",
                                                       count=len(strangers))})
    if queries.team_name_taken(db, node_id, cleaned["name"], existing["id"] if existing else ""):
        errors.append({"field": "name", "message": t("duty.team.name_taken")})
    if errors:
        raise Reject(t("error.validation"), errors, "validation")
    return {"node_id": node_id, "name": cleaned["name"], "leader_id": cleaned["leader_id"],
            "members": cleaned["members"]}


def serialize(db, row):
    """A team as the staff's phones store it, with its people's names (the staff keep the
    community's books), so that the phone names them offline."""
    record = {k: row[k] for k in SHOWN}
    record["members"] = _members(row)
    names = queries.user_names(db, record["members"])
    record["names"] = {str(m): names.get(m) for m in record["members"]}
    return record


TEAM = register(Entity(
    name="duty_team", table="duty_teams", clean=clean, prepare=prepare,
    # Only who sees it by scope reaches may_write (the engine checks may_see first).
    may_write=lambda user, existing: user.has_role(*STAFF),
    serialize=serialize, node_readers=READERS,
    audience=lambda db, row: Audience(row["node_id"]),
))


def team_of(db, team_id):
    """The team team_id names (a duty_teams row, members a list), or None: for a shift's
    team_id, whose community the caller compares with its post's."""
    row = queries.live_row(db, "duty_teams", team_id) if team_id else None
    return None if row is None else {**row, "members": _members(row)}


def _members(row):
    members = row["members"]
    return json.loads(members) if isinstance(members, str) else list(members or [])


def shown_to_staff(db, rows):
    """Teams as their community's staff read them: every name in full."""
    names = queries.user_names(db, [m for row in rows for m in _members(row)])
    return [_shown(row, names, masked=False) for row in rows]


def shown_to_member(db, user, rows):
    """Teams as a member of their community reads them: the names of a team's people in
    full only to who is in it, masked (张*) to the others; whether the reader is in each."""
    names = queries.user_names(db, [m for row in rows for m in _members(row)])
    shown = []
    for row in rows:
        mine = user.id in _members(row)
        shown.append({**_shown(row, names, masked=not mine), "mine": mine})
    return shown


def _shown(row, names, masked):
    def person(user_id):
        # Masked, a person is not named by id either: only the family name shows.
        if masked:
            return {"name": mask_name(names.get(user_id))}
        return {"id": user_id, "name": names.get(user_id)}
    members = _members(row)
    return {"id": row["id"], "node_id": row["node_id"], "node_name": row["node_name"],
            "name": row["name"], "leader": person(row["leader_id"]),
            "members": [person(m) for m in members], "size": len(members)}
