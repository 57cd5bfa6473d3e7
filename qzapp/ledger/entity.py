"""The ledger's synced records: the case event, which phones write (create only, never change
or delete), and the case, which the server folds from its events and phones only read."""
import json

from ..households import rules as households
from ..i18n import t
from ..privacy import mask_name, mask_phone
from ..sync.changes import Audience
from ..sync.registry import Entity, Reject
from ..validate import Bool, DateTime, HashList, Int, Str, check
from . import engine, rules

# An event's envelope: what every kind carries.
ENVELOPE = {
    "case_id": Str(max_len=36, min_len=36),
    "kind": Str(max_len=20, choices=rules.PHONE_EVENTS),
    "at": DateTime(),
    "base_n": Int(required=False, min_value=0, max_value=1_000_000),
    "data": None,   # checked by kind below
}
_USER = Int(min_value=1)
_NODE = Int(required=False, min_value=1)
_NOTE = Str(required=False, max_len=rules.NOTE_MAX, lines=True)
# What each kind of event holds.
DATA = {
    "receive": {
        "kind": Str(required=False, default="appeal", choices=rules.KINDS),
        "matter_type": Str(required=False, max_len=rules.MATTER_TYPE_MAX),
        "channel": Str(choices=rules.CHANNELS),
        "category": Str(choices=rules.CATEGORIES),
        "urgency": Str(required=False, default="normal", choices=rules.URGENCIES),
        "text": Str(max_len=rules.TEXT_MAX, lines=True),
        "person_name": Str(required=False, max_len=rules.PERSON_NAME_MAX),
        "person_phone": Str(required=False, max_len=rules.PERSON_PHONE_MAX),
        "household_id": Str(required=False, max_len=36),
        "diary_id": Str(required=False, max_len=36),
        # A leader's reception (定期接访, 带案下访) the case was received at.
        "reception_id": Str(required=False, max_len=36),
        "node_id": _NODE,
        "backlog": Bool(required=False, default=False),
        "photos": HashList(required=False, default=[], max_items=rules.PHOTOS_MAX),
    },
    "accept": {"note": _NOTE},
    "assign": {"to_user_id": _USER, "to_node_id": _NODE, "note": _NOTE},
    "transfer": {"to_user_id": _USER, "to_node_id": _NODE,
                 "reason": Str(max_len=rules.NOTE_MAX, lines=True)},
    "return": {"reason": Str(max_len=rules.NOTE_MAX, lines=True)},
    "mediate": {"mediation": Str(choices=rules.MEDIATION_KINDS),
                "parties": Str(max_len=rules.PARTIES_MAX, lines=True),
                "mediator": Str(max_len=rules.MEDIATOR_MAX),
                "outcome": Str(choices=rules.MEDIATION_OUTCOMES), "note": _NOTE},
    "take": {"note": _NOTE},
    "note": {"text": _NOTE, "photos": HashList(required=False, default=[],
                                               max_items=rules.PHOTOS_MAX)},
    "reply": {"text": Str(max_len=rules.NOTE_MAX, lines=True), "by": Str(choices=rules.REPLY_BY)},
    "close": {"result": Str(choices=rules.CLOSE_RESULTS),
              "done": Str(max_len=rules.NOTE_MAX, lines=True)},
    "rate": {"satisfaction": Str(choices=rules.SATISFACTION),
             "asked_by": Str(choices=rules.ASKED_BY), "comment": _NOTE},
    "reopen": {"reason": Str(max_len=rules.NOTE_MAX, lines=True)},
    "backlog": {"on": Bool(), "reason": _NOTE},
    "correct": {"target": Str(max_len=36, min_len=36), "text": Str(max_len=rules.NOTE_MAX,
                                                                    lines=True)},
}
PHONE_DIGITS = set(rules.PHONE_CHARACTERS)


def clean_event(user, data):
    """The checks of an event that need no database: its envelope and its kind's fields."""
    if not isinstance(data, dict):
        raise Reject(t("error.validation"),
                     [{"field": "data", "message": t("error.body_not_object")}], "validation")
    envelope, errors = check({k: v for k, v in data.items() if k != "data"},
                             {k: v for k, v in ENVELOPE.items() if v is not None})
    if data.get("data") is not None and not isinstance(data["data"], dict):
        errors.append({"field": "data", "message": t("error.body_not_object")})
    if errors:
        raise Reject(t("error.validation"), errors, "validation")
    body, errors = check(data.get("data") or {}, DATA[envelope["kind"]])
    if not errors:
        errors = _own_rules(envelope["kind"], body)
    if errors:
        raise Reject(t("error.validation"), errors, "validation")
    envelope["case_id"] = envelope["case_id"].lower()
    return {**envelope, "data": body}


