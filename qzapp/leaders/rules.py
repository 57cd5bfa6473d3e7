"""The rules of leaders' grassroots work (F8, seed §2), defined once and served to the phone.

§2: city (市州) leaders spend at least 90 days a year at the grassroots; leaders write at least
one research report a year; when members of the provincial leadership go to the grassroots,
no more than 3 people from provincial departments and 3 from the city come along, and the
county sends 1. A leader's level is the kind of their node of the org tree.
"""
import datetime as dt

from .. import rules as shared

LEADERS = frozenset({"leader"})
# Who reads the leaders of their scope (their records, progress and targets), online.
READERS = frozenset({"supervisor", "admin"})
# Who sets contact points and targets: administrators of the subtree.
KEEPERS = frozenset({"admin"})

LEVELS = ("province", "city", "county", "township")
# What a leader keeps in touch with (联系点, seed §2): townships, villages and communities,
# enterprises and other units (party organisations), at most this many.
CONTACT_KINDS = ("township", "village", "party_org")
MAX_CONTACTS = 50
# Days at the grassroots a year, by level, where no node sets its own (seed §2: city ≥ 90;
# county leaders "more time", no number). A node may ask more of its leaders, never less
# than the seed's floor.
DEFAULT_DAYS_PER_YEAR = {"city": 90}
DAYS_FLOOR = {"city": 90}
DAYS_MAX = 366
# Research reports a year (seed §2: at least one).
REPORTS_PER_YEAR = 1

VISIT_KINDS = ("squat", "topic", "random")   # 蹲点调研, 专题调研, 随机调研
ENTOURAGE = ("provincial", "city", "county")  # 省直部门, 市(州), 县(市、区)
# The most who may come along, by the visiting leader's level and where they come from.
ENTOURAGE_LIMITS = {"province": {"provincial": 3, "city": 3, "county": 1}}
ENTOURAGE_MAX = 999
# The longest visit (a 蹲点 stay of a season at most).
VISIT_MAX_DAYS = 92

TEXT_MAX = 2000
REPORT_MAX = 50_000
TITLE_MAX = 100
PLACE_MAX = 200
PHOTOS_MAX = 9
# Research reports as documents: what they may be, how big.
DOCUMENT_KINDS = ("pdf", "docx", "doc")
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
DOCUMENT_NAME_MAX = 120

# Receptions (F9, seed §4): public receptions (定期接访) and visits with cases (带案下访);
# city leaders hold at least one a month.
RECEPTION_KINDS = ("scheduled", "visit")
RECEPTION_STATUSES = ("planned", "held", "cancelled")
DEFAULT_RECEPTIONS_PER_MONTH = {"city": 1}
VISITORS_MAX = 10_000
# How far ahead the public board announces a reception.
BOARD_RECEPTION_DAYS = 60

# Records that prove a day at the grassroots, besides the days logged as such: a visit diary,
# an evening talk or a group activity the leader wrote, a day of a research visit, a reception
# held, a case the leader took in where people are (at a reception, an evening talk, a visit).
DAY_SOURCES = ("logged", "diary", "visit", "reception", "case")
DIARY_KINDS_AWAY = ("visit", "evening_talk", "group_activity")
CASE_CHANNELS_AWAY = ("leader_reception", "evening_talk", "diary")


def over_limit(level, entourage):
    """The origins whose entourage exceeds the rule for a visit by a leader of level (a
    list, empty when within it or when the level has no rule)."""
    limits = ENTOURAGE_LIMITS.get(level, {})
    return [origin for origin in ENTOURAGE
            if origin in limits and (entourage.get(origin) or 0) > limits[origin]]


def days_target(level, setting):
    """A leader's days a year: their node's setting, else the level's default (None: none)."""
    return setting if setting is not None else DEFAULT_DAYS_PER_YEAR.get(level)


def receptions_target(level, setting):
    """A leader's receptions a month: their node's setting, else the level's default."""
    return setting if setting is not None else DEFAULT_RECEPTIONS_PER_MONTH.get(level)


def pace(count, target, today):
    """Where a leader stands against a yearly target on a day of the year: {target, count,
    remaining, expected (by today, pro rata), behind, per_week (days a week still needed)}."""
    if not target:
        return {"target": None, "count": count}
    start = dt.date(today.year, 1, 1)
    days_in_year = (dt.date(today.year + 1, 1, 1) - start).days
    elapsed = (today - start).days + 1
    left = days_in_year - elapsed + 1            # today included
    remaining = max(target - count, 0)
    expected = target * elapsed // days_in_year
    return {"target": target, "count": count, "remaining": remaining, "expected": expected,
            "behind": count < expected, "days_left": left,
            "per_week": round(remaining * 7 / left, 1) if remaining else 0}


@shared.served("leaders")
def served():
    """The leaders' rules as the phone checks and draws them."""
    return {"leaders": sorted(LEADERS), "readers": sorted(READERS), "keepers": sorted(KEEPERS),
            "levels": list(LEVELS), "visit_kinds": list(VISIT_KINDS),
            "entourage": list(ENTOURAGE), "entourage_limits": ENTOURAGE_LIMITS,
            "entourage_max": ENTOURAGE_MAX, "visit_max_days": VISIT_MAX_DAYS,
            "default_days": DEFAULT_DAYS_PER_YEAR, "days_floor": DAYS_FLOOR,
            "reports_per_year": REPORTS_PER_YEAR, "document_kinds": list(DOCUMENT_KINDS),
            "reception_kinds": list(RECEPTION_KINDS),
            "reception_statuses": list(RECEPTION_STATUSES),
            "default_receptions": DEFAULT_RECEPTIONS_PER_MONTH, "visitors_max": VISITORS_MAX,
            "document_max_bytes": DOCUMENT_MAX_BYTES, "day_sources": list(DAY_SOURCES),
            "contact_kinds": list(CONTACT_KINDS), "max_contacts": MAX_CONTACTS,
            "max": {"photos": PHOTOS_MAX, "text": TEXT_MAX, "place": PLACE_MAX,
                    "title": TITLE_MAX, "report": REPORT_MAX,
                    "document_name": DOCUMENT_NAME_MAX}}
