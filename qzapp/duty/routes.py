"""HTTP of registrations, posts, shifts and sign-ups (part A of community duty). Members write
through sync; what is here: what a member's phone reads and keeps (their community), the
communities to register with, and the staff's online part — deciding registrations, the lists
of registrations, sign-ups and members without a post, and a community's settings."""
from flask import request
from flask_login import current_user, login_required

from .. import paging
from ..auth import current_scope, roles_required
from ..auth.scope import requested_subtree
from ..db import get_db, immediate
from ..errors import ApiError, invalid, ok
from ..i18n import t
from ..validate import Str, check, json_body, year_arg
from . import bp, common, community, membership, queries, rules, settings

DECISION_FIELDS = {"decision": Str(choices=tuple(rules.REGISTRATION_DECISIONS)),
                   "reason": Str(required=False, max_len=rules.DECLINE_REASON_MAX, lines=True)}
WITHOUT_POST_READERS = rules.DUTY_READERS | rules.PARTY_ORG_READERS


def _user():
    return current_user._get_current_object()


@bp.get("/communities")
@login_required
@roles_required(*rules.MEMBERS, *rules.DUTY_READERS)
def communities():
    """The communities a member may register with (those of their county); for staff and
    readers, those of their scope."""
    return ok(communities=community.communities_for(get_db(), _user()))


@bp.get("/community")
@login_required
@roles_required(*rules.MEMBERS)
def my_community():
    """The member's registrations, and their community's posts and coming shifts."""
    return ok(**community.answer(get_db(), _user()))


def _registration_item(row):
    """A registration as the staff's list shows it."""
    return {k: row[k] for k in ("id", "node_id", "community", "status", "reason", "decided_at",
                                "decided_by", "ended_at", "created_at", "created_by",
                                "member_name", "member_org")}


@bp.get("/registrations")
@login_required
@roles_required(*rules.DUTY_READERS)
def registrations():
    """A page of the registrations with the communities of the user's subtree (or ?node_id=
    inside it), of ?status= when given, oldest first."""
    db = get_db()
    status = request.args.get("status") or None
    if status is not None and status not in rules.REGISTRATION_STATUSES:
        raise invalid("status", t("field.not_a_choice"))
    subtree = requested_subtree(db, current_scope()) or current_scope()
    page = paging.requested_page()
    after, params = paging.after_sql(queries.REGISTRATION_ORDER, page)
    rows, total = queries.registrations_page(db, subtree, status, after, params, page.limit + 1)
    listed = paging.answer(rows, page, lambda r: (r["created_at"], r["id"]), total)
    listed["items"] = [_registration_item(r) for r in listed["items"]]
    return ok(**listed)


@bp.post("/registrations/<registration_id>/decision")
@login_required
@roles_required(*rules.STAFF)
def decide_registration(registration_id):
    """Approve or decline a pending registration with a community of the staff's: {decision:
    approve|decline, reason (required to decline; the member sees it)}."""
    cleaned, errors = check(json_body(), DECISION_FIELDS)
    if errors:
        raise ApiError(400, t("error.validation"), "validation", errors)
    db = get_db()
    with immediate(db):
        row = queries.live_row(db, "duty_registrations", registration_id)
        if row is None or not current_scope().contains(db, row["node_id"]):
            raise ApiError(404, t("duty.registration.unknown"), "not_found")
        decided = membership.decide(db, _user(), row, cleaned["decision"], cleaned["reason"])
    return ok(registration=membership.serialize(db, decided))


def _year():
    """The ?year= asked for (this year when absent), or a 400."""
    return year_arg(common.this_year())


