"""The case engine: an event's checks when it arrives, the case folded forward from it, and
the tick's escalations.

An event arrives with base_n, the number of its case's events the phone had when it was
written. It is refused (a clear reason, nothing stored) when it was not valid even there, or
when its writer may not write it at all; it is stored as superseded, with its reason, when it
was valid there but no longer is after the events that arrived in between (two people closed
the same case offline: the second close is kept, and shown, but not applied).
"""
import datetime as dt
import json
import uuid

from .. import clock
from ..auth.models import load_user_row
from ..i18n import t
from ..sync import changes, store
from ..sync.registry import Reject, get
from . import deadlines, fold, intake, notices, queries, rules
from .workdays import workdays_between


class _Author:
    """The writer of a row written on an event's behalf (its case), by id."""

    def __init__(self, user_id):
        self.id = user_id


def case_row(db, case_id):
    """The stored case, or None."""
    return queries.case_row(db, case_id)


def state_of(row):
    """A stored case as the fold's state."""
    if row is None:
        return fold.NOTHING
    return get("case").serialize(None, row)


def events_of(db, case_id, upto=None):
    """The case's events as the fold takes them, in order; the first upto when given."""
    return [as_event(row) for row in queries.event_rows_upto(db, case_id, upto)]


def as_event(row):
    """A stored event as the fold takes it."""
    data = row["data"]
    return {"id": row["id"], "case_id": row["case_id"], "n": row["n"], "kind": row["kind"],
            "data": json.loads(data) if isinstance(data, str) else data, "at": row["at"],
            "by": row["created_by"], "superseded": row["superseded"]}


def prepare_event(db, user, cleaned, existing):
    """The columns of an arriving event: its order n, its case's node, and superseded when
    the case moved on since its phone saw it; a Reject when it may not be written."""
    case_id, kind = cleaned["case_id"], cleaned["kind"]
    row = case_row(db, case_id)
    if kind == "receive":
        if row is not None or queries.has_events(db, case_id):
            raise Reject(t("case.problem.received_already"), code="transition")
        data = intake.received_data(db, user, cleaned["data"])
        return {"case_id": case_id, "node_id": data["node_id"], "n": 1, "kind": kind,
                "data": data, "at": _claimed(cleaned["at"]), "base_n": 0, "superseded": None}
    if row is None or not changes.may_see(db, user, "case", case_id):
        raise Reject(t("case.unknown"), code="missing")
    state, at = state_of(row), _claimed(cleaned["at"])
    event = {"case_id": case_id, "kind": kind, "data": cleaned["data"], "at": at, "by": user.id,
             "n": row["events_n"] + 1}
    base_n = cleaned.get("base_n")
    if base_n is None or base_n >= row["events_n"]:
        base_n, base = row["events_n"], state
    else:   # base_n counts the events the phone had applied (superseded ones take no part)
        applied = [e for e in events_of(db, case_id) if not e["superseded"]]
        base = fold.fold(applied[:base_n])
    # Refused: not valid where the phone stood, or not this writer's to write.
    why = fold.problem(base, event) or _not_allowed(db, user, base, event)
    if why:
        raise Reject(t(why), code="transition")
    _check_data(db, user, state, event)
    superseded = None
    if base is not state:
        superseded = fold.problem(state, event) or _not_allowed(db, user, state, event)
    n = queries.last_n(db, case_id) + 1
    return {"case_id": case_id, "node_id": row["node_id"], "n": n, "kind": kind,
            "data": event["data"], "at": at, "base_n": base_n, "superseded": superseded}


def settle(db, event_row, existing):
    """After an event is stored: its case folded forward by it (the entity's after_save)."""
    if existing is not None or event_row["superseded"]:
        return
    case = case_row(db, event_row["case_id"])
    event = as_event(event_row)
    state = fold.apply(state_of(case), event)
    _save_case(db, _Author(event_row["created_by"]), case, state, event_row.get("device_id"))
    notices.after_event(db, state, event)


def _save_case(db, author, existing, state, device_id=None):
    """Store a case's new state; its events follow it to whoever now sees it."""
    entity = get("case")
    before = entity.audience(db, existing) if existing is not None else None
    row = {**(existing or {}), **state}
    # The case's own audit is its events: the derived row keeps no audit entries of its own.
    store.save(db, author, entity, state["id"], existing, row, device_id, audit=[])
    if before is not None and tuple(before) != tuple(entity.audience(db, row)):
        store.touch_followers(db, "case", state["id"])


