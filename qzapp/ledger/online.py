"""A resident's own appeal, sent online without an account (网上信访, §4 and §9): received into
the ledger at the village by its desk's receiver, under the same first-handler and deadline
rules as any case; followed through a private link (128 random bits, only its hash kept) and
rated through it once the case is closed — 不满意 reopens it by the ledger's rule."""
import datetime as dt
import hashlib
import secrets
import uuid

from ..auth.models import load_user_row
from ..clock import now, now_iso
from ..sync import store
from ..sync.registry import Reject, get
from . import desk, engine, fold, queries, rules

# A tracking code to quote on the telephone: 8 characters that cannot be misread.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8
# A private link works this long after the appeal was sent.
TRACK_VALID_DAYS = 365
# The events a resident's tracking page lists (the others are the office's own business).
SHOWN_STEPS = ("receive", "accept", "transfer", "take", "mediate", "reply", "close", "rate",
               "reopen", "escalate")


class NoReceiver(Exception):
    """The village has nobody to receive an online appeal."""


def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def receiver_of(db, village):
    """Who receives the appeals sent online to village; NoReceiver when nobody may."""
    receiver_id = desk.receiver_for(db, village)
    if receiver_id is None:
        raise NoReceiver(village["id"])
    return receiver_id


def receive(db, village, fields, photos=()):
    """Make an appeal a resident sent to village (its org_nodes row) a case, owned by the
    village's receiver; returns (case id, private token, tracking code). Inside the caller's
    write. NoReceiver when nobody may receive it."""
    receiver = load_user_row(db, receiver_of(db, village))
    case_id = str(uuid.uuid4())
    data = {"kind": "appeal", "channel": "online_form", "category": fields["category"],
            "urgency": "normal", "text": fields["text"], "node_id": village["id"],
            "person_name": fields.get("name"), "person_phone": fields.get("phone"),
            "photos": list(photos), "backlog": False}
    engine.record(db, receiver, case_id, "receive", data, engine.local_iso(now()))
    token = secrets.token_urlsafe(16)
    code = _new_code(db)
    queries.add_track(db, {"token_hash": _hash(token), "code": code, "case_id": case_id,
                           "created_at": now_iso(),
                           "expires_at": (now() + dt.timedelta(days=TRACK_VALID_DAYS))
                           .isoformat(timespec="seconds")})
    return case_id, token, code


def _new_code(db):
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not queries.code_taken(db, code):
            return code


def tracked(db, token):
    """(the tracking row, the case row) a private link names; (None, None) when it names
    none, (row, None) past its time."""
    row = queries.track_row(db, _hash(token)) if token else None
    if row is None:
        return None, None
    if row["expires_at"] < now().isoformat(timespec="seconds"):
        return row, None
    return row, engine.case_row(db, row["case_id"])


def progress(db, case):
    """What the resident sees of their case: where it stands, and its steps with the role of
    who took them (never a name), the replies addressed to them, the result."""
    events = [e for e in engine.events_of(db, case["id"])
              if not e["superseded"] and e["kind"] in SHOWN_STEPS]
    roles = queries.roles_of_users(db, sorted({e["by"] for e in events if e["by"]}))
    steps = []
    for event in events:
        data = event["data"]
        steps.append({"kind": event["kind"], "day": event["at"][:10],
                      "role": _role(roles.get(event["by"])) if event["by"] else None,
                      "text": data.get("text") if event["kind"] == "reply" else None,
                      "result": data.get("result") if event["kind"] == "close" else None,
                      "satisfaction": data.get("satisfaction")})
    return {"status": case["status"], "category": case["category"],
            "received": case["received_at"][:10], "steps": steps,
            "may_rate": fold.problem(engine.state_of(case), _rating({})) is None,
            "satisfaction": case["satisfaction"], "result": case["result"]}


def _role(roles):
    return desk.public_role(roles or ())


def _rating(data):
    return {"kind": "rate", "data": data, "by": None, "at": engine.local_iso(now())}


def rate(db, case_id, satisfaction, comment):
    """Record the resident's rating of their closed case (inside the caller's write); a
    Reject with the fold's reason when it is not closed or is rated already."""
    row = engine.case_row(db, case_id)
    data = {"satisfaction": satisfaction, "asked_by": "online"}
    if comment:
        data["comment"] = comment
    event = {**_rating(data), "case_id": case_id}
    why = fold.problem(engine.state_of(row), event)
    if why:
        raise Reject(why, code="transition")
    n = queries.last_n(db, case_id) + 1
    store.save(db, None, get("case_event"), str(uuid.uuid4()), None, {
        "case_id": case_id, "node_id": row["node_id"], "n": n, "kind": "rate", "data": data,
        "at": event["at"], "base_n": n - 1, "superseded": None})
    return rules.SATISFACTION.index(satisfaction)
