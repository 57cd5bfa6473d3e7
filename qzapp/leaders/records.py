"""What a leader writes on the phone (offline), as synced records: a day at the grassroots
(grassroots_day), a research visit (research_visit), a research report (research_report).

Each belongs to its leader's own node (who reads it online: the administrators and
supervisors above) and names where it happened (place_node_id, in the leader's scope). Only
the leader writes and edits their own; nobody deletes a report another wrote.
"""
import datetime as dt
import json

from ..clock import today
from ..i18n import t
from ..sync.registry import Entity, Reject, fields_clean, register
from ..validate import Date, Float, HashList, Int, Str, StrList
from . import documents, queries, rules

_PLACE = {"place_node_id": Int(required=False, min_value=1),
          "place": Str(required=False, max_len=rules.PLACE_MAX)}
_PHOTOS = HashList(required=False, default=[], max_items=rules.PHOTOS_MAX)

DAY_FIELDS = {
    "day": Date(), **_PLACE,
    "lat": Float(required=False, min_value=-90, max_value=90),
    "lng": Float(required=False, min_value=-180, max_value=180),
    "accuracy": Float(required=False, min_value=0, max_value=100_000),
    "done": Str(max_len=rules.TEXT_MAX, min_len=1, lines=True),
    "photos": _PHOTOS,
}
_HEAD = Int(required=False, default=0, min_value=0, max_value=rules.ENTOURAGE_MAX)
VISIT_FIELDS = {
    "kind": Str(choices=rules.VISIT_KINDS),
    "starts_on": Date(), "ends_on": Date(required=False),
    "place_node_id": Int(required=False, min_value=1),
    "places": Str(max_len=rules.PLACE_MAX, min_len=1),
    "topic": Str(max_len=rules.TITLE_MAX, min_len=1),
    "entourage_provincial": _HEAD, "entourage_city": _HEAD, "entourage_county": _HEAD,
    "over_reason": Str(required=False, max_len=rules.TEXT_MAX, lines=True),
    "findings": Str(required=False, max_len=rules.TEXT_MAX, lines=True),
    "photos": _PHOTOS,
}
REPORT_FIELDS = {
    "year": Int(min_value=2000, max_value=2100),
    "title": Str(max_len=rules.TITLE_MAX, min_len=1),
    "body": Str(required=False, max_len=rules.REPORT_MAX, lines=True),
    "document": Str(required=False, max_len=64, min_len=64),
    "document_name": Str(required=False, max_len=rules.DOCUMENT_NAME_MAX),
    "visit_ids": StrList(required=False, default=[]),
}


def _invalid(field, key, **values):
    return {"field": field, "message": t(key, **values)}


def day_rules(day):
    """A day's own rules: not in the future, a position whole or absent."""
    errors = []
    if day["day"] > today().isoformat():
        errors.append(_invalid("day", "leaders.future_date"))
    if (day["lat"] is None) != (day["lng"] is None):
        errors.append(_invalid("lat", "leaders.half_position"))
    return errors


def entourage_of(visit):
    """{origin: head count} of a visit's record."""
    return {origin: visit.get(f"entourage_{origin}") or 0 for origin in rules.ENTOURAGE}


def visit_rules(visit):
    """A visit's own rules: its days in order, not starting in the future, not longer than
    the longest stay."""
    errors = []
    visit["ends_on"] = visit["ends_on"] or visit["starts_on"]
    if visit["starts_on"] > today().isoformat():
        errors.append(_invalid("starts_on", "leaders.future_date"))
    if visit["ends_on"] < visit["starts_on"]:
        errors.append(_invalid("ends_on", "leaders.visit_ends_before"))
    elif (dt.date.fromisoformat(visit["ends_on"])
          - dt.date.fromisoformat(visit["starts_on"])).days >= rules.VISIT_MAX_DAYS:
        errors.append(_invalid("ends_on", "leaders.visit_too_long", days=rules.VISIT_MAX_DAYS))
    return errors


