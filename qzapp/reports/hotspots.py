"""Hot spots (F10): the tick counts the ledger's cases per place and category over windows of
days ending today (every case the ledger lists by place, category and dates, so that a warning
links to exactly the cases behind it), compares each with the window before and with the
thresholds of the place, and raises a warning to the responsible org — never from a request.
One open warning per place, category and window (a unique index); once acknowledged, a new one
only when the count grows past the acknowledged one, or when the window has moved wholly past
its days."""
import datetime as dt

from .. import notify, tick
from ..auth.queries import active_users_at
from ..clock import now_iso
from ..i18n import t
from . import warning_rules as rules
from .queries import warnings as queries

# Kinds of node that oversee the places under them (the township first).
OVERSEEING_KINDS = ("township", "county", "city", "province")


def window(today, days):
    """(first day of the window before, first day of the window, the day after today) as
    ISO dates: the bounds of one count."""
    return tuple((today + dt.timedelta(days=offset)).isoformat()
                 for offset in (1 - 2 * days, 1 - days, 1))


def spot_counts(db, today, days):
    """{(spot id, category): {count, previous, breakdown {case node id: count}}} of a window's
    appeals; a village's (or community's) grids' count at it."""
    first, split, end = window(today, days)
    rows = queries.window_counts(db, first, split, end)
    places = queries.nodes(db, {node_id for node_id, *_ in rows})
    villages = {node["id"] for node in queries.nodes(
        db, {p["parent_id"] for p in places.values() if p["kind"] == "grid"}).values()
        if node["kind"] == "village"}
    spots = {}
    for node_id, category, count, previous in rows:
        place = places.get(node_id)
        # A village's grids are its own places (the ledger's own=1 lists them with it).
        spot = place["parent_id"] if place and place["kind"] == "grid" \
            and place["parent_id"] in villages else node_id
        found = spots.setdefault((spot, category), {"count": 0, "previous": 0, "breakdown": {}})
        found["count"] += count
        found["previous"] += previous
        if count:
            found["breakdown"][str(node_id)] = found["breakdown"].get(str(node_id), 0) + count
    return spots


def _settled(last, count, split):
    """Whether an acknowledged warning still covers a count: it was acknowledged at this
    count or more, and the window still holds some of its days."""
    return last is not None and last["status"] == "acknowledged" and count <= last["count"] \
        and last["to_day"] >= split


@tick.job("warnings")
def raise_warnings(db, today):
    """Raise (or grow) the warnings the counts of each window call for; what it did."""
    settings, stamp = queries.threshold_settings(db), now_iso()
    done = {"raised": 0, "grown": 0}
    for days in rules.WINDOWS:
        counts = spot_counts(db, today, days)
        paths = {n["id"]: n["path"] for n in queries.nodes(db, {s for s, _ in counts}).values()}
        latest = queries.latest_warnings(db, days)
        _, split, _ = window(today, days)
        for (spot, category), found in sorted(counts.items()):
            thresholds = rules.thresholds_for(paths[spot], settings)[days]
            why = rules.reasons(found["count"], found["previous"], thresholds)
            last = latest.get((spot, category))
            if not why or _settled(last, found["count"], split):
                continue
            state = {**found, "reasons": why, "thresholds": thresholds, "from_day": split,
                     "to_day": today.isoformat(), "updated_at": stamp}
            if last is not None and last["status"] == "open":
                if found["count"] > last["count"]:
                    queries.raise_count(db, last["id"], state)
                    done["grown"] += 1
                continue
            warning = {"node_id": spot, "category": category, "days": days, **state,
                       "status": "open", "raised_at": stamp}
            warning_id = queries.insert_warning(db, warning)
            if warning_id is not None:
                notify.emit(db, "hotspot_warning", {"warning": {**warning, "id": warning_id}},
                            f"hotspot_warning:{warning_id}", once=True)
                done["raised"] += 1
    return done


def overseeing_node(db, spot):
    """The node whose overseers answer for a spot: the nearest township (or higher level) at
    or above it."""
    return next((n for n in queries.ancestors(db, spot["path"])
                 if n["kind"] in OVERSEEING_KINDS), spot)


def told_of(db, subject):
    """The spot's own staff (a village or community's), and the overseers of its township."""
    spot = queries.node(db, subject["warning"]["node_id"])
    told = []
    if spot["kind"] == rules.SPOT_KIND:
        told += active_users_at(db, spot["id"], rules.SPOT_STAFF)
    return told + active_users_at(db, overseeing_node(db, spot)["id"], rules.TOWNSHIP_OVERSEERS)


def notice_values(db, subject):
    warning = subject["warning"]
    spot = queries.node(db, warning["node_id"])
    return {"place": spot["name"], "category": t(f"appeal.category.{warning['category']}"),
            "days": warning["days"], "count": warning["count"],
            "previous": warning["previous"]}


notify.declare("hotspot_warning", who=told_of, link=lambda subject: "#/warnings",
               values=notice_values, urgency="high")
