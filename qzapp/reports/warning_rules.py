"""The rules of early warning (舆情预警, requirement F10, seed §4), defined once and served to the
phone: the windows hot spots are counted over and their default thresholds, who is told and
who acknowledges; what a major-situation report (重大情况报告) is made of and who writes,
reads and acknowledges it on its way up the tree."""
from .. import rules as shared
from ..ledger import rules as ledger

# Windows of days ending today, each compared with the window of as many days before it.
WINDOWS = (7, 30)
# A window raises a warning when its count reaches `absolute`, or when it reaches the window
# before's count raised by `percent` and at least `minimum` (so that 1 → 2 is no hot spot).
DEFAULT_THRESHOLDS = {
    7: {"absolute": 5, "percent": 100, "minimum": 3},
    30: {"absolute": 15, "percent": 100, "minimum": 8},
}
THRESHOLD_FIELDS = ("absolute", "percent", "minimum")
COUNT_MAX = 100_000
PERCENT_MAX = 10_000
# The node kind whose grids count with it: the spot is the village or community.
SPOT_KIND = "village"
STATUSES = ("open", "acknowledged")
NOTE_MAX = 500

# Who is told of a hot spot: the village's own staff, and the township's overseers (on the
# township, or on the spot when it is a township or above).
SPOT_STAFF = frozenset({"first_secretary", "village_staff", "community_staff"})
TOWNSHIP_OVERSEERS = frozenset({"supervisor", "leader"})
# Who reads the warnings of their scope, and acknowledges one whose spot it holds.
READERS = SPOT_STAFF | TOWNSHIP_OVERSEERS | {"admin"}
ACKNOWLEDGERS = SPOT_STAFF | TOWNSHIP_OVERSEERS
# Who sets thresholds (on a node of their scope).
KEEPERS = frozenset({"admin"})

# Major-situation reports: who writes one (for their own node), who acknowledges it at the
# level it awaits (their own node), who reads those of their scope.
SITUATION_WRITERS = frozenset({"first_secretary", "village_staff", "community_staff",
                               "grid_worker", "leader", "supervisor"})
SITUATION_ACKNOWLEDGERS = frozenset({"supervisor", "leader", "admin"})
SITUATION_READERS = SITUATION_WRITERS | {"admin"}
# The report goes up the tree level by level, up to and including the city (市州).
TOP_KIND = "city"
# 一般, 较大, 重大, 特别重大: the national grades of an incident.
SEVERITIES = ("general", "large", "major", "extreme")
SITUATION_STATUSES = ("awaiting", "done")
TITLE_MAX = 100
BODY_MAX = 5000
PHOTOS_MAX = 9


def thresholds_for(path, settings):
    """The thresholds of each window for the node at path ("/1/5/12/"): for each field, the
    setting of the deepest node on the path that sets it, else the default. settings:
    {(node_id, days): {absolute, percent, minimum}} (None where not set)."""
    chain = [int(part) for part in path.strip("/").split("/") if part][::-1]
    found = {}
    for days in WINDOWS:
        found[days] = {}
        for name in THRESHOLD_FIELDS:
            value = next((settings[(node, days)][name] for node in chain
                          if (node, days) in settings
                          and settings[(node, days)][name] is not None), None)
            found[days][name] = DEFAULT_THRESHOLDS[days][name] if value is None else value
    return found


def reasons(count, previous, thresholds):
    """What a window's count raises, a list: absolute (count ≥ absolute), relative (count ≥
    previous × (1 + percent/100) and ≥ minimum); empty when nothing."""
    found = []
    if count >= thresholds["absolute"]:
        found.append("absolute")
    if count >= thresholds["minimum"] and \
            count * 100 >= previous * (100 + thresholds["percent"]):
        found.append("relative")
    return found


@shared.served("warnings")
def served():
    """The rules of early warning as the phone draws them."""
    return {"windows": list(WINDOWS),
            "defaults": {str(days): values for days, values in DEFAULT_THRESHOLDS.items()},
            "statuses": list(STATUSES), "note_max": NOTE_MAX,
            "readers": sorted(READERS), "acknowledgers": sorted(ACKNOWLEDGERS),
            "keepers": sorted(KEEPERS),
            "situation": {"writers": sorted(SITUATION_WRITERS),
                          "acknowledgers": sorted(SITUATION_ACKNOWLEDGERS),
                          "readers": sorted(SITUATION_READERS),
                          "categories": list(ledger.CATEGORIES),
                          "severities": list(SEVERITIES),
                          "statuses": list(SITUATION_STATUSES),
                          "title_max": TITLE_MAX, "body_max": BODY_MAX,
                          "photos_max": PHOTOS_MAX, "note_max": NOTE_MAX}}
