"""A leader's year, computed from the records, never typed in: the days at the grassroots
(each date once, whatever proves it), the research visits (those over the entourage rule
flagged), the research reports, against the targets of the leader's level and node."""
import datetime as dt
import json

from ..clock import today
from ..diary import author_days
from ..ledger import cases_of_reception, receiving_days
from . import queries, rules


def targets(db, leader):
    """{days_per_year, receptions_per_month} of a leader (a queries.leader row): the deepest
    setting for their level on their node's path, else the level's default (None: none)."""
    found = {"days_per_year": None, "receptions_per_month": None}
    for row in queries.target_rows(db, leader["path"], leader["level"]):
        for key in found:
            if found[key] is None and row[key] is not None:
                found[key] = row[key]
    found["days_per_year"] = rules.days_target(leader["level"], found["days_per_year"])
    found["receptions_per_month"] = rules.receptions_target(leader["level"],
                                                            found["receptions_per_month"])
    return found


def _visit_dates(visit, first, last):
    """The dates of a visit from first to last (dates)."""
    start = max(dt.date.fromisoformat(visit["starts_on"]), first)
    end = min(dt.date.fromisoformat(visit["ends_on"]), last)
    return [(start + dt.timedelta(days=n)).isoformat() for n in range((end - start).days + 1)]


def days_of(db, leader_ids, first, last, visits=None, receptions=None):
    """The dates from first to last (dates) each leader was at the grassroots, with what
    proves them: {leader id: {day: [{kind, id, place}]}}. A date proven by several records
    (a logged day and a diary of the same day) is one day. visits, receptions: the leaders'
    rows of the span, when the caller has them."""
    days = {leader_id: {} for leader_id in leader_ids}
    if not leader_ids:
        return days
    start, end = first.isoformat(), last.isoformat()

    def add(leader_id, day, kind, record_id, place):
        days[leader_id].setdefault(day, []).append({"kind": kind, "id": record_id,
                                                    "place": place})

    for row in sorted(queries.logged_days(db, leader_ids, start, end),
                      key=lambda r: r["day"]):
        add(row["created_by"], row["day"], "logged", row["id"], row["place"])
    for row in author_days(db, leader_ids, start, end, rules.DIARY_KINDS_AWAY):
        add(row["created_by"], row["day"], "diary", row["id"], row["place"])
    for visit in queries.visits_between(db, leader_ids, start, end) if visits is None \
            else visits:
        for day in _visit_dates(visit, first, last):
            add(visit["created_by"], day, "visit", visit["id"], visit["places"])
    for reception in queries.receptions_between(db, leader_ids, start, end) \
            if receptions is None else receptions:
        if reception["status"] == "held":
            add(reception["created_by"], reception["starts_at"][:10], "reception",
                reception["id"], reception["place"])
    for row in receiving_days(db, leader_ids, start, end, rules.CASE_CHANNELS_AWAY):
        add(row["received_by"], row["day"], "case", row["id"], None)
    return days


def day_sets(db, leader_ids, first, last):
    """The dates from first to last (dates) each leader was at the grassroots, as days_of()
    counts them, without what proves them: {leader id: {day}}."""
    days = {leader_id: set() for leader_id in leader_ids}
    if not leader_ids:
        return days
    start, end = first.isoformat(), last.isoformat()
    for leader_id, day in queries.logged_days(db, leader_ids, start, end, days_only=True):
        days[leader_id].add(day)
    for leader_id, day in author_days(db, leader_ids, start, end, rules.DIARY_KINDS_AWAY,
                                      days_only=True):
        days[leader_id].add(day)
    for visit in queries.visits_between(db, leader_ids, start, end):
        days[visit["created_by"]].update(_visit_dates(visit, first, last))
    for reception in queries.receptions_between(db, leader_ids, start, end):
        if reception["status"] == "held":
            days[reception["created_by"]].add(reception["starts_at"][:10])
    for leader_id, day in receiving_days(db, leader_ids, start, end, rules.CASE_CHANNELS_AWAY,
                                         days_only=True):
        days[leader_id].add(day)
    return days


