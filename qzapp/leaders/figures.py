"""The leaders of a part of the org tree over a period, for the dashboards (F11): for each,
the days at the grassroots in the period (each date once, as their year counts them), whether
they are behind the pace of their yearly target today, and their receptions held against the
monthly target."""
import datetime as dt

from . import progress, queries, rules


def _months(first, last):
    """The months (YYYY-MM) from first's to last's."""
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(f"{year}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def of_scope(db, scope, first, last, today):
    """of_leaders() of the active leaders whose node lies in scope."""
    return of_leaders(db, queries.leaders_in(db, scope), first, last, today)


def of_ids(db, user_ids, first, last, today):
    """of_leaders() of those of the accounts that hold the leader role."""
    return of_leaders(db, queries.leaders_among(db, user_ids), first, last, today)


def of_leaders(db, leaders, first, last, today):
    """[{id, name, node_id, path, level, days, days_target, behind, receptions,
    receptions_target, months_missed}] of leaders (queries.leader rows) from first to last
    (dates); with what each figure counts: day_list (the days), held (the receptions held:
    id, starts_at, place) and missed (the months)."""
    ids = [leader["id"] for leader in leaders]
    days = progress.day_sets(db, ids, first, last)
    year_days = days if (first, last) == (dt.date(today.year, 1, 1), today) else \
        progress.day_sets(db, ids, dt.date(today.year, 1, 1), today)
    receptions = {}
    for row in queries.receptions_between(db, ids, first.isoformat(), last.isoformat()):
        if row["status"] == "held":
            receptions.setdefault(row["created_by"], []).append(row)
    over = [m for m in _months(first, last) if m < f"{today.year}-{today.month:02d}"]
    found = []
    for leader in leaders:
        goal = progress.targets(db, leader)
        held = receptions.get(leader["id"], [])
        per_month = goal["receptions_per_month"]
        months = [row["month"] for row in held]
        missed = [m for m in over if months.count(m) < per_month] if per_month else []
        pace = rules.pace(len(year_days[leader["id"]]), goal["days_per_year"], today)
        found.append({
            **{k: leader[k] for k in ("id", "name", "node_id", "path", "level")},
            "days": len(days[leader["id"]]), "days_target": goal["days_per_year"],
            "behind": bool(pace.get("behind")), "receptions": len(held),
            "receptions_target": per_month, "months_missed": len(missed),
            "day_list": sorted(days[leader["id"]]), "missed": missed,
            "held": [{k: row[k] for k in ("id", "starts_at", "place")} for row in held]})
    return found
