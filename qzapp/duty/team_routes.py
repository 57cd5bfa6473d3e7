"""HTTP for volunteer teams: a community's teams as its staff and its members read them, and
the members its staff may put in a team. Teams are written through sync (duty_team)."""
from flask_login import current_user, login_required

from ..auth import current_scope, roles_required
from ..db import get_db
from ..errors import ok
from . import bp, queries, teams
from .rules import MEMBERS, STAFF


def _me():
    return current_user._get_current_object()


@bp.get("/teams")
@login_required
def list_teams():
    """The teams of the communities in the reader's scope (staff, admins, supervisors: every
    name), or of the community a member is registered with (names masked outside their own
    teams); a member with no approved registration has none."""
    db = get_db()
    if current_user.has_role(*teams.READERS):
        return ok(teams=teams.shown_to_staff(db, queries.teams_in(db, current_scope())))
    community = queries.approved_community(db, current_user.id) \
        if current_user.has_role(*MEMBERS) else None
    if community is None:
        return ok(teams=[], community_id=None)
    rows = queries.teams_of(db, community)
    return ok(teams=teams.shown_to_member(db, _me(), rows), community_id=community)


@bp.get("/members")
@roles_required(*STAFF)
def list_members():
    """The members approved with the communities in my scope, by name ({id, name, node_id}):
    whom a team may take."""
    return ok(members=queries.approved_members(get_db(), current_scope()))