def _own_rules(kind, body):
    """What one kind of event requires beyond its fields' checks."""
    errors = []
    if kind == "receive" and body.get("person_phone") and \
            not set(body["person_phone"]) <= PHONE_DIGITS:
        errors.append({"field": "person_phone", "message": t("case.phone_digits")})
    if kind == "receive" and body["kind"] == "matter" and not body.get("matter_type"):
        errors.append({"field": "matter_type", "message": t("field.required")})
    if kind == "receive" and body["kind"] == "appeal" and body.get("matter_type"):
        errors.append({"field": "matter_type", "message": t("case.matter_type_for_matters")})
    if kind == "note" and not body.get("text") and not body.get("photos"):
        errors.append({"field": "text", "message": t("case.note_empty")})
    return errors


def handles(db, user, record):
    """Whether the user handles the case (it is theirs, assigned or being transferred to
    them, or they keep its village's books) and so sees the person's name and phone."""
    pending = record.get("pending") or {}
    if user.id in (record.get("owner_id"), record.get("handler_id"), record.get("leader_id"),
                   record.get("received_by"), pending.get("to_user_id")):
        return True
    path = user.scope.node_path(db, record["node_id"])
    return path is not None and households.keeps_register_of(user, path)


CASE_FIELDS = ("id", "kind", "node_id", "channel", "category", "urgency", "text", "person_name",
               "person_phone", "household_id", "diary_id", "photos", "backlog", "status",
               "received_at", "received_by", "first_handler_id", "owner_id", "handler_id",
               "handler_node_id", "leader_id", "pending", "days", "accept_by", "close_by",
               "accepted_at", "closed_at", "result", "done", "escalation_level",
               "escalated_node_id", "satisfaction", "rated", "reopens", "auto_reopens",
               "mediations", "replies", "last_event_at", "events_n", "matter_type",
               "published", "public_summary", "published_at")
JSON_FIELDS = ("photos", "pending", "days")


def serialize_case(db, row):
    """A case as its handlers see it."""
    record = {k: row[k] for k in CASE_FIELDS}
    for key in JSON_FIELDS:
        if isinstance(record[key], str):
            record[key] = json.loads(record[key])
    return record


def redact_case(db, user, record):
    """The person's name and phone masked for readers who do not handle the case."""
    if handles(db, user, record):
        return record
    return {**record, "person_name": mask_name(record.get("person_name")),
            "person_phone": mask_phone(record.get("person_phone"))}


def case_audience(db, row):
    """The case's village by scope, its owner, and its handler: the person it is assigned to,
    or while a transfer waits, the person who is to accept it."""
    pending = row.get("pending")
    if isinstance(pending, str):
        pending = json.loads(pending)
    handler = pending["to_user_id"] if pending else row.get("handler_id")
    return Audience(row["node_id"], row.get("owner_id"), handler)


CASE = Entity(
    name="case", table="cases", ops=(), prepare=None, may_write=lambda user, existing: False,
    serialize=serialize_case, redact=redact_case, audience=case_audience,
    node_readers=rules.READERS_IN_SCOPE, media=lambda row: _list(row.get("photos")),
)

EVENT_FIELDS = ("id", "case_id", "node_id", "n", "kind", "data", "at", "base_n", "superseded",
                "created_by", "created_at", "device_id")


def serialize_event(db, row):
    """An event as its case's handlers see it (created_by is who wrote it; created_at, when
    the server received it; at, when it happened on the phone)."""
    record = {k: row[k] for k in EVENT_FIELDS}
    if isinstance(record["data"], str):
        record["data"] = json.loads(record["data"])
    return record


def redact_event(db, user, record):
    """A receive event's person masked for readers who do not handle its case."""
    data = record["data"]
    if record["kind"] != "receive" or not (data.get("person_name") or data.get("person_phone")):
        return record
    case = engine.case_row(db, record["case_id"])
    if case is not None and handles(db, user, serialize_case(db, case)):
        return record
    return {**record, "data": {**data, "person_name": mask_name(data.get("person_name")),
                               "person_phone": mask_phone(data.get("person_phone"))}}


def event_audience(db, row):
    """An event is seen by whoever sees its case."""
    case = engine.case_row(db, row["case_id"])
    if case is None:   # its receive event, before the case is folded from it
        return Audience(row["node_id"], row.get("created_by"))
    return case_audience(db, case)


def _list(value):
    return json.loads(value) if isinstance(value, str) else (value or [])


def _event_media(row):
    data = row.get("data")
    data = json.loads(data) if isinstance(data, str) else (data or {})
    return data.get("photos") or []


CASE_EVENT = Entity(
    name="case_event", table="case_events", ops=("put",), clean=clean_event,
    prepare=engine.prepare_event, may_write=lambda user, existing: False,
    serialize=serialize_event, redact=redact_event, audience=event_audience,
    node_readers=rules.READERS_IN_SCOPE, media=_event_media, after_save=engine.settle,
    follows={"case": "case_id"},
)
