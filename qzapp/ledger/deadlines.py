"""The deadline table (限时办结): working days to accept and to close a case, by category and
urgency. The defaults are rules.DEFAULT_DEADLINES; an admin may set other figures for their
subtree, for every category or one. A figure for the case's own category, set anywhere up the
tree, wins over one for every category; among those, the nearest node's."""
from ..i18n import t
from ..validate import text_problem, trimmed
from . import queries, rules


def days_for(db, node_id, category, urgency):
    """{accept, close, warn} working days for a case of this category and urgency at
    node_id: to accept it, to close it, and how long before either it is warned."""
    found = queries.deadline_rule_for(db, node_id, category, urgency)
    if found is not None:
        warn = found["warn_days"]
        return {"accept": found["accept_days"], "close": found["close_days"],
                "warn": rules.WARN_DAYS if warn is None else warn}
    return {**rules.DEFAULT_DEADLINES[urgency], "warn": rules.WARN_DAYS}


def table_for(db, node_id):
    """The table in force at node_id: every urgency, for every category and for those that
    differ, with where each figure comes from (a node's id, or None for the default)."""
    rows = []
    for category in ("", *rules.CATEGORIES):
        for urgency in rules.URGENCIES:
            found = queries.deadline_rule_for(db, node_id, category, urgency, exact=True)
            if found is None and category:
                continue
            source = found or {"accept_days": rules.DEFAULT_DEADLINES[urgency]["accept"],
                               "close_days": rules.DEFAULT_DEADLINES[urgency]["close"],
                               "warn_days": None, "node_id": None}
            warn = source["warn_days"]
            rows.append({"category": category or None, "urgency": urgency,
                         "accept": source["accept_days"], "close": source["close_days"],
                         "warn": rules.WARN_DAYS if warn is None else warn,
                         "from_node_id": source["node_id"]})
    return rows


def rows_problems(rows):
    """[{field, message}] for a table an admin sends: [{category|null, urgency, accept,
    close, warn?}] (none: the node sets nothing of its own), each category and urgency once,
    whole numbers of days, accepting no later than closing, none negative or past a working
    year."""
    errors, seen = [], set()
    if not isinstance(rows, list):
        return [{"field": "rows", "message": t("deadline.rows_missing")}]
    for i, row in enumerate(rows):
        where = f"rows[{i}]"
        if not isinstance(row, dict):
            errors.append({"field": where, "message": t("error.body_not_object")})
            continue
        category, urgency = row.get("category") or "", row.get("urgency")
        if category and category not in rules.CATEGORIES:
            errors.append({"field": f"{where}.category", "message": t("field.not_a_choice")})
        if urgency not in rules.URGENCIES:
            errors.append({"field": f"{where}.urgency", "message": t("field.not_a_choice")})
        if (category, urgency) in seen:
            errors.append({"field": where, "message": t("deadline.twice")})
        seen.add((category, urgency))
        days = [row.get("accept"), row.get("close")]
        named = list(zip(("accept", "close"), days))
        if row.get("warn") is not None:
            named.append(("warn", row["warn"]))
        for name, value in named:
            if isinstance(value, bool) or not isinstance(value, int):
                errors.append({"field": f"{where}.{name}", "message": t("field.not_integer")})
            elif not 0 <= value <= rules.MAX_DEADLINE_DAYS:
                errors.append({"field": f"{where}.{name}", "message": t(
                    "deadline.days_range", max=rules.MAX_DEADLINE_DAYS)})
        if all(isinstance(v, int) and not isinstance(v, bool) for v in days) \
                and days[0] > days[1]:
            errors.append({"field": f"{where}.accept", "message": t("deadline.accept_after_close")})
    return errors


def replace(db, user, node_id, rows, stamp):
    """Make rows the figures node_id sets (what it set before goes)."""
    queries.replace_deadline_rules(db, node_id, [
        (node_id, row.get("category") or "", row["urgency"], row["accept"], row["close"],
         row.get("warn"), user.id, stamp) for row in rows])


def days_for_matter(db, node_id, matter_type):
    """{accept, close} for a matter of this type at node_id: accepted the day it is asked
    (首问负责), settled within the days the nearest unit up the tree sets for the type."""
    found = queries.matter_type_for(db, node_id, matter_type)
    close = found["close_days"] if found else rules.MATTER_DEFAULT_CLOSE_DAYS
    return {"accept": 0, "close": close, "warn": rules.WARN_DAYS}


def matter_types_at(db, node_id):
    """The matter types in force at node_id, nearest first: {name, days, from_node_id}."""
    return [{"name": r["name"], "days": r["close_days"], "from_node_id": r["node_id"]}
            for r in queries.matter_types_at(db, node_id)]


def matter_rows_problems(rows):
    """[{field, message}] for the matter types an admin sends: [{name, days}], each name
    once, whole numbers of working days."""
    if not isinstance(rows, list):
        return [{"field": "rows", "message": t("field.not_list")}]
    errors, seen = [], set()
    for i, row in enumerate(rows):
        where = f"rows[{i}]"
        if not isinstance(row, dict):
            errors.append({"field": where, "message": t("error.body_not_object")})
            continue
        name = row.get("name")
        if not isinstance(name, str) or not trimmed(name):
            errors.append({"field": f"{where}.name", "message": t("field.required")})
        elif len(trimmed(name)) > rules.MATTER_TYPE_MAX or text_problem(trimmed(name)):
            errors.append({"field": f"{where}.name", "message": text_problem(trimmed(name))
                           or t("field.too_long", max=rules.MATTER_TYPE_MAX)})
        elif trimmed(name) in seen:
            errors.append({"field": f"{where}.name", "message": t("matter_type.twice")})
        else:
            seen.add(trimmed(name))
        days = row.get("days")
        if isinstance(days, bool) or not isinstance(days, int):
            errors.append({"field": f"{where}.days", "message": t("field.not_integer")})
        elif not 0 <= days <= rules.MAX_DEADLINE_DAYS:
            errors.append({"field": f"{where}.days",
                           "message": t("deadline.days_range", max=rules.MAX_DEADLINE_DAYS)})
    return errors


def replace_matter_types(db, user, node_id, rows, stamp):
    """Make rows the matter types node_id sets."""
    queries.replace_matter_types(db, node_id, [
        (node_id, trimmed(row["name"]), row["days"], user.id, stamp) for row in rows])
