"""Service posts (岗位) and members' claims of them (§3: at least one a year). Staff write a
community's posts for a year on their phones (offline too); a member claims a post of this year
of the community they are approved with, on the phone; the server counts the claims when one
arrives, and a post that is full refuses the next (rare: the member picks another)."""
from ..i18n import t
from ..sync.changes import Audience
from ..sync.registry import Entity, Reject, fields_clean, register
from ..validate import Bool, Float, Int, Str
from . import common, queries, rules

POST_FIELDS = {
    "node_id": Int(min_value=1),
    "year": Int(min_value=2000, max_value=2100),
    "title": Str(max_len=rules.POST_TITLE_MAX),
    "description": Str(required=False, max_len=rules.POST_TEXT_MAX, lines=True),
    "place": Str(required=False, max_len=rules.POST_PLACE_MAX),
    "lat": Float(required=False, min_value=-90, max_value=90),
    "lng": Float(required=False, min_value=-180, max_value=180),
    "radius_m": Int(required=False, default=rules.DEFAULT_RADIUS_M,
                    min_value=rules.RADIUS_M[0], max_value=rules.RADIUS_M[1]),
    "capacity": Int(min_value=1, max_value=rules.POST_CAPACITY_MAX),
    "skills": Str(required=False, max_len=rules.POST_SKILLS_MAX),
    "contact_role": Str(required=False, max_len=rules.POST_CONTACT_MAX),
    "active": Bool(required=False, default=True),
}
POST_SHOWN = ("id", *POST_FIELDS, "created_by", "created_at", "updated_at")


def _invalid(field, message):
    return Reject(t("error.validation"), [{"field": field, "message": message}], "validation")


def post_problems(post):
    """A post's own rules: a GPS point is both its latitude and its longitude."""
    if (post["lat"] is None) != (post["lng"] is None):
        return [{"field": "lat", "message": t("duty.post.point_half")}]
    return []


def prepare_post(db, user, cleaned, existing):
    """A post of an active community in the writer's scope, for this year or the next; once
    claimed, its community and year stay, and it holds at least the members who claim it."""
    if existing is not None and cleaned["node_id"] != existing["node_id"]:
        raise _invalid("node_id", t("duty.post.node_fixed"))
    if queries.active_community(db, cleaned["node_id"]) is None \
            or not user.scope.contains(db, cleaned["node_id"]):
        raise _invalid("node_id", t("duty.post.not_community"))
    year, now = cleaned["year"], common.this_year()
    unchanged = existing is not None and existing["year"] == year
    if not unchanged and year not in (now, now + 1):
        raise _invalid("year", t("duty.post.year_range", this=now, next=now + 1))
    claimed = queries.post_claims(db, existing["id"]) if existing is not None else 0
    if claimed and not unchanged:
        raise _invalid("year", t("duty.post.year_fixed", count=claimed))
    if cleaned["capacity"] < claimed:
        raise _invalid("capacity", t("duty.post.capacity_below_claims", count=claimed))
    return dict(cleaned)


def serialize_post(db, row):
    """A post as staff phones store it."""
    record = {k: row[k] for k in POST_SHOWN}
    record["active"] = bool(record["active"])
    return record


POST = register(Entity(
    name="duty_post", table="duty_posts",
    clean=common.phone_clean(fields_clean(POST_FIELDS, rules.STAFF, post_problems),
                             POST_SHOWN, POST_FIELDS), prepare=prepare_post,
    may_write=lambda user, existing: user.has_role(*rules.STAFF), serialize=serialize_post,
    ops=("put",), audience=lambda db, row: Audience(row["node_id"]),
    node_readers=rules.DUTY_READERS,
))

CLAIM_FIELDS = {"post_id": Str(min_len=36, max_len=36)}
CLAIM_SHOWN = ("id", "post_id", "node_id", "year", "created_by", "created_at", "updated_at")


def prepare_claim(db, user, cleaned, existing):
    """A claim of an active post of this year, by a member approved with its community, once,
    while the post has room (counted as the claim arrives)."""
    post = queries.live_row(db, "duty_posts", cleaned["post_id"])
    if post is None:
        raise _invalid("post_id", t("duty.claim.post_unknown"))
    common.require_approved(db, user, post["node_id"], "duty.claim.not_registered")
    if post["year"] != common.this_year():
        raise Reject(t("duty.claim.not_this_year", title=post["title"], year=post["year"]),
                     code="not_this_year")
    if not post["active"]:
        raise Reject(t("duty.claim.inactive", title=post["title"]), code="inactive")
    if queries.has_claimed(db, post["id"], user.id):
        raise Reject(t("duty.claim.twice", title=post["title"]), code="duplicate")
    claimed = queries.post_claims(db, post["id"])
    if claimed >= post["capacity"]:
        raise Reject(t("duty.claim.full", title=post["title"], capacity=post["capacity"]),
                     code="full")
    return {"post_id": post["id"], "node_id": post["node_id"], "year": post["year"]}


def serialize_claim(db, row):
    """A claim as phones store it, with its post's title and its member's name."""
    record = {k: row[k] for k in CLAIM_SHOWN}
    post = queries.live_row(db, "duty_posts", row["post_id"])
    record["post_title"] = post["title"] if post else None
    record["member_name"] = queries.user_name(db, row["created_by"])
    return record


CLAIM = register(Entity(
    name="duty_claim", table="duty_claims",
    clean=fields_clean(CLAIM_FIELDS, rules.MEMBERS), prepare=prepare_claim,
    may_write=lambda user, existing: False, serialize=serialize_claim, ops=("put",),
    audience=common.member_audience,
    node_readers=rules.DUTY_READERS, shows={"user": "created_by"},
))