@bp.get("/without-post")
@login_required
@roles_required(*WITHOUT_POST_READERS)
def without_post():
    """A page of the members who claim no post in ?year= (this year), by name: for community
    staff, those approved with their communities; for the keepers of a party organisation's
    books, its members (with their registration, if any); ?node_id= narrows either."""
    db = get_db()
    user = _user()
    year = _year()
    subtree = requested_subtree(db, current_scope()) or current_scope()
    staff = subtree if user.has_role(*rules.DUTY_READERS) else None
    party = subtree if user.has_role(*rules.PARTY_ORG_READERS) else None
    page = paging.requested_page()
    after, params = paging.after_sql(queries.WITHOUT_POST_ORDER, page)
    rows, total = queries.without_post_page(db, year, staff, party, after, params,
                                            page.limit + 1)
    listed = paging.answer(rows, page, lambda r: (r["name"], r["id"]), total)
    return ok(year=year, posts_per_year=rules.POSTS_PER_MEMBER_YEAR, **listed)


def _signup_item(row):
    """A sign-up as the staff's list shows it."""
    return {k: row[k] for k in ("id", "shift_id", "post_id", "post_title", "node_id",
                                "starts_at", "ends_at", "status", "position", "cancel_reason",
                                "cancelled_at", "created_at", "created_by", "member_name",
                                "member_org")}


def _shift_shown(db, shift):
    """A shift with its places taken, as the staff's list of its sign-ups heads it."""
    confirmed, waiting = queries.shift_taken(db, shift["id"])
    post = queries.live_row(db, "duty_posts", shift["post_id"])
    return {**{k: shift[k] for k in ("id", "post_id", "node_id", "starts_at", "ends_at",
                                     "capacity", "team_id", "note")},
            "cancelled": bool(shift["cancelled"]), "post_title": post["title"] if post else None,
            "taken": confirmed, "waiting": waiting}


@bp.get("/signups")
@login_required
@roles_required(*rules.DUTY_READERS)
def signups():
    """A page of the sign-ups of ?shift_id= (with the shift: places taken, waiting), or of
    the shifts from today of the user's subtree (or ?node_id=), in order of arrival."""
    db = get_db()
    shift_id = request.args.get("shift_id") or None
    shift = None
    if shift_id is not None:
        shift = queries.live_row(db, "duty_shifts", shift_id)
        if shift is None or not current_scope().contains(db, shift["node_id"]):
            raise ApiError(404, t("duty.shift.unknown"), "not_found")
    subtree = requested_subtree(db, current_scope()) or current_scope()
    page = paging.requested_page()
    after, params = paging.after_sql(queries.SIGNUP_ORDER, page)
    rows, total = queries.signups_page(db, subtree, shift["id"] if shift else None,
                                       common.beijing_now()[:10], after, params, page.limit + 1)
    listed = paging.answer(rows, page, lambda r: (r["starts_at"], r["queued"], r["id"]), total)
    listed["items"] = [_signup_item(r) for r in listed["items"]]
    return ok(shift=_shift_shown(db, shift) if shift else None, **listed)


def _community_in_scope(db, node_id):
    """An active community of the user's subtree; a 404 outside it, a 400 for another node."""
    if not current_scope().contains(db, node_id):
        raise ApiError(404, t("error.not_found"), "not_found")
    found = queries.active_community(db, node_id)
    if found is None:
        raise invalid("node_id", t("duty.post.not_community"))
    return found


# One rule for both methods (see ledger/desk_routes.py: a number too big for SQLite in the
# path stays a 404).
@bp.route("/settings/<int:node_id>", methods=["GET", "PUT"])
@login_required
@roles_required(*rules.DUTY_READERS)
def community_settings(node_id):
    """GET: a community's settings (its own or the defaults) and their bounds. PUT (its
    staff): {signup_cutoff_hours 0–72, checkin_tolerance_minutes 0–240}."""
    db = get_db()
    found = _community_in_scope(db, node_id)
    if request.method == "PUT":
        if not _user().has_role(*rules.STAFF):
            raise ApiError(403, t("duty.settings.staff_only"), "forbidden")
        cleaned, errors = check(json_body(), settings.FIELDS)
        if errors:
            raise ApiError(400, t("error.validation"), "validation", errors)
        with immediate(db):
            settings.save(db, _user(), node_id, cleaned)
    return ok(node_id=node_id, community=found["name"], settings=settings.of(db, node_id),
              defaults=settings.DEFAULTS)
