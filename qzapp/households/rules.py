"""Rules of households and pairings from the seed and the requirements."""
import datetime as dt

from .. import rules

# §3 结对认亲/联村帮户: pairings and stationed cadres rotate after one to two years.
ROTATION_DUE_MONTHS = 12
ROTATION_OVERDUE_MONTHS = 24

DIFFICULTY_TYPES = ("illness", "disability", "elderly_alone", "left_behind_children",
                    "low_income", "disaster", "other")
# Roles that keep a village's register; with a node at the village or a grid of it they
# handle its households and see their personal data in full.
REGISTER_KEEPERS = frozenset({"first_secretary", "village_staff", "grid_worker"})
OLDEST_BIRTH_YEAR = 1900
# Showing a household's full phone or ID number is recorded; more than this many in the window
# is no longer work with one's households but a harvest, and is refused.
REVEALS_PER_WINDOW = 30
REVEAL_WINDOW_MINUTES = 60


@rules.served("households")
def _served():
    """The rules of households and pairings the phone checks, shows and hides by."""
    # entity.py and pairing.py import this module: their constants are read when served.
    from .entity import FIELDS, WRITERS
    from .pairing import PAIRABLE_ROLES
    return {
        "rotation_due_months": ROTATION_DUE_MONTHS,
        "rotation_overdue_months": ROTATION_OVERDUE_MONTHS,
        "difficulty_types": list(DIFFICULTY_TYPES), "oldest_birth_year": OLDEST_BIRTH_YEAR,
        "reveals_per_window": REVEALS_PER_WINDOW, "reveal_window_minutes": REVEAL_WINDOW_MINUTES,
        # Sets are sent sorted: their own order differs from one server process to the next.
        "register_keepers": sorted(REGISTER_KEEPERS), "register_writers": sorted(WRITERS),
        "pairable_roles": list(PAIRABLE_ROLES), "fields": list(FIELDS),
    }


_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def add_months(day, months):
    """The same day months later (the month's last day when it has no such day)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue


def rotation_status(start_date, today):
    """'ok', 'due' from 12 months after the start, 'overdue' after 24 months."""
    start = dt.date.fromisoformat(start_date) if isinstance(start_date, str) else start_date
    if today > add_months(start, ROTATION_OVERDUE_MONTHS):
        return "overdue"
    if today >= add_months(start, ROTATION_DUE_MONTHS):
        return "due"
    return "ok"


def started(status, today):
    """(earliest, latest) start dates (ISO; None: no bound) of the pairings or stationings in
    rotation status today, the dates rotation_status judges so: a status is a range of start
    dates, the older the later in the rotation."""
    last_overdue = _last_start(today, ("overdue",), ROTATION_OVERDUE_MONTHS)
    last_due = _last_start(today, ("due", "overdue"), ROTATION_DUE_MONTHS)
    after = dt.timedelta(days=1)
    return {"overdue": (None, last_overdue.isoformat()),
            "due": ((last_overdue + after).isoformat(), last_due.isoformat()),
            "ok": ((last_due + after).isoformat(), None)}[status]


def _last_start(today, statuses, months):
    """The latest start date whose rotation status today is one of statuses (it lies a few
    days around months before today, month ends being what they are)."""
    day = add_months(today, -months) + dt.timedelta(days=4)
    while rotation_status(day, today) not in statuses:
        day -= dt.timedelta(days=1)
    return day


def id_number_problem(number, today):
    """None for a valid 18-character resident ID number, else a catalogue key."""
    if len(number) != 18 or not (number[:17].isascii() and number[:17].isdigit()) \
            or number[17] not in "0123456789X":   # isdigit() alone takes "²" and "٣"
        return "household.id_format"
    try:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return "household.id_birth_date"
    if born.year < OLDEST_BIRTH_YEAR or born > today:
        return "household.id_birth_date"
    return None if id_check_digit(number[:17]) == number[17] else "household.id_checksum"


def id_check_digit(first17):
    """The check character of an ID number's first 17 digits (GB 11643)."""
    return _ID_CHECK[sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS)) % 11]


def keeps_register_of(user, node_path):
    """Whether the user keeps the register of the village or grid at node_path."""
    return (user.has_role(*REGISTER_KEEPERS) and user.node["kind"] in ("village", "grid")
            and user.scope.contains_path(node_path))


def handles(user, cadre_id, node_path):
    """Whether the user handles a household (its paired cadre, or a keeper of its village's
    register), and so sees its names, phone and ID number in full."""
    return cadre_id == user.id or (node_path is not None and keeps_register_of(user, node_path))
