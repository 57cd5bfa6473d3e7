"""Reads behind the home screen, each bounded by the user's own node: a village's lists read
its households through the households(node_id), diaries(household_id, occurred_at) and
diaries(node_id, occurred_at) indexes; oversight counts group open pairings by start date.
Nothing here reads a county's households for a cadre."""
import datetime as dt

from ..db import fetch_tuples, rows_in
from ..households import queries as households
from ..households import rules as rotation
from ..households.pairing import STATIONING
from ..org.queries import count_in_scope
from ..sync import changes
from . import rules


def scope_counts(db, scope):
    """Active org nodes, active accounts and households in scope."""
    return {
        "org_nodes": count_in_scope(db, scope, "org_nodes", "active = 1", column="id"),
        "users": count_in_scope(db, scope, "users", "active = 1"),
        "households": count_in_scope(db, scope, "households", "deleted = 0"),
    }


def rotation_counts(db, scope, today):
    """How many open pairings and stationings in scope are due or overdue for rotation."""
    counts = {"due": 0, "overdue": 0}
    where, params = scope.where("node_id")
    for table in ("pairings", "stationings"):
        # A county has far fewer start dates than pairings: judge each date once.
        for start, number in fetch_tuples(
                db, f"SELECT start_date, count(*) FROM [{table}] WHERE end_date IS NULL AND"
                f" deleted = 0 AND {where} GROUP BY start_date", params):
            status = rotation.rotation_status(start, today)
            if status != "ok":
                counts[status] += number
    return counts


def _homes(db, user, today):
    """The households of the user's scope as the user may see them, with their pairing."""
    rows = changes.visible_rows(db, user, "household", order_by="t.node_id, t.head_name",
                                within=user.scope)
    pairings = households.current_pairings(db, [r["id"] for r in rows])
    return [households.household_json(db, user, r, pairings.get(r["id"]), today) for r in rows]


def _node_names(db, scope):
    """{node id: name} of the nodes in scope (a village and its grids)."""
    return dict(fetch_tuples(db, "SELECT id, name FROM org_nodes WHERE path >= ? AND path < ?",
                             scope.path_range()))


def _listed(items):
    """A list as the home sends it: how many in all, and the first few."""
    return {"count": len(items), "items": items[:rules.LIST_LIMIT]}


def _brief(household, places):
    """A household as a home list names it (its name as the user may see it)."""
    return {"id": household["id"], "head_name": household["head_name"],
            "place": places.get(household["node_id"])}


def _follow_ups(homes, visits, places, today):
    """Households whose follow-up is overdue or due today, the oldest date first."""
    due = []
    for home in homes:
        last, follow = visits.get(home["id"], (None, None))
        if follow and follow <= today:
            due.append({**_brief(home, places), "last_visit": last, "follow_up_date": follow,
                        "overdue": follow < today})
    return sorted(due, key=lambda item: (item["follow_up_date"], item["head_name"]))


def _rotations(db, user, homes, places, today):
    """Pairings and stationings in scope due or overdue for rotation, the overdue first."""
    items = [{"kind": "pairing", "household": _brief(home, places),
              "cadre_name": home["pairing"]["cadre_name"],
              "start_date": home["pairing"]["start_date"],
              "rotation": home["pairing"]["rotation"]}
             for home in homes if home["pairing"] and home["pairing"]["rotation"] != "ok"]
    for row in changes.visible_rows(db, user, "stationing", "t.end_date IS NULL",
                                    within=user.scope):
        status = rotation.rotation_status(row["start_date"], today)
        if status != "ok":
            items.append({"kind": "stationing", "cadre_name": STATIONING.serialize(
                db, row)["cadre_name"], "post": row["post"], "place": places.get(row["node_id"]),
                "start_date": row["start_date"], "rotation": status})
    return sorted(items, key=lambda i: (i["rotation"] != "overdue", i["start_date"]))


def _recent_diaries(db, user, homes, today):
    """The diaries of the last days in the user's scope that the user may read, newest first."""
    since = (today - dt.timedelta(days=rules.RECENT_DIARY_DAYS - 1)).isoformat()
    rows = changes.visible_rows(db, user, "diary", "t.occurred_at >= ?", [since],
                                order_by="t.occurred_at DESC", within=user.scope)
    names = {r["id"]: r["name"] for r in rows_in(
        db, "SELECT id, name FROM users WHERE id IN ({marks})",
        sorted({r["created_by"] for r in rows}))}
    heads = {home["id"]: home["head_name"] for home in homes}
    return [{"id": r["id"], "kind": r["kind"], "occurred_at": r["occurred_at"],
             "household_id": r["household_id"], "head_name": heads.get(r["household_id"]),
             "topic": r["topic"], "author": names.get(r["created_by"])} for r in rows]


def village(db, user, today):
    """Open items of the user's village or grid: follow-ups, no cadre, rotations, diaries."""
    homes = _homes(db, user, today)
    places = _node_names(db, user.scope)
    day = today.isoformat()
    return {
        "node": {"id": user.node["id"], "name": user.node["name"], "kind": user.node["kind"]},
        "follow_ups": _listed(_follow_ups(homes, households.visits_in(db, user.scope), places,
                                          day)),
        "unpaired": _listed([_brief(h, places) for h in homes if h["pairing"] is None]),
        "rotations": _listed(_rotations(db, user, homes, places, today)),
        "diaries": _listed(_recent_diaries(db, user, homes, today)),
    }
