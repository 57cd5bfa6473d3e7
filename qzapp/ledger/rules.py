"""The rules of the case engine (民情台账, requirements F3, F14): what a case is made of, the
named transitions of its events, and the default deadline table. Defined here once; the phone
gets them from the served rules (served()) and folds a case's events by the same table."""
from .. import rules as shared
from . import workdays

# A case is a resident's appeal (诉求), or a matter brought to a service window (办事事项,
# F14: the same engine, first-inquiry responsibility 首问负责).
KINDS = ("appeal", "matter")
# Channels of F3 (§4 网上信访, §9 网络问政), and the service window of F14.
CHANNELS = ("hotline", "email", "microblog", "reception", "diary", "evening_talk",
            "online_form", "leader_reception", "service_window")
# The channel of cases a leader receives in person (定期接访, 带案下访); those naming a reception
# count for it.
RECEPTION_CHANNEL = "leader_reception"
CATEGORIES = ("infrastructure", "medical", "education", "social_security", "housing",
              "land", "employment", "environment", "dispute", "other")
URGENCIES = ("normal", "urgent", "critical")     # 一般 / 紧急 / 特急
MEDIATION_KINDS = ("people", "administrative", "judicial")   # 人民 / 行政 / 司法调解 (§4 大调解)
MEDIATION_OUTCOMES = ("agreed", "failed", "ongoing")
CLOSE_RESULTS = ("resolved", "partly", "explained")   # 解决 / 部分解决 / 解释说明
SATISFACTION = ("satisfied", "basic", "unsatisfied")   # 满意 / 基本满意 / 不满意
ASKED_BY = ("phone", "visit", "in_person", "online")   # 电话 / 上门 / 当面 / 网上 (the resident)
REPLY_BY = ("phone", "visit", "in_person", "sms", "letter")

# Who takes a case in (首办: whoever first receives it owns it until it is transferred).
INTAKE_ROLES = frozenset({"cadre", "first_secretary", "village_staff", "grid_worker", "leader",
                          "community_staff"})
# Who reads every case of their subtree (the village, township, county ledger).
READERS_IN_SCOPE = frozenset({"first_secretary", "village_staff", "grid_worker",
                              "community_staff", "leader", "supervisor", "admin"})
# Who oversees a subtree's cases: may assign, transfer and reopen cases there (they read
# them with the person masked, as every reader who does not handle a case does).
OVERSEERS = frozenset({"supervisor", "admin"})
# Who may take a case as its 包案 leader.
LEADERS = frozenset({"leader"})
# Who at a village keeps its desk for the public (an admin keeps those of the subtree).
DESK_KEEPERS = ("first_secretary", "village_staff", "community_staff")
# The role an account is shown by to the public (a poster, a resident's tracking page),
# never its name: the most senior it holds first.
PUBLIC_ROLE_ORDER = ("leader", "first_secretary", "community_staff", "village_staff",
                     "grid_worker", "cadre", "supervisor", "admin")

STATUSES = ("received", "in_progress", "transferring", "closed")
OPEN = ("received", "in_progress", "transferring")
EVERY = (*OPEN, "closed")

# The named transitions. from: the statuses the event is valid in; to: the status it leaves
# (None: unchanged); by: who of the case may write it when it arrives — "owner" (the
# responsible person), "handler" (the person it is assigned to), "target" (the receiving side
# of a pending transfer), "leader", "overseer", "reader" (anyone who may see it and handle
# cases), "author" (of the event corrected), "system" (the server's tick), "resident" (the
# person who sent the case online, through their private link).
TRANSITIONS = {
    "receive": {"from": (None,), "to": "received", "by": ("intake",)},
    "accept": {"from": ("received", "transferring"), "to": "in_progress",
               "by": ("owner", "target")},
    "assign": {"from": ("received", "in_progress"), "to": None,
               "by": ("owner", "leader", "overseer")},
    "transfer": {"from": ("received", "in_progress"), "to": "transferring",
                 "by": ("owner", "leader", "overseer")},
    "return": {"from": ("transferring",), "to": None, "by": ("target",)},
    "mediate": {"from": ("in_progress",), "to": None, "by": ("owner", "handler", "leader")},
    "take": {"from": OPEN, "to": "in_progress", "by": ("leader",)},
    "note": {"from": EVERY, "to": None, "by": ("reader",)},
    "reply": {"from": ("in_progress", "closed"), "to": None, "by": ("owner", "handler", "leader")},
    "close": {"from": ("in_progress",), "to": "closed", "by": ("owner", "handler", "leader")},
    "rate": {"from": ("closed",), "to": None,
             "by": ("owner", "handler", "leader", "overseer", "resident")},
    "reopen": {"from": ("closed",), "to": "in_progress", "by": ("overseer",)},
    "backlog": {"from": EVERY, "to": None, "by": ("owner", "leader", "overseer")},
    "escalate": {"from": OPEN, "to": None, "by": ("system",)},
    "correct": {"from": EVERY, "to": None, "by": ("author",)},
    # On the village's public board (民情公开栏, F4) with a summary written for it, or taken
    # off it. Written online: the summary is screened against the names the server holds.
    "publish": {"from": EVERY, "to": None, "by": ("owner", "handler", "leader")},
    "unpublish": {"from": EVERY, "to": None, "by": ("owner", "handler", "leader", "overseer")},
}
# Events only the server writes (the tick's), and those written online through the API.
SERVER_EVENTS = ("escalate",)
ONLINE_EVENTS = ("publish", "unpublish")
# Events a phone may write through sync.
PHONE_EVENTS = tuple(kind for kind in TRANSITIONS if kind not in (*SERVER_EVENTS, *ONLINE_EVENTS))
# 不满意 reopens a case by itself this many times; after that it stays closed, unsatisfied.
AUTO_REOPENS = 1

