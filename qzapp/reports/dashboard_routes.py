"""HTTP of the dashboards (F11): a node's figures with its children's (the drill-down), its
people a page at a time, the records behind any number, one person's figures (their annual
report), and every table as Excel. For supervisors, leaders and admins, within their scope."""
import calendar
import datetime as dt
import re

from flask import request
from flask_login import current_user, login_required

from .. import paging
from ..auth import current_scope, roles_required
from ..auth.scope import Scope, scoped_get
from ..clock import today
from ..db import get_db
from ..errors import ApiError, invalid, ok
from ..i18n import t
from ..validate import YEARS, int_arg, year_arg
from . import bp, dashboard_excel, people, records
from .dashboard_rules import MAX_MONTHS, NAMES, PERSON_FIGURES, READERS
from .figures import Period, dashboard
from .queries import dashboard as dashboard_queries
from .queries import people as people_queries

MONTH = re.compile(r"^(\d{4})-(\d{2})$")
RECORDS_PAGE = 50
# Pages further on read too much to skip to them: a list that long is narrowed, or exported.
MAX_RECORDS_PAGE = 1000


def _month(name, default):
    raw = request.args.get(name) or default
    found = MONTH.match(raw)
    if not found or not YEARS[0] <= int(found[1]) <= YEARS[1] or not 1 <= int(found[2]) <= 12:
        raise invalid(name, t("dashboard.month_invalid"))
    return int(found[1]), int(found[2])


def requested_period(on=None):
    """The ?from= and ?to= months (YYYY-MM; this year up to this month by default), checked:
    in order, and at most MAX_MONTHS long."""
    on = on or today()
    first = _month("from", f"{on.year}-01")
    last = _month("to", f"{on.year}-{on.month:02d}")
    if first > last:
        raise invalid("to", t("dashboard.period_reversed"))
    if (last[0] - first[0]) * 12 + last[1] - first[1] + 1 > MAX_MONTHS:
        raise invalid("to", t("dashboard.period_too_long", months=MAX_MONTHS))
    return Period(dt.date(*first, 1), dt.date(*last, calendar.monthrange(*last)[1]))


def _period_json(period):
    return {"from": period.first_month, "to": period.last_month,
            "first_day": period.first.isoformat(), "last_day": period.last.isoformat()}


def _node(db):
    """The ?node_id= of the caller's scope (their own node by default); 404 outside it. A
    village's grid is its village: the village's figures are its grids' together."""
    node_id = int_arg("node_id") or current_user.node["id"]
    node = scoped_get(db, current_scope(), "org_nodes", node_id, column="id")
    if node["kind"] == "grid":
        village = dashboard_queries.village_of_grid(db, node)
        if village is not None and current_scope().contains_path(village["path"]):
            node = village
    return node, Scope(node["id"], node["path"])


def _parent(db, node):
    """The node's parent when the caller may open its dashboard too (for the way back up)."""
    if node["parent_id"] is None:
        return None
    parent = dashboard_queries.node_brief(db, node["parent_id"])
    if parent and current_scope().contains_path(parent["path"]):
        return {"id": parent["id"], "name": parent["name"]}
    return None


@bp.get("/dashboard")
@login_required
@roles_required(*READERS)
def node_dashboard():
    """A node's figures over the period, its children's and its own part."""
    db = get_db()
    node, scope = _node(db)
    period, on = requested_period(), today()
    answer = dashboard(db, node, scope, period, on)
    return ok(node={k: node[k] for k in ("id", "name", "kind", "subtype")},
              parent=_parent(db, node), period=_period_json(period), today=on.isoformat(),
              **answer)


@bp.get("/dashboard/people")
@login_required
@roles_required(*READERS)
def node_people():
    """A page of the accounts at a node (a village's with its grids'), by name, with their
    figures over the period."""
    db = get_db()
    node, _ = _node(db)
    period = requested_period()
    page = paging.requested_page()
    after, params = paging.after_sql(people_queries.ORDER, page)
    rows, total = people_queries.people_page(db, node["id"], after, params, page.limit + 1)
    listed = paging.answer(rows, page, lambda r: (r["name"], r["id"]), total)
    listed["items"] = people.items(db, listed["items"], period, today())
    return ok(period=_period_json(period), **listed)