def report_rules(report):
    """A report's own rules: its text or a document (with its name), not both missing."""
    errors = []
    if not report["body"] and not report["document"]:
        errors.append(_invalid("body", "leaders.report_empty"))
    if report["document"] and not report["document_name"]:
        errors.append(_invalid("document_name", "field.required"))
    if report["document"] and not all(c in "0123456789abcdef" for c in report["document"]):
        errors.append(_invalid("document", "field.not_hash_list"))
    if len(report["visit_ids"]) > 50:
        errors.append(_invalid("visit_ids", "field.too_many", max=50))
    return errors


def level_of(user):
    """The leader's level: their node's kind (province, city, county, township)."""
    return user.node["kind"] if user.node["kind"] in rules.LEVELS else None


def check_place(db, user, record, errors):
    """The place node named, if it is a node of the leader's scope (else an error)."""
    node_id = record.get("place_node_id")
    if node_id and not user.scope.contains(db, node_id):
        errors.append(_invalid("place_node_id", "field.node_out_of_scope"))


def refuse_if(errors):
    if errors:
        raise Reject(t("error.validation"), errors, "validation")


def prepare_day(db, user, cleaned, existing):
    errors = []
    check_place(db, user, cleaned, errors)
    refuse_if(errors)
    return {**cleaned, "node_id": own_node(user, existing),
            "year": int(cleaned["day"][:4])}


def prepare_visit(db, user, cleaned, existing):
    """A visit placed and flagged: over_limit when its entourage exceeds the rule of the
    leader's level, which then needs the reason."""
    errors = []
    check_place(db, user, cleaned, errors)
    over = rules.over_limit(level_of(user), entourage_of(cleaned))
    if over and not cleaned["over_reason"]:
        names = "、".join(t(f"leaders.entourage.{origin}") for origin in over)
        errors.append(_invalid("over_reason", "leaders.over_needs_reason", origins=names))
    refuse_if(errors)
    return {**cleaned, "node_id": own_node(user, existing), "over_limit": int(bool(over)),
            "year": int(cleaned["starts_on"][:4])}


def prepare_report(db, user, cleaned, existing):
    """A report whose document, if any, the leader has uploaded, and whose visits are theirs."""
    errors = []
    if cleaned["document"] and not documents.sent_by(db, user.id, cleaned["document"]) and \
            not (existing and existing["document"] == cleaned["document"]):
        errors.append(_invalid("document", "leaders.document_not_uploaded"))
    ids = [v.lower() for v in cleaned["visit_ids"]]
    if ids and len(queries.own_visits(db, user.id, ids)) != len(set(ids)):
        errors.append(_invalid("visit_ids", "leaders.visit_unknown"))
    refuse_if(errors)
    return {**cleaned, "visit_ids": sorted(set(ids)), "node_id": own_node(user, existing)}


def own_node(user, existing):
    """A record stays at the node it was first written at (a leader who moves leaves their
    past with their old unit)."""
    return existing["node_id"] if existing else user.node["id"]


def writer_only(user, existing):
    """Only the leader who wrote it edits or deletes it."""
    return existing["created_by"] == user.id


def serializer(fields, extra=()):
    def serialize(db, row):
        record = {k: row[k] for k in ("id", "node_id", "created_by", "created_at", "updated_at",
                                      *fields, *extra)}
        for key in ("photos", "visit_ids"):
            if key in record and isinstance(record[key], str):
                record[key] = json.loads(record[key])
        return record
    return serialize


GRASSROOTS_DAY = register(Entity(
    name="grassroots_day", table="grassroots_days",
    clean=fields_clean(DAY_FIELDS, rules.LEADERS, day_rules), prepare=prepare_day,
    may_write=writer_only, serialize=serializer(DAY_FIELDS),
    media=lambda row: row.get("photos") or [],
))
RESEARCH_VISIT = register(Entity(
    name="research_visit", table="research_visits",
    clean=fields_clean(VISIT_FIELDS, rules.LEADERS, visit_rules), prepare=prepare_visit,
    may_write=writer_only, serialize=serializer(VISIT_FIELDS, ("over_limit",)),
    media=lambda row: row.get("photos") or [],
))
RESEARCH_REPORT = register(Entity(
    name="research_report", table="research_reports",
    clean=fields_clean(REPORT_FIELDS, rules.LEADERS, report_rules), prepare=prepare_report,
    may_write=writer_only, serialize=serializer(REPORT_FIELDS),
))