# Deadlines in working days by urgency, counted from the day a case is received (reopened):
# to accept it, to close it; 0 is the same (working) day. An admin may set other figures for
# a category and urgency in their subtree (ledger/deadlines.py).
DEFAULT_DEADLINES = {
    "normal": {"accept": 5, "close": 15},
    "urgent": {"accept": 1, "close": 5},
    "critical": {"accept": 0, "close": 1},
}
MAX_DEADLINE_DAYS = 250   # a working year
# A matter brought to a service window (F14) is accepted where it is asked (首问负责: the
# same working day) and settled within its type's working days, five unless a unit sets them.
MATTER_DEFAULT_CLOSE_DAYS = 5
MATTER_TYPE_MAX = 50

# Unannounced inspections of service windows (暗访, F14): who makes them, what they find.
INSPECTORS = frozenset({"supervisor", "leader"})
INSPECTION_READERS = frozenset({"supervisor", "leader", "admin"})
INSPECTION_RESULTS = ("good", "issues", "serious")   # 良好 / 有问题 / 问题严重
# Warn this many working days before a deadline (unless the deadline table says otherwise);
# escalate again each this many working days a case stays overdue.
WARN_DAYS = 2
ESCALATE_EVERY_DAYS = 3

# Text limits.
TEXT_MAX = 2000
PUBLIC_SUMMARY_MAX = 500
NOTE_MAX = 2000
PHOTOS_MAX = 9
PERSON_NAME_MAX = 50
PERSON_PHONE_MAX = 20
PARTIES_MAX = 500
MEDIATOR_MAX = 100
# What a phone number may hold (digits, and the separators people type).
PHONE_CHARACTERS = "0123456789-+ "


@shared.served("ledger")
def served():
    """The rules as the phone folds and checks cases with them, with the working-day
    calendar its deadlines count in."""
    return {
        "kinds": list(KINDS), "channels": list(CHANNELS), "categories": list(CATEGORIES),
        "urgencies": list(URGENCIES), "mediation_kinds": list(MEDIATION_KINDS),
        "mediation_outcomes": list(MEDIATION_OUTCOMES), "close_results": list(CLOSE_RESULTS),
        "satisfaction": list(SATISFACTION), "asked_by": list(ASKED_BY),
        "reply_by": list(REPLY_BY), "statuses": list(STATUSES), "open": list(OPEN),
        "transitions": {kind: {"from": list(rule["from"]), "to": rule["to"],
                               "by": list(rule["by"])} for kind, rule in TRANSITIONS.items()},
        "phone_events": list(PHONE_EVENTS), "auto_reopens": AUTO_REOPENS,
        "deadlines": DEFAULT_DEADLINES, "warn_days": WARN_DAYS,
        "escalate_every_days": ESCALATE_EVERY_DAYS,
        "intake_roles": sorted(INTAKE_ROLES), "readers_in_scope": sorted(READERS_IN_SCOPE),
        "overseers": sorted(OVERSEERS), "leaders": sorted(LEADERS),
        "text_max": TEXT_MAX, "photos_max": PHOTOS_MAX, "calendar": workdays.served(),
        "note_max": NOTE_MAX, "person_name_max": PERSON_NAME_MAX,
        "person_phone_max": PERSON_PHONE_MAX, "parties_max": PARTIES_MAX,
        "mediator_max": MEDIATOR_MAX, "phone_characters": PHONE_CHARACTERS,
        "matter_default_close_days": MATTER_DEFAULT_CLOSE_DAYS,
        "matter_type_max": MATTER_TYPE_MAX, "inspectors": sorted(INSPECTORS),
        "inspection_results": list(INSPECTION_RESULTS),
        "public_summary_max": PUBLIC_SUMMARY_MAX, "desk_keepers": list(DESK_KEEPERS),
    }
