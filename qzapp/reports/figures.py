"""The figures of an org node over a period, and of each of its children (the drill-down): all
computed from the records (through the summaries their triggers keep), never typed in. Every
figure of a node is the sum of its children's and its own (records placed at the node itself,
people whose account is there), so the drill-down adds up."""
import datetime as dt
from dataclasses import dataclass

from ..duty import members_without_post
from ..households.rules import started
from ..leaders import leaders_figures
from .dashboard_rules import NAMES, RATES, rate
from .queries import dashboard as queries


@dataclass(frozen=True)
class Period:
    """Whole months: the first day of the first, the last day of the last."""

    first: dt.date
    last: dt.date

    @property
    def first_month(self):
        return self.first.strftime("%Y-%m")

    @property
    def last_month(self):
        return self.last.strftime("%Y-%m")



def _merge(into, part):
    for child, values in part.items():
        row = into.setdefault(child, dict.fromkeys(NAMES, 0))
        for name, value in values.items():
            row[name] += value


def _by_child(path, rows, key_path):
    """{child: count} of rows whose node path key_path(row) lies under path."""
    found = {}
    for row in rows:
        below = key_path(row)
        if below is None or not below.startswith(path):
            continue
        rest = below[len(path):]
        child = int(rest.split("/", 1)[0]) if rest else 0
        found[child] = found.get(child, 0) + 1
    return found


def _duty_and_leaders(db, scope, period, today):
    """{child: figures} of the members without a post this year and of the leaders."""
    found, path = {}, scope.path
    members = members_without_post(db, today.year, scope)
    paths = queries.paths_of(db, [m["node_id"] for m in members])
    for child, n in _by_child(path, members, lambda m: paths.get(m["node_id"])).items():
        found.setdefault(child, {})["members_without_post"] = n
    for leader in leaders_figures(db, scope, period.first, min(period.last, today), today):
        rest = leader["path"][len(path):]
        child = int(rest.split("/", 1)[0]) if rest else 0
        row = found.setdefault(child, {})
        for name, value in (("leaders", 1), ("leader_days", leader["days"]),
                            ("leaders_behind", int(leader["behind"])),
                            ("receptions", leader["receptions"]),
                            ("reception_months_missed", leader["months_missed"])):
            row[name] = row.get(name, 0) + value
    return found


def by_child(db, scope, period, today):
    """{child id (0: the node itself): {figure: value}} of the node at scope."""
    path, found = scope.path, {}
    due = started("due", today)[1]
    overdue = started("overdue", today)[1]
    _merge(found, queries.stats(db, path, period.first_month, period.last_month))
    _merge(found, queries.households_visited(db, path, period.first_month, period.last_month))
    _merge(found, queries.follow_ups_overdue(db, path, today.isoformat()))
    _merge(found, queries.pairings(db, path, due, overdue))
    _merge(found, queries.cases_overdue(db, path, today.isoformat()))
    _merge(found, queries.warnings_open(db, path))
    _merge(found, _duty_and_leaders(db, scope, period, today))
    return found


def with_rates(figures):
    """The figures with the rates derived from them."""
    return {**figures, **{name: rate(figures[part], figures[whole])
                          for name, part, whole in RATES}}


def dashboard(db, node, scope, period, today):
    """A node's dashboard: its figures, its children's (each active child, and any other that
    has records), and its own part, each with its rates."""
    found = by_child(db, scope, period, today)
    if node["kind"] == "village":
        # A village's grids are where its records lie, not units of their own: its people
        # follow it in the drill-down.
        own = dict.fromkeys(NAMES, 0)
        for values in found.values():
            for name in NAMES:
                own[name] += values[name]
        found = {0: own}
    total = dict.fromkeys(NAMES, 0)
    for values in found.values():
        for name in NAMES:
            total[name] += values[name]
    kids = []
    for child in [] if node["kind"] == "village" else queries.children(db, node["id"],
                                                                        everyone=True):
        values = found.get(child["id"])
        if child["active"] or (values and any(values.values())):
            kids.append({"node": {k: child[k] for k in ("id", "name", "kind", "subtype")},
                         "figures": with_rates(values or dict.fromkeys(NAMES, 0))})
    return {"figures": with_rates(total), "children": kids,
            "own": with_rates(found.get(0, dict.fromkeys(NAMES, 0)))}


# Figures whose records' count the summaries hold: a records list takes its total from them.
PAIRED = frozenset({"households_paired", "rotations_due", "rotations_overdue"})
SUMMED = frozenset({*queries.STATS, "households_visited", *PAIRED})


def summed_total(db, figure, path, own, period, today):
    """The figure of the subtree at path (or its own part), from the summaries; None for a
    figure they do not hold."""
    if figure not in SUMMED:
        return None
    if figure == "households_visited":
        found = queries.households_visited(db, path, period.first_month, period.last_month)
    elif figure in PAIRED:
        found = queries.pairings(db, path, started("due", today)[1],
                                 started("overdue", today)[1])
    else:
        found = queries.stats(db, path, period.first_month, period.last_month)
    if own:
        return found.get(0, {}).get(figure, 0)
    return sum(values.get(figure, 0) for values in found.values())