def _person(db, user_id):
    """An account the caller may read the figures of: their own, or one of their scope."""
    person = dashboard_queries.account(db, user_id)
    if person is None or not (person["id"] == current_user.id or (
            current_user.has_role(*READERS) and current_scope().contains_path(person["path"]))):
        raise ApiError(404, t("dashboard.person_unknown"), "not_found")
    return person


@bp.get("/dashboard/person/<int:user_id>")
@login_required
def person_dashboard(user_id):
    """One person's figures over the period (?year= for a whole year: their annual report)."""
    db = get_db()
    person = _person(db, user_id)
    period = _year_period() or requested_period()
    [item] = people.items(db, [person], period, today())
    return ok(person=item, period=_period_json(period))


def _year_period():
    """The whole ?year= as a period, or None without one."""
    year = year_arg()
    return None if year is None else Period(dt.date(year, 1, 1), dt.date(year, 12, 31))


def _place(db, node, scope, own):
    """Where the records of a node lie: its subtree, or its own part (a village's own part
    is the village with its grids: its records are theirs)."""
    if own and node["kind"] != "village":
        # Its own part: the node, and its grids when they count at it (a grid under a
        # township is a place of its own, a child of it).
        return records.Place("n.id = ?", [node["id"]], {node["id"]}, node["path"], True)
    low, high = scope.path_range()
    return records.Place("n.path >= ? AND n.path < ?", [low, high],
                         dashboard_queries.subtree_ids(db, low, high), node["path"], False)


def _figure(allowed):
    figure = request.args.get("figure", "")
    if figure not in allowed:
        raise invalid("figure", t("dashboard.figure_unknown"))
    return figure


@bp.get("/dashboard/records")
@login_required
def figure_records():
    """The records behind a figure: of ?node_id= (its subtree, or with own=1 its own part)
    or of ?user_id=, over the period; ?page= of 50."""
    db = get_db()
    period, on = _year_period() or requested_period(), today()
    number = int_arg("page") or 1
    if number > MAX_RECORDS_PAGE:
        raise invalid("page", t("dashboard.page_too_far", pages=MAX_RECORDS_PAGE))
    user_id = int_arg("user_id")
    if user_id is not None:
        person = _person(db, user_id)
        figure = _figure(PERSON_FIGURES)
        items, total = records.page(db, figure, None, None, person["id"], period, on,
                                    RECORDS_PAGE, (number - 1) * RECORDS_PAGE)
    else:
        if not current_user.has_role(*READERS):
            raise ApiError(403, t("error.forbidden"), "forbidden")
        node, scope = _node(db)
        figure = _figure(NAMES)
        place = _place(db, node, scope, request.args.get("own") == "1")
        items, total = records.page(db, figure, place, scope, None, period, on, RECORDS_PAGE,
                                    (number - 1) * RECORDS_PAGE)
    return ok(figure=figure, period=_period_json(period), items=items, total=total,
              page=number, pages=max(1, -(-total // RECORDS_PAGE)))


@bp.get("/dashboard/export.xlsx")
@login_required
@roles_required(*READERS)
def export_dashboard():
    """The dashboard's table as a workbook: ?table=children (the node, its children and its
    own part; default) or people (every account at the node)."""
    db = get_db()
    node, scope = _node(db)
    period, on = requested_period(), today()
    table = request.args.get("table", "children")
    if table not in ("children", "people"):
        raise invalid("table", t("field.not_a_choice"))
    if table == "people":
        rows, _ = people_queries.people_page(db, node["id"], "1", [], 100_000)
        return dashboard_excel.people_book(node, period, people.items(db, rows, period, on))
    return dashboard_excel.children_book(node, period, dashboard(db, node, scope, period, on))


@bp.get("/dashboard/person/<int:user_id>/annual.xlsx")
@login_required
def annual_workbook(user_id):
    """A person's annual report (述职) of ?year= as a workbook: their figures and records."""
    db = get_db()
    person = _person(db, user_id)
    period = _year_period() or Period(dt.date(today().year, 1, 1), dt.date(today().year, 12, 31))
    [item] = people.items(db, [person], period, today())
    return dashboard_excel.annual_book(db, person, item, period, today())
