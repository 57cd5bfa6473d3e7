"""What the surveys do: make and close one (recorded in the audit trail), keep a resident's
answer once per phone and per device, and count the results with their percentages."""
import datetime as dt
import hashlib
import hmac
import json
import re
import secrets
import sqlite3

from flask import current_app

from .. import audit
from ..clock import now_iso
from ..db import immediate
from ..errors import ApiError
from ..i18n import t
from ..public import limits
from . import queries, rules

# What a public address's token looks like: secrets.token_urlsafe(16), 128 random bits.
TOKEN = re.compile(r"[A-Za-z0-9_-]{22}")


def new_token():
    """A fresh 128-bit token for a survey's public address (or a device cookie)."""
    return secrets.token_urlsafe(16)


def is_token(value):
    """Whether value has the shape of a token (anything else is never looked up)."""
    return isinstance(value, str) and TOKEN.fullmatch(value) is not None


def period_problems(cleaned, today):
    """[{field, message}] of a survey's period: it ends on or after its start, not before
    today, and lasts at most PERIOD_MAX_DAYS."""
    starts, ends = (dt.date.fromisoformat(cleaned[k]) for k in ("starts_on", "ends_on"))
    if ends < starts:
        return [{"field": "ends_on", "message": t("survey.error.ends_before_start")}]
    if ends < today:
        return [{"field": "ends_on", "message": t("survey.error.ends_in_past")}]
    if (ends - starts).days + 1 > rules.PERIOD_MAX_DAYS:
        return [{"field": "ends_on", "message": t("survey.error.too_long",
                                                  days=rules.PERIOD_MAX_DAYS)}]
    return []


def create(db, user, cleaned):
    """Store a new survey of cleaned's unit and period by user; its id."""
    row = {**cleaned, "questions": json.dumps(list(rules.QUESTIONS)), "token": new_token(),
           "created_by": user.id, "created_at": now_iso()}
    with immediate(db):
        survey_id = queries.insert_survey(db, row)
        audit.record(db, user.id, "create", "survey", survey_id,
                     after={k: v for k, v in row.items() if k != "token"})
    return survey_id


def close(db, user, survey):
    """Close an open or upcoming survey early; a 409 for one that is over already."""
    with immediate(db):
        if not queries.close_survey(db, survey["id"], user.id, now_iso()):
            raise ApiError(409, t("survey.error.already_closed"), "conflict")
        audit.record(db, user.id, "close", "survey", survey["id"])


def questions_of(survey):
    """The codes of the questions the survey asks, as they were when it was made."""
    return json.loads(survey["questions"])


def _percent(part, whole):
    return round(100 * part / whole, 1) if whole else 0.0


def results(survey, counts):
    """A survey's results from its counts ((question, choice, count) each): for each
    question how many answered it, each choice's count and share of them, and the
    satisfaction rate (满意 and 基本满意 among those who judged, None when nobody did)."""
    total = survey["answers"]
    by = {}
    for question, choice, count in counts:
        by.setdefault(question, {})[choice] = count
    shown = []
    for question in questions_of(survey):
        got = by.get(question, {})
        answered = sum(got.values())
        judged = answered - sum(got.get(c, 0) for c in rules.NOT_JUDGED)
        satisfied = sum(got.get(c, 0) for c in rules.SATISFIED)
        shown.append({
            "question": question, "answered": answered, "skipped": total - answered,
            "choices": [{"choice": c, "count": got.get(c, 0),
                         "percent": _percent(got.get(c, 0), answered)} for c in rules.CHOICES],
            "satisfaction": _percent(satisfied, judged) if judged else None,
        })
    return {"answers": total, "complete": survey["complete"],
            "partial": total - survey["complete"], "questions": shown}


def key_of(kind, value):
    """The keyed hash a phone number or a device is kept as (None for None)."""
    if value is None:
        return None
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, f"survey-{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:32]


def normalised_phone(text):
    """A mainland mobile number from what a resident typed (spaces, dashes, +86 dropped), or
    None when it is not one."""
    digits = re.sub(r"[\s\-]", "", text)
    digits = re.sub(r"^(\+?86)", "", digits) if len(digits) > rules.PHONE_DIGITS else digits
    return digits if re.fullmatch(r"1[3-9]\d{9}", digits) else None


class AlreadyAnswered(Exception):
    """This phone or this device has answered the survey: by is "phone" or "device"."""

    def __init__(self, by):
        super().__init__(by)
        self.by = by


def store_answer(db, survey, answer, device, counted=()):
    """Keep a resident's answer ({choices, comment, phone}) sent from device, and count it
    against the limits counted (limits.count runs in the same write); AlreadyAnswered when
    the phone or the device has answered before, even a moment ago in another request."""
    device_key, phone_key = key_of("device", device), key_of("phone", answer["phone"])
    row = {"survey_id": survey["id"], "answered_at": now_iso(),
           "complete": int(len(answer["choices"]) == len(questions_of(survey))),
           "comment": answer["comment"], "phone_key": phone_key, "device_key": device_key}
    try:
        with immediate(db):
            by = queries.answered_by(db, survey["id"], device_key, phone_key)
            if by:
                raise AlreadyAnswered(by)
            answer_id = queries.insert_answer(db, row, answer["choices"])
            limits.count(db, counted)
    except sqlite3.IntegrityError:   # the same phone or device, in a request beside this one
        raise AlreadyAnswered("device") from None
    return answer_id
