"""What a member reads of community duty (their phone keeps it for offline use): their
registrations, and once approved, their community with its posts of this year and its shifts
of the coming weeks, each with its places taken and the member's own claim or sign-up; and the
communities a member may register with."""
import datetime as dt

from ..clock import today
from . import common, queries, rules, settings

# The registrations a member's answer carries: the current ones and the last few decided.
REGISTRATIONS_SHOWN = 5
POST_KEYS = ("id", "node_id", "year", "title", "description", "place", "lat", "lng",
             "radius_m", "capacity", "skills", "contact_role")
SHIFT_KEYS = ("id", "post_id", "starts_at", "ends_at", "capacity", "team_id", "note")


def communities_for(db, user):
    """For a member, the active communities of their county (of their city or province when
    their node lies above any county): where they may register — a member's party
    organisation may sit anywhere, and they register where they live. For staff and readers,
    the communities of their scope: those whose books they keep."""
    path = user.node["path"]
    if user.has_role(*rules.MEMBERS):
        path = queries.county_path_of(db, path) or path
    return queries.communities_under(db, path)


def registration_shown(row):
    """A registration as the member's answer shows it."""
    return {k: row[k] for k in ("id", "node_id", "community", "status", "reason",
                                "decided_at", "ended_at", "created_at", "updated_at", "rev")}


def answer(db, user):
    """The member's answer of GET /api/duty/community."""
    year = common.this_year()
    registrations = queries.member_registrations(db, user.id)
    approved = next((r for r in registrations if r["status"] == "approved"), None)
    claims = queries.claimed_posts(db, user.id, year)
    found = {"year": year, "posts_per_year": rules.POSTS_PER_MEMBER_YEAR,
             "registrations": [registration_shown(r) for r in registrations[
                 :REGISTRATIONS_SHOWN]],
             "claims": [{"post_id": c["id"], "claim_id": c["claim_id"], "title": c["title"],
                         "community": c["community"]} for c in claims],
             "community": None, "posts": [], "shifts": [], "settings": None}
    if approved is None:
        return found
    community = queries.active_community(db, approved["node_id"])
    if community is None:   # deactivated since: nothing to serve there
        return found
    found["community"] = {"id": community["id"], "name": community["name"],
                          "township": community["township"]}
    found["settings"] = settings.of(db, community["id"])
    found["posts"] = [{**{k: p[k] for k in POST_KEYS}, "active": bool(p["active"]),
                       "claimed": p["claimed"], "mine": bool(p["mine"])}
                      for p in queries.community_posts(db, community["id"], year, user.id)]
    found["shifts"] = _shifts(db, community["id"], user.id)
    return found


def _shifts(db, node_id, member_id):
    """The community's shifts from today for COMMUNITY_SHIFT_DAYS, with places taken and the
    member's own sign-up. A busy community has thousands: what is empty is left out (the
    phone names a shift's post from the posts)."""
    start = today()
    end = start + dt.timedelta(days=rules.COMMUNITY_SHIFT_DAYS)
    rows = queries.community_shifts(db, node_id, start.isoformat(), end.isoformat(), member_id)
    return [_shift(s) for s in rows]


def _shift(row):
    """One shift of the member's answer."""
    shift = {k: row[k] for k in SHIFT_KEYS if row[k] is not None}
    shift.update(taken=row["taken"], waiting=row["waiting"])
    if row["cancelled"]:
        shift["cancelled"] = True
    if row["my_signup_id"]:
        shift["my_signup"] = {"id": row["my_signup_id"], "status": row["my_status"],
                              "position": row["my_position"], "rev": row["my_rev"]}
    return shift