def grassroots_days(db, leader_id, year, visits=None, receptions=None):
    """Each date of a year the leader was at the grassroots, with what proves it:
    [{day, sources}] in date order (days_of)."""
    found = days_of(db, [leader_id], dt.date(year, 1, 1), dt.date(year, 12, 31), visits,
                    receptions)[leader_id]
    return [{"day": day, "sources": found[day]} for day in sorted(found)]


def _visit_item(row):
    return {"id": row["id"], "kind": row["kind"], "starts_on": row["starts_on"],
            "ends_on": row["ends_on"], "places": row["places"], "topic": row["topic"],
            "entourage": {o: row[f"entourage_{o}"] for o in rules.ENTOURAGE},
            "over_limit": bool(row["over_limit"]), "over_reason": row["over_reason"]}


def _report_item(row):
    return {"id": row["id"], "title": row["title"], "year": row["year"],
            "has_text": bool(row["body"]), "document": row["document"],
            "document_name": row["document_name"],
            "visit_ids": json.loads(row["visit_ids"] or "[]"), "created_at": row["created_at"]}


def _reception_item(db, row):
    cases = cases_of_reception(db, row["id"])
    return {"id": row["id"], "kind": row["kind"], "starts_at": row["starts_at"],
            "month": row["month"], "place": row["place"], "topic": row["topic"],
            "public": bool(row["public"]), "status": row["status"], "visitors": row["visitors"],
            "cases": len(cases), "cases_taken": sum(c["leader_id"] == row["created_by"]
                                                   for c in cases),
            "cases_closed": sum(c["status"] == "closed" for c in cases)}


def receptions_of(db, receptions, year, per_month, on):
    """The receptions of a year month by month against the monthly target: each month's
    held and planned; the months over (before this one) with fewer held than the target."""
    months = []
    for month in range(1, 13):
        key = f"{year}-{month:02d}"
        mine = [r for r in receptions if r["month"] == key]
        over = (year, month) < (on.year, on.month)
        held = sum(r["status"] == "held" for r in mine)
        months.append({"month": key, "held": held,
                       "planned": sum(r["status"] == "planned" for r in mine),
                       "short": bool(per_month) and over and held < per_month})
    return {"target_per_month": per_month, "held": sum(m["held"] for m in months),
            "months": months, "missed": [m["month"] for m in months if m["short"]],
            "list": [_reception_item(db, r) for r in receptions]}


def year_of(db, leader, year, on=None):
    """A leader's year as their screen and the supervisors' show it: who, their contact
    points, their targets, days (with pace when the year is the current one), visits,
    reports."""
    on = on or today()
    goal = targets(db, leader)
    visits = queries.visits(db, leader["id"], year)
    receptions = queries.receptions(db, leader["id"], year)
    days = grassroots_days(db, leader["id"], year, visits, receptions)
    count = len(days)
    if year == on.year:
        standing = rules.pace(count, goal["days_per_year"], on)
    elif goal["days_per_year"]:
        # A past year is over: only whether the target was met; a coming one has not begun.
        standing = {"target": goal["days_per_year"], "count": count,
                    "remaining": max(goal["days_per_year"] - count, 0),
                    "behind": year < on.year and count < goal["days_per_year"]}
    else:
        standing = {"target": None, "count": count}
    reports = queries.reports(db, leader["id"], year)
    return {
        "leader": {k: leader[k] for k in ("id", "name", "node_id", "node_name", "level")},
        "year": year,
        "contacts": [{k: r[k] for k in ("node_id", "name", "kind", "assigned_at")}
                     for r in queries.contacts(db, leader["id"])],
        "targets": goal,
        "days": {**standing, "list": days},
        "visits": {"count": len(visits), "over_limit": sum(v["over_limit"] for v in visits),
                   "list": [_visit_item(v) for v in visits]},
        "receptions": receptions_of(db, receptions, year, goal["receptions_per_month"], on),
        "reports": {"count": len(reports), "target": rules.REPORTS_PER_YEAR,
                    "met": len(reports) >= rules.REPORTS_PER_YEAR,
                    "list": [_report_item(r) for r in reports]},
    }
