"""The records behind each number of a dashboard: the same conditions as the figure, listed a
page at a time, each with the screen that opens it. Names of residents are masked (张*): the
readers of dashboards oversee, they do not handle the households."""
from typing import NamedTuple

from ..duty import members_without_post
from ..households.rules import started
from ..leaders import figures_of_leaders, leaders_figures
from ..privacy import mask_name
from .figures import summed_total
from .queries import records as queries

LINKS = {"diary": "#/diary-view?id={id}", "case": "#/case?id={id}", "warning": "#/warnings",
         "household": "#/household?id={id}", "leader": "#/dash-person?id={id}",
         "person": "#/dash-person?id={id}"}


def _item(row, kind, **extra):
    item = {"id": row["id"], "kind": kind, "at": row.get("at"), "title": row.get("title"),
            "node_name": row.get("node_name"), "person": row.get("person"), **extra}
    link = LINKS.get(kind)
    item["link"] = link.format(id=row["id"]) if link else None
    return item


def _diaries(rows):
    return [_item(r, "diary", diary_kind=r["kind"]) for r in rows]


def _cases(rows):
    return [_item(r, "case", category=r["kind"], status=r["status"], close_by=r["close_by"],
                  closed_at=r["closed_at"], satisfaction=r["satisfaction"]) for r in rows]


def _households(rows):
    """Households (their heads' names masked), or the villages of stationed cadres."""
    return [_item({**r, "title": mask_name(r["title"])}, "household")
            if r.get("kind", "pairing") == "pairing" else _item(r, "stationing") for r in rows]


def _listed(items, limit, offset):
    return items[offset:offset + limit], len(items)


def _leaders(db, scope, person, period, today):
    first, last = period.first, min(period.last, today)
    if scope is not None:
        return leaders_figures(db, scope, first, last, today)
    return figures_of_leaders(db, [person], first, last, today)


def _leader_items(leaders, figure):
    """The records behind a leaders' figure, one per thing it counts: each leader (leaders,
    leaders behind), each day at the grassroots, each reception held, each month missed."""
    link = LINKS["leader"]
    if figure in ("leaders", "leaders_behind"):
        return [{"id": leader["id"], "kind": "leader", "title": leader["name"], "at": None,
                 "node_name": None, "person": leader["name"], "value": leader["days"],
                 "target": leader["days_target"], "link": link.format(id=leader["id"])}
                for leader in leaders if figure == "leaders" or leader["behind"]]
    items = []
    for leader in leaders:
        person = {"person": leader["name"], "node_name": None,
                  "link": link.format(id=leader["id"])}
        if figure == "leader_days":
            items += [{"id": f"{leader['id']}:{day}", "kind": "leader_day", "at": day,
                       "title": None, **person} for day in leader["day_list"]]
        elif figure == "receptions":
            items += [{"id": row["id"], "kind": "reception", "at": row["starts_at"],
                       "title": row["place"], **person} for row in leader["held"]]
        else:
            items += [{"id": f"{leader['id']}:{month}", "kind": "missed_month", "at": month,
                       "title": None, **person} for month in leader["missed"]]
    return sorted(items, key=lambda item: (item["at"] or "", item["id"]), reverse=True)


class Place(NamedTuple):
    """Where the records behind a figure lie: a condition on a record's node n and its
    params, the ids of the nodes it holds, the path of the node, whether only its own part."""

    sql: str
    params: list
    ids: set
    path: str
    own: bool


def page(db, figure, place, scope, person, period, today, limit, offset):
    """(items, total) of the records behind a figure: of a Place inside scope, or of a
    person."""
    first, last = period.first.isoformat(), period.last.isoformat()
    known = summed_total(db, figure, place.path, place.own, period, today) if place else None
    if figure in ("diaries", "visits"):
        rows, total = queries.diaries(db, place, person, first, last, figure == "visits",
                                      limit, offset, known)
        return _diaries(rows), total
    if figure.startswith("cases_"):
        rows, total = queries.cases(db, figure, place, person, first, last,
                                    today.isoformat(), limit, offset, known)
        return _cases(rows), total
    if figure == "households_visited":
        rows, total = queries.households_visited(db, place, person, first, last, limit,
                                                 offset, known)
        return _households(rows), total
    if figure in ("households_paired", "rotations_due", "rotations_overdue",
                  "follow_ups_overdue"):
        rows, total = queries.pairings(db, figure, place, person, started("due", today)[1],
                                       started("overdue", today)[1], today.isoformat(),
                                       limit, offset, known)
        return _households(rows), total
    if figure == "warnings_open":
        rows, total = queries.warnings_open(db, place, limit, offset)
        return [_item(r, "warning", category=r["category"], days=r["days"], count=r["count"])
                for r in rows], total
    if figure == "duty_minutes":
        rows, total = queries.duty_hours(db, place, person, first, last, limit, offset)
        return [_item(r, "duty_hours", minutes=r["minutes"]) for r in rows], total
    if figure == "members_without_post":
        members = members_without_post(db, today.year, scope)
        return _listed([{"id": m["id"], "kind": "member", "title": m["name"], "at": None,
                         "node_name": None, "person": m["name"], "link": None}
                        for m in members if place is None or m["node_id"] in place.ids],
                       limit, offset)
    leaders = [leader for leader in _leaders(db, scope, person, period, today)
               if place is None or leader["node_id"] in place.ids]
    return _listed(_leader_items(leaders, figure), limit, offset)
