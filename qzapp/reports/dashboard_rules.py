"""The rules of the dashboards (F11, seed §12), defined once and served to the phone: who reads
them, the figures they show (grouped as the screen draws them), which are as of today rather
than of the period, and the longest period."""
from .. import rules as shared

# Who reads the dashboards of their scope, and the annual report of anyone in it.
READERS = frozenset({"supervisor", "leader", "admin"})
# The longest period one dashboard covers, in whole months.
MAX_MONTHS = 36

# (figure, group): the figures of an org node, in the order the screen shows them.
FIGURES = (
    ("diaries", "work"), ("visits", "work"), ("households_paired", "work"),
    ("households_visited", "work"), ("follow_ups_overdue", "work"),
    ("cases_received", "ledger"), ("cases_closed", "ledger"), ("cases_on_time", "ledger"),
    ("cases_overdue", "ledger"), ("cases_escalated", "ledger"), ("cases_rated", "ledger"),
    ("cases_satisfied", "ledger"), ("warnings_open", "ledger"),
    ("duty_minutes", "duty"), ("members_without_post", "duty"),
    ("leaders", "leaders"), ("leader_days", "leaders"), ("leaders_behind", "leaders"),
    ("receptions", "leaders"), ("reception_months_missed", "leaders"),
    ("rotations_due", "rotation"), ("rotations_overdue", "rotation"),
)
NAMES = tuple(name for name, _ in FIGURES)
# The figures of one person (their own records, as author, receiver, owner, member, leader).
PERSON_FIGURES = ("diaries", "visits", "households_paired", "households_visited",
                  "follow_ups_overdue", "cases_received", "cases_closed", "cases_on_time",
                  "cases_overdue", "cases_rated", "cases_satisfied", "duty_minutes",
                  "leader_days", "receptions", "reception_months_missed", "rotations_due",
                  "rotations_overdue")
# Figures as of today, whatever the period: what is running, open or due now.
AS_OF_TODAY = frozenset({"households_paired", "follow_ups_overdue", "cases_overdue",
                         "warnings_open",
                         "members_without_post", "leaders", "leaders_behind", "rotations_due",
                         "rotations_overdue"})
# Rates the screen shows beside the figures: (name, part, whole).
RATES = (("on_time_rate", "cases_on_time", "cases_closed"),
         ("satisfied_rate", "cases_satisfied", "cases_rated"),
         ("visited_rate", "households_visited", "households_paired"))


def rate(part, whole):
    """A rate in percent to one decimal, or None when there is nothing to rate."""
    return round(100 * part / whole, 1) if whole else None


@shared.served("dashboard")
def served():
    """The dashboards' rules as the phone draws them."""
    return {"readers": sorted(READERS), "max_months": MAX_MONTHS,
            "figures": [{"name": n, "group": g, "as_of_today": n in AS_OF_TODAY}
                        for n, g in FIGURES],
            "person_figures": list(PERSON_FIGURES),
            "rates": [{"name": n, "part": p, "whole": w} for n, p, w in RATES]}
