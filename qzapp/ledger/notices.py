"""What the ledger tells whom (requirement F7): a case assigned or transferred to me; a case I
own warned before its deadline, overdue, escalated (to my unit as well), reopened; an appeal a
resident sent online to me, a resident's rating of a case I handle."""
import datetime as dt
import json

from .. import notify
from ..auth.queries import active_users_at
from ..i18n import t
from . import queries, rules
from .workdays import workdays_between

# Open cases are looked at for warnings this many calendar days before they are due (more
# than any warning's working days, holidays included).
WARN_HORIZON_DAYS = 30


def _case_link(subject):
    return f"#/case/{subject['case']['id']}"


def _values(db, subject):
    case = subject["case"]
    text = case["text"] if len(case["text"]) <= 30 else case["text"][:29] + "…"
    return {"text": text, "due": subject.get("due") or "", "level": subject.get("level") or ""}


def _owner(db, subject):
    return [subject["case"]["owner_id"]]


def _escalated_to(db, subject):
    """The case's owner, and the case readers of the unit it escalated to who see it there
    (its village lies under that unit: nobody outside the case's scope is told of it)."""
    case, unit = subject["case"], queries.node_row(db, subject["to_node_id"])
    told = [case["owner_id"]]
    village = queries.node_row(db, case["node_id"])
    if unit is not None and village["path"].startswith(unit["path"]):
        told += active_users_at(db, unit["id"], rules.READERS_IN_SCOPE)
    return told


notify.declare("case_assigned", who=lambda db, s: [s["event"]["data"]["to_user_id"]],
               link=_case_link, values=_values, urgency="high")
notify.declare("case_transferred", who=lambda db, s: [s["event"]["data"]["to_user_id"]],
               link=_case_link, values=_values, urgency="high")
notify.declare("case_warning", who=_owner, link=_case_link, values=_values)
notify.declare("case_overdue", who=_owner, link=_case_link, values=_values, urgency="high")
notify.declare("case_escalated", who=_escalated_to, link=_case_link, values=_values,
               urgency="high")
notify.declare("case_reopened", who=_owner, link=_case_link, values=_values)


def _owner_and_handler(db, subject):
    return [subject["case"]["owner_id"], subject["case"]["handler_id"]]


def _rated_values(db, subject):
    return {**_values(db, subject),
            "what": t(f"case.satisfaction.{subject['case']['satisfaction']}")}


# A resident's own: an appeal sent online (its receiver owns it without having written a
# step), and their rating through the private link.
notify.declare("case_received_online", who=_owner, link=_case_link, values=_values,
               urgency="high")
notify.declare("case_rated_online", who=_owner_and_handler, link=_case_link,
               values=_rated_values)


def after_event(db, case, event):
    """Tell who an applied event concerns (the case as it stands after it)."""
    kind = event["kind"]
    by_resident = kind == "rate" and event.get("by") is None
    if kind == "receive" and case["channel"] == "online_form":
        notify.emit(db, "case_received_online", {"case": case}, f"case_received:{case['id']}")
    elif by_resident:   # 不满意 reopened it: the rating's notice says so
        notify.emit(db, "case_rated_online", {"case": case}, f"case_rated:{event['id']}")
    elif kind in ("assign", "transfer"):
        name = "case_assigned" if kind == "assign" else "case_transferred"
        notify.emit(db, name, {"case": case, "event": event}, f"{name}:{event['id']}")
    elif kind in ("reopen", "rate") and case["status"] == "in_progress":
        notify.emit(db, "case_reopened", {"case": case},
                    f"case_reopened:{case['id']}:{case['reopens']}")
    elif kind == "escalate":
        data = event["data"]
        notify.emit(db, "case_escalated", {"case": case, "level": data["level"],
                                           "to_node_id": data["to_node_id"]},
                    f"case_escalated:{event['id']}")


def warn_and_overdue(db, today):
    """Tell owners of the cases whose deadline comes within their warning days, and of those
    past it: each (case, deadline) once. Returns how many were told."""
    told = 0
    soon = queries.open_due_between(db, today.isoformat(),
                                    (today + dt.timedelta(days=WARN_HORIZON_DAYS)).isoformat())
    late = queries.open_due_between(db, "0000-00-00",
                                    (today - dt.timedelta(days=1)).isoformat())
    for name, rows in (("case_warning", soon), ("case_overdue", late)):
        keyed = {f"{name}:{r['id']}:{r['due']}": r for r in rows}
        for key in notify.untold(db, keyed):
            case = keyed[key]
            if name == "case_warning":
                days = json.loads(case["days"]) if isinstance(case["days"], str) else case["days"]
                left = workdays_between(today, dt.date.fromisoformat(case["due"]))
                if left > days.get("warn", rules.WARN_DAYS):
                    continue
            told += bool(notify.emit(db, name, {"case": case, "due": case["due"]}, key,
                                     once=True))
    return told
