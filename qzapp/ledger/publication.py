"""Cases on the village's public board (民情公开栏, F4): published by someone who handles the
case, with a summary written for the board and screened before it goes up; taken off again
by them or by whoever oversees the village. What the board shows of a case is decided here,
and nothing else of it leaves the ledger."""
import re

from ..clock import now
from ..errors import ApiError
from ..households.queries import people_named
from ..i18n import t
from ..privacy import mask_id_number, mask_name, mask_phone
from ..validate import Str, check
from . import engine, queries, rules
from .fold import day_of
from .workdays import workdays_between

# Mobile numbers (with the spaces or dashes people type) and landlines with their area code.
PHONE_RE = re.compile(r"(?<!\d)(?:1[3-9]\d(?:[ -]?\d){8}|0\d{2,3}[ -]?\d{7,8})(?!\d)")
# Resident ID numbers: 18 characters, a birth date inside.
ID_RE = re.compile(r"(?<![0-9A-Za-z])\d{6}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])"
                   r"(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])")
# A one-character name would match too much of any text; a family name alone is no name.
MIN_NAME_LEN = 2
SUMMARY = {"summary": Str(max_len=rules.PUBLIC_SUMMARY_MAX, lines=True)}
REASON = {"reason": Str(required=False, max_len=rules.NOTE_MAX, lines=True)}


def screen(db, case, summary):
    """What the summary must not say about the case's people: each phone or ID number in it,
    and each name of the person and the household's members. [] when it may go up."""
    found = []
    for number in PHONE_RE.findall(summary):
        found.append(t("case.publish.has_phone", value=mask_phone(re.sub(r"\D", "", number))))
    for number in ID_RE.findall(summary):
        found.append(t("case.publish.has_id_number", value=mask_id_number(number)))
    names = {case.get("person_name") or ""}
    if case.get("household_id"):
        names.update(people_named(db, case["household_id"]))
    for name in sorted(n for n in names if len(n) >= MIN_NAME_LEN and n in summary):
        found.append(t("case.publish.has_name", value=mask_name(name)))
    return found


def publish(db, user, case_id, body):
    """Put a case on its board with the summary in body, once the summary says nothing
    personal (else a 400 naming what it says, the summary kept on the phone to edit)."""
    cleaned = _cleaned(body, SUMMARY)
    case = engine.case_row(db, case_id)
    found = screen(db, case, cleaned["summary"])
    if found:
        raise ApiError(400, t("case.publish.screened"), "screened",
                       [{"field": "summary", "message": message} for message in found])
    return engine.record(db, user, case_id, "publish", cleaned, engine.local_iso(now()))


def unpublish(db, user, case_id, body):
    """Take a case off its board (the reason, if given, stays in its history)."""
    cleaned = {k: v for k, v in _cleaned(body, REASON).items() if v is not None}
    return engine.record(db, user, case_id, "unpublish", cleaned, engine.local_iso(now()))


def _cleaned(body, fields):
    cleaned, errors = check(body, fields)
    if errors:
        raise ApiError(400, t("error.validation"), "validation", errors)
    return cleaned


def days_taken(case):
    """The working days from a case's receipt to its closing (None while open)."""
    if not case.get("closed_at"):
        return None
    return max(0, workdays_between(day_of(case["received_at"]), day_of(case["closed_at"])))


def shown(case):
    """A published case as the board shows it: its category, the month it came in, where it
    stands, what was done (the summary, any number left in it masked), the working days it
    took and the resident's satisfaction — never the person, household, address or date."""
    return {"category": case["category"], "month": case["received_at"][:7],
            "status": case["status"], "summary": mask_numbers(case["public_summary"] or ""),
            "result": case["result"] if case["status"] == "closed" else None,
            "days": days_taken(case) if case["status"] == "closed" else None,
            "satisfaction": case["satisfaction"]}


def mask_numbers(text):
    """Phone and ID numbers in a text masked (138****1234), as a last guard on the board."""
    text = ID_RE.sub(lambda m: mask_id_number(m.group(0)), text)
    return PHONE_RE.sub(lambda m: mask_phone(re.sub(r"\D", "", m.group(0))), text)


def board_version(db, node_ids):
    """What changes whenever anything a village's board shows changes: the latest change of
    any case there (their count, for a case moved away)."""
    return queries.board_version(db, node_ids)


def board_cases(db, node_ids, page, size):
    """A page of a village's published cases, newest first, as the board shows them, and
    how many there are."""
    rows, total = queries.published_page(db, node_ids, page, size)
    return [shown(row) for row in rows], total


def board_counts(db, node_ids, since):
    """This year's figures of a village's whole ledger (not only what is published), none
    of them personal: received, closed, closed in time, rated and satisfied."""
    return queries.board_counts(db, node_ids, since)


def published_counts(db):
    """{node id: published cases} of every node that has any."""
    return queries.published_counts(db)


def village(db, node_id):
    """The active village or community node_id names, with its township's name; None when
    it names none."""
    return queries.board_village(db, node_id)


def subtree_ids(db, path):
    """The ids of the active nodes of a village (itself and its grids)."""
    return queries.subtree_ids(db, path)


def boards(db):
    """The active villages and communities, with their townships, by township."""
    return queries.boards(db)
