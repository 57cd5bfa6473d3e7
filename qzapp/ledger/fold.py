"""A case's state, folded from its events (pwa/js/ledger/fold.js does the same on the phone,
tests/ledger_cases.json holds the cases both are run on).

An event is {id, n, kind, data, by, at, superseded}: by is its author's user id (None for the
server), at when it happened (ISO 8601 with its offset). fold() applies the events in their
order n and passes over the superseded ones: whether an event is superseded is decided once,
by the server when it arrives (engine.py), and travels with it. problem() is the check of an
event against the state it follows, the same on both sides.
"""
import datetime as dt

from . import rules
from .workdays import add_workdays, is_known, workdays_between

# The state of a case before its receive event.
NOTHING = None


def day_of(at):
    """The local date of an ISO 8601 moment (its own offset: Beijing time for ours)."""
    return dt.date.fromisoformat(at[:10])


def deadline(at, days):
    """The date by which something received at `at` is due, `days` working days on."""
    return add_workdays(day_of(at), days).isoformat()


def problem(state, event):
    """None when the event may follow the state, else the catalogue key of why not. Who may
    write an event by their roles is the server's check (engine.py); what is checked here
    is what the case's own record says."""
    rule = rules.TRANSITIONS.get(event["kind"])
    if rule is None:
        return "case.problem.unknown_event"
    if state is NOTHING:
        return None if event["kind"] == "receive" else "case.problem.no_case"
    if event["kind"] == "receive":
        return "case.problem.received_already"
    if state["status"] not in rule["from"]:
        return f"case.problem.status_{state['status']}"
    kind, by = event["kind"], event.get("by")
    pending = state.get("pending") or {}
    if kind == "accept":
        expected = pending.get("to_user_id") if state["status"] == "transferring" \
            else state["owner_id"]
        if by != expected:
            return "case.problem.not_yours"
    if kind == "return" and by != pending.get("to_user_id"):
        return "case.problem.not_yours"
    if kind == "rate" and state["rated"]:
        return "case.problem.rated_already"
    if kind == "escalate" and event["data"]["level"] <= state["escalation_level"]:
        return "case.problem.escalated_already"
    return None


def apply(state, event):
    """The state after one event that problem() lets follow it (a new dict)."""
    data, at, by = event.get("data") or {}, event["at"], event.get("by")
    kind = event["kind"]
    if kind == "receive":
        return _received(event["case_id"], data, at, by)
    state = {**state, "last_event_at": at, "events_n": state["events_n"] + 1}
    to = rules.TRANSITIONS[kind]["to"]
    if kind == "accept":
        pending = state["pending"]
        if pending:
            state.update(owner_id=pending["to_user_id"], first_handler_id=pending["to_user_id"],
                         handler_id=None, handler_node_id=pending.get("to_node_id"),
                         pending=None)
        state["accepted_at"] = state["accepted_at"] or at
    elif kind == "assign":
        state.update(handler_id=data["to_user_id"], handler_node_id=data.get("to_node_id"))
    elif kind == "transfer":
        state["pending"] = {"to_user_id": data["to_user_id"], "to_node_id": data.get("to_node_id"),
                            "from_status": state["status"], "by": by}
    elif kind == "return":
        to = state["pending"]["from_status"]
        state["pending"] = None
    elif kind == "mediate":
        state["mediations"] += 1
    elif kind == "take":
        state.update(leader_id=by, owner_id=by, pending=None)
        state["accepted_at"] = state["accepted_at"] or at
    elif kind == "reply":
        state["replies"] += 1
    elif kind == "close":
        state.update(closed_at=at, result=data["result"], done=data.get("done"),
                     satisfaction=None, rated=0)
    elif kind == "rate":
        state.update(satisfaction=data["satisfaction"], rated=1)
        if data["satisfaction"] == "unsatisfied" and state["auto_reopens"] < rules.AUTO_REOPENS:
            state["auto_reopens"] += 1
            _reopen(state, at)
            to = "in_progress"
    elif kind == "reopen":
        _reopen(state, at)
    elif kind == "backlog":
        state["backlog"] = 1 if data["on"] else 0
    elif kind == "escalate":
        state.update(escalation_level=data["level"], escalated_node_id=data["to_node_id"])
    elif kind == "publish":
        state.update(published=1, public_summary=data["summary"],
                     published_at=state["published_at"] or at)
    elif kind == "unpublish":
        state["published"] = 0
    if to is not None:
        state["status"] = to
    return state


def fold(events, state=NOTHING):
    """The state after events (in order n), superseded ones passed over."""
    for event in sorted(events, key=lambda e: e["n"]):
        if not event.get("superseded"):
            state = apply(state, event)
    return state


def _received(case_id, data, at, by):
    """The state a receive event starts."""
    days = data["days"]
    return {
        "id": case_id, "kind": data.get("kind") or "appeal", "node_id": data["node_id"],
        "channel": data["channel"], "category": data["category"], "urgency": data["urgency"],
        "text": data["text"], "person_name": data.get("person_name"),
        "person_phone": data.get("person_phone"), "household_id": data.get("household_id"),
        "diary_id": data.get("diary_id"), "photos": list(data.get("photos") or []),
        "backlog": 1 if data.get("backlog") else 0, "status": "received",
        "received_at": at, "received_by": by, "first_handler_id": by, "owner_id": by,
        "handler_id": None, "handler_node_id": None, "leader_id": None, "pending": None,
        "days": days, "accept_by": deadline(at, days["accept"]),
        "close_by": deadline(at, days["close"]), "accepted_at": None, "closed_at": None,
        "result": None, "done": None, "escalation_level": 0, "escalated_node_id": None,
        "satisfaction": None, "rated": 0, "reopens": 0, "auto_reopens": 0, "mediations": 0,
        "replies": 0, "last_event_at": at, "events_n": 1,
        "matter_type": data.get("matter_type"), "published": 0, "public_summary": None,
        "published_at": None,
    }


def _reopen(state, at):
    """A closed case open again: a new time to close it, counted from today."""
    state.update(reopens=state["reopens"] + 1, closed_at=None, result=None, done=None,
                 close_by=deadline(at, state["days"]["close"]), escalation_level=0,
                 escalated_node_id=None)


def clock(state, today):
    """Where a case stands against its deadline today (a date): the day it is due next, the
    working days left (negative once overdue) and ok / warning / overdue; None once closed.
    The phone's fold.js clock() says the same."""
    due = state["accept_by"] if state["status"] == "received" else state["close_by"]
    if state["status"] == "closed" or not due:
        return None
    left = workdays_between(today, dt.date.fromisoformat(due))
    status = "ok"
    if due < today.isoformat():
        status = "overdue"
    elif left <= (state.get("days") or {}).get("warn", rules.WARN_DAYS):
        status = "warning"
    return {"due": due, "left": left, "state": status,
            "known": is_known(dt.date.fromisoformat(due))}
