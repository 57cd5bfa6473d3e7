"""What the home screen counts as waiting work; served to the phone with the answer."""
from .. import rules
from ..auth.roles import OVERSIGHT_ROLES
from ..households import rules as households

# A paired household with no visit (since its pairing, when never visited) for longer than
# this, and no follow-up arranged, is listed as 久未走访: 结对帮扶 expects a visit a month.
VISIT_GAP_DAYS = 30
# A village's diaries of the last week (today included) are its recent work.
RECENT_DIARY_DAYS = 7
# A list on the home shows this many rows; its count says how many there are.
LIST_LIMIT = 20


def keeps_own_village(user):
    """Whether the user keeps the register of the village or grid they belong to."""
    return households.keeps_register_of(user, user.node["path"])


def oversees(user):
    """Whether the user's work is oversight of their whole scope (supervisors, admins)."""
    return user.has_role(*OVERSIGHT_ROLES)


@rules.served("home")
def served():
    """The rules the phone needs to judge what the home shows from its own records (sent
    with GET /api/home too)."""
    return {"visit_gap_days": VISIT_GAP_DAYS, "recent_diary_days": RECENT_DIARY_DAYS}
