"""HTTP of leaders' grassroots work. Leaders write through sync; what is here: a leader's year
as computed from the records (their own, or for the readers of their scope), the list of the
leaders of a scope, and the administrators' contact points and targets."""
from flask_login import current_user, login_required

from .. import audit, paging
from ..auth import current_scope, roles_required
from ..auth.scope import requested_subtree, require_node_in_scope, scoped_get
from ..clock import now_iso, today
from ..db import get_db, immediate
from ..errors import ApiError, invalid, ok
from ..i18n import t
from ..validate import INT_MAX, Int, check, json_body, year_arg
from . import access, bp, progress, queries, rules


def _user():
    return current_user._get_current_object()


def _year():
    """The ?year= asked for (this year when absent), or a 400."""
    return year_arg(today().year)


def _leader(db, user_id):
    """A leader the signed-in user may read; 404 for anyone else, as for no such leader."""
    leader = queries.leader(db, user_id)
    if leader is None or not access.may_read_leader(db, _user(), leader):
        raise ApiError(404, t("leaders.unknown"), "not_found")
    return leader


@bp.get("/me")
@login_required
@roles_required(*rules.LEADERS)
def my_year():
    """The signed-in leader's year (?year=, this one by default)."""
    db = get_db()
    return ok(**progress.year_of(db, _leader(db, current_user.id), _year()))


@bp.get("/<int:user_id>")
@login_required
@roles_required(*rules.LEADERS, *rules.READERS)
def leader_year(user_id):
    """A leader's year, for themself and for the readers of their scope."""
    db = get_db()
    return ok(**progress.year_of(db, _leader(db, user_id), _year()))


def _summary(item):
    """A leader's line in the list: their days against the target, visits, reports."""
    days = item["days"]
    return {**item["leader"], "days": days["count"], "days_target": days.get("target"),
            "days_behind": bool(days.get("behind")), "visits": item["visits"]["count"],
            "visits_over_limit": item["visits"]["over_limit"],
            "reports": item["reports"]["count"], "reports_met": item["reports"]["met"],
            "receptions": item["receptions"]["held"],
            "receptions_target": item["receptions"]["target_per_month"],
            "receptions_missed": len(item["receptions"]["missed"])}


@bp.get("")
@login_required
@roles_required(*rules.READERS)
def leaders():
    """A page of the leaders of the reader's scope (or ?node_id= inside it), in tree order,
    each with their ?year= at a glance."""
    db = get_db()
    year = _year()
    subtree = requested_subtree(db, current_scope()) or current_scope()
    page = paging.requested_page()
    after, params = paging.after_sql(queries.LEADER_ORDER, page)
    rows, total = queries.leaders_page(db, subtree, after, params, page.limit + 1)
    listed = paging.answer(rows, page, lambda r: (r["path"], r["name"], r["id"]), total)
    listed["items"] = [_summary(progress.year_of(db, row, year)) for row in listed["items"]]
    return ok(year=year, **listed)


# --- Contact points ---------------------------------------------------------------------------

def _kept_leader(db, user_id):
    """A leader an administrator of the caller's scope keeps; 404 otherwise."""
    leader = queries.leader(db, user_id)
    if leader is None or not current_scope().contains_path(leader["path"]):
        raise ApiError(404, t("leaders.unknown"), "not_found")
    return leader


def _contacts(db, user_id):
    return [{k: r[k] for k in ("node_id", "name", "kind", "assigned_at")}
            for r in queries.contacts(db, user_id)]


@bp.get("/<int:user_id>/contacts")
@login_required
@roles_required(*rules.LEADERS, *rules.READERS)
def contacts(user_id):
    """A leader's contact points (联系点)."""
    db = get_db()
    return ok(contacts=_contacts(db, _leader(db, user_id)["id"]))