def _claimed(at):
    """When the phone says it happened, in Beijing time (the day its deadlines count from):
    kept as claimed, as the phone's reveals are, but never later than now (a phone whose clock
    runs ahead must not buy a case more time); when the server had it is created_at."""
    moment = min(dt.datetime.fromisoformat(at), clock.now())
    return local_iso(moment)


def local_iso(moment):
    """A moment as events carry it: Beijing time with its offset, to the second."""
    return moment.astimezone(clock.CHINA).isoformat(timespec="seconds")


def _not_allowed(db, user, state, event):
    """None when the writer may write the event on the case as it stands, by who they are to
    it (its owner, the person it is assigned or being transferred to, the event's author)
    or by their roles; else the catalogue key of why not."""
    rule = rules.TRANSITIONS[event["kind"]]
    pending = state.get("pending") or {}
    for who in rule["by"]:
        if who == "owner" and state["owner_id"] == user.id:
            return None
        if who == "handler" and state["handler_id"] == user.id:
            return None
        if who == "target" and pending.get("to_user_id") == user.id:
            return None
        if who == "leader" and user.has_role(*rules.LEADERS):
            return None
        if who == "overseer" and user.has_role(*rules.OVERSEERS) \
                and user.scope.contains(db, state["node_id"]):
            return None
        if who == "reader" and user.has_role(*rules.INTAKE_ROLES, *rules.OVERSEERS):
            return None
        if who == "author":
            target = queries.event_author(db, event["data"]["target"].lower(), state["id"])
            if target is not None and target == user.id:
                return None
    return "case.problem.not_allowed"


def _check_data(db, user, state, event):
    """The data of an assign or transfer names someone the writer may hand the case to: an
    active account that handles cases, inside the writer's scope for an assignment, inside
    the case's county for a transfer (to the township, or a county department), and not its
    owner already."""
    if event["kind"] not in ("assign", "transfer"):
        return
    data = event["data"]
    target = load_user_row(db, data["to_user_id"])
    within = hand_over_within(db, user, state, event["kind"])
    if target is None or not target.row["active"] or not target.node["path"].startswith(
            within) or not target.has_role(*rules.INTAKE_ROLES):
        raise Reject(t("error.validation"), [{"field": "to_user_id",
                                              "message": t("case.assignee_out_of_scope")}],
                     "validation")
    if event["kind"] == "transfer" and target.id == state["owner_id"]:
        raise Reject(t("error.validation"), [{"field": "to_user_id",
                                              "message": t("case.transfer_to_owner")}],
                     "validation")
    if data.get("to_node_id") is None:
        data["to_node_id"] = target.node["id"]


def hand_over_within(db, user, state, kind):
    """The path of the subtree a case may be handed to: the writer's own for an assignment,
    the case's county for a transfer (to the township, or a county department)."""
    return user.scope.path if kind == "assign" else _county_path(db, state["node_id"])


def _county_path(db, node_id):
    """The path of the county a node lies in (the root's when it lies in none)."""
    path = queries.node_row(db, node_id)["path"]
    ids = [int(part) for part in path.strip("/").split("/")]
    kinds = queries.nodes_on_path(db, ids)
    top = next((i for i, node_id in enumerate(ids) if kinds.get(node_id) == "county"), 0)
    return "/" + "/".join(str(i) for i in ids[:top + 1]) + "/"


# The tick's escalation events are named from their once-key, so a rerun names them alike.
TICK_EVENTS = uuid.UUID("0c6f3a52-7a0e-4b8e-9b7e-5f0f3f3d2a11")


def fold_unfolded(db):
    """Fold the cases of events stored without their case (a migration turns older appeals
    into receive events): each case stored, each event given its place in the feed. Returns
    how many cases."""
    event_entity = get("case_event")
    ids = queries.unfolded_case_ids(db)
    for case_id in ids:
        events = events_of(db, case_id)
        first = events[0]["data"]
        if "days" not in first:   # a migrated appeal's: its deadlines as the table has them
            first["days"] = deadlines.days_for(db, first["node_id"], first["category"],
                                               first["urgency"])
            queries.set_event_data(db, events[0]["id"], first)
        _save_case(db, _Author(events[0]["by"]), None, fold.fold(events))
        for row in queries.event_rows_upto(db, case_id, None):
            store.touch(db, event_entity, row, moved_only=False)
    return len(ids)