@bp.put("/<int:user_id>/contacts")
@login_required
@roles_required(*rules.KEEPERS)
def set_contacts(user_id):
    """Set a leader's contact points: {node_ids: [...]}, villages, communities, townships or
    party organisations (enterprises) of the administrator's scope; audited."""
    body = json_body()
    node_ids = body.get("node_ids")
    if not isinstance(node_ids, list) or not all(
            isinstance(n, int) and not isinstance(n, bool) and 1 <= n <= INT_MAX
            for n in node_ids):
        raise invalid("node_ids", t("field.not_list"))
    if len(set(node_ids)) > rules.MAX_CONTACTS:
        raise invalid("node_ids", t("field.too_many", max=rules.MAX_CONTACTS))
    db = get_db()
    with immediate(db):
        leader = _kept_leader(db, user_id)
        for node_id in set(node_ids):
            require_node_in_scope(db, current_scope(), node_id, "node_ids")
            if queries.node_kind(db, node_id) not in rules.CONTACT_KINDS:
                raise invalid("node_ids", t("leaders.contact_kind"))
        before = [c["node_id"] for c in _contacts(db, leader["id"])]
        queries.replace_contacts(db, leader["id"], sorted(set(node_ids)), current_user.id,
                                 now_iso())
        audit.record(db, current_user.id, "update", "leader_contacts", leader["id"],
                     before=before, after=sorted(set(node_ids)))
    return ok(contacts=_contacts(db, leader["id"]))


# --- Targets ----------------------------------------------------------------------------------

TARGET_FIELDS = {
    "days_per_year": Int(required=False, min_value=0, max_value=rules.DAYS_MAX),
    "receptions_per_month": Int(required=False, min_value=0, max_value=31),
}


def _targets(db, node_id):
    """The settings made on a node, for each level (None where not set), with the seed's
    defaults beside them."""
    made = queries.targets_at(db, node_id)
    return {level: {"days_per_year": made[level]["days_per_year"] if level in made else None,
                    "receptions_per_month": made[level]["receptions_per_month"]
                    if level in made else None,
                    "default_days_per_year": rules.DEFAULT_DAYS_PER_YEAR.get(level),
                    "days_floor": rules.DAYS_FLOOR.get(level)}
            for level in rules.LEVELS}


@bp.get("/targets/<int:node_id>")
@login_required
@roles_required(*rules.READERS)
def targets(node_id):
    """The targets set on a node of the caller's scope for the leaders under it, by level."""
    db = get_db()
    scoped_get(db, current_scope(), "org_nodes", node_id, column="id")
    return ok(node_id=node_id, targets=_targets(db, node_id))


@bp.put("/targets/<int:node_id>")
@login_required
@roles_required(*rules.KEEPERS)
def set_targets(node_id):
    """Set targets for the leaders under a node: {level: {days_per_year,
    receptions_per_month}} (null: the default); never below the seed's floor; audited."""
    body = json_body()
    errors, cleaned = [], {}
    for level, values in body.items():
        if level not in rules.LEVELS or not isinstance(values, dict):
            errors.append({"field": level, "message": t("leaders.level_unknown")})
            continue
        values, problems = check(values, TARGET_FIELDS)
        errors += [{**p, "field": f"{level}.{p['field']}"} for p in problems]
        floor = rules.DAYS_FLOOR.get(level)
        if not problems and floor and values["days_per_year"] is not None \
                and values["days_per_year"] < floor:
            errors.append({"field": f"{level}.days_per_year",
                           "message": t("leaders.days_below_floor", days=floor)})
        cleaned[level] = values
    if errors:
        raise ApiError(400, t("error.validation"), "validation", errors)
    db = get_db()
    with immediate(db):
        scoped_get(db, current_scope(), "org_nodes", node_id, column="id")
        before = _targets(db, node_id)
        for level, values in cleaned.items():
            queries.save_target(db, {"node_id": node_id, "level": level, **values,
                                     "updated_by": current_user.id, "updated_at": now_iso()})
        audit.record(db, current_user.id, "update", "leader_targets", node_id,
                     before={k: before[k] for k in cleaned}, after=cleaned)
    return ok(node_id=node_id, targets=_targets(db, node_id))