def escalation_target(db, owner_path, level):
    """The node a case escalates to at level (1: its owner's node's superior), never above
    the county; None when there is none that high."""
    ids = [int(part) for part in owner_path.strip("/").split("/")]
    kinds = queries.nodes_on_path(db, ids)
    top = next((i for i, node_id in enumerate(ids) if kinds.get(node_id) == "county"), 0)
    index = len(ids) - 1 - level
    return ids[index] if index >= top else None


def due_level(due, today):
    """The escalation level an open case due on `due` has reached by today: 1 on the first
    working day past it, one more each rules.ESCALATE_EVERY_DAYS working days after."""
    late = workdays_between(dt.date.fromisoformat(due), today)
    return 0 if late <= 0 else 1 + (late - 1) // rules.ESCALATE_EVERY_DAYS


def escalate_overdue(db, today):
    """Write the escalation events that overdue cases are owed by today: each level once
    (its once-key), whoever runs the tick and however often. Returns how many."""
    event_entity, written = get("case_event"), 0
    stamp = local_iso(clock.now())
    for case in queries.overdue_cases(db, today.isoformat()):
        level = due_level(case["due"], today)
        for step in range(case["escalation_level"] + 1, level + 1):
            target = escalation_target(db, case["owner_path"], step)
            if target is None:
                break
            once = f"escalate:{case['id']}:{case['reopens']}:{step}"
            if queries.event_taken(db, once):
                continue
            event_id = str(uuid.uuid5(TICK_EVENTS, once))
            n = queries.last_n(db, case["id"]) + 1
            store.save(db, None, event_entity, event_id, None, {
                "case_id": case["id"], "node_id": case["node_id"], "n": n, "kind": "escalate",
                "data": {"level": step, "to_node_id": target, "due": case["due"]},
                "at": stamp, "base_n": n - 1, "superseded": None, "once": once})
            written += 1
    return written


def tick(db, today=None):
    """The ledger's time-based work, idempotent: fold what was stored unfolded, escalate
    what is overdue. Inside the caller's write transaction."""
    today = today or clock.today()
    return {"folded": fold_unfolded(db), "escalated": escalate_overdue(db, today),
            "told": notices.warn_and_overdue(db, today)}


# The receive event of an appeal: named from the appeal's id (as migration 0009 names those of
# appeals stored before cases existed).
APPEAL_EVENTS = uuid.UUID("5a1c7e0e-3b1f-4c33-9d43-0b8f5f1a0c09")


def receive_appeal(db, appeal):
    """Make a stored appeal a case of the same id, received by its author."""
    data = {"kind": "appeal", "channel": appeal["channel"], "category": appeal["category"],
            "urgency": "normal", "text": appeal["text"], "node_id": appeal["node_id"],
            "household_id": appeal.get("household_id"), "diary_id": appeal.get("diary_id"),
            "backlog": False}
    data = {k: v for k, v in data.items() if v is not None}
    data["days"] = deadlines.days_for(db, appeal["node_id"], appeal["category"], "normal")
    store.save(db, _Author(appeal["created_by"]), get("case_event"),
               str(uuid.uuid5(APPEAL_EVENTS, appeal["id"])), None, {
                   "case_id": appeal["id"], "node_id": appeal["node_id"], "n": 1,
                   "kind": "receive", "data": data, "at": local_iso(clock.now()), "base_n": 0,
                   "superseded": None}, appeal.get("device_id"))


def record(db, user, case_id, kind, data, at, device_id=None):
    """Store an event written on the server's side (the demo, an import) as a phone's would
    be stored, after the same checks of the state it follows; returns the event's id. A
    receive event's data is placed and given its deadlines as an arriving one's is."""
    row = case_row(db, case_id)
    if kind == "receive":
        data = intake.received_data(db, user, data)
        n, node_id = 1, data["node_id"]
    else:
        event = {"case_id": case_id, "kind": kind, "data": data, "at": at, "by": user.id}
        why = fold.problem(state_of(row), event) or _not_allowed(db, user, state_of(row), event)
        if why:
            raise Reject(t(why), code="transition")
        _check_data(db, user, state_of(row), event)
        n, node_id = queries.last_n(db, case_id) + 1, row["node_id"]
    event_id = str(uuid.uuid4())
    store.save(db, user, get("case_event"), event_id, None, {
        "case_id": case_id, "node_id": node_id, "n": n, "kind": kind, "data": data, "at": at,
        "base_n": n - 1, "superseded": None}, device_id)
    return event_id
