"""The rules of the satisfaction surveys of a unit (政风行风满意度, §12, requirement F12): the
fixed questions and choices, who makes surveys, the limits on what they and residents send.
Served to the phone (served()), which draws its form and results by them."""
import datetime as dt

from .. import rules as shared

# The questions every survey asks, in order (工作作风, 办事效率, 服务态度, 依法办事与廉洁自律,
# 总体评价): the evaluation of a unit's work style that §12 puts in the hands of the masses.
QUESTIONS = ("style", "efficiency", "attitude", "integrity", "overall")
# The choices of each (满意 / 基本满意 / 不满意 / 不了解).
CHOICES = ("satisfied", "basic", "unsatisfied", "unknown")
# The satisfaction rate counts 满意 and 基本满意 among the answers of those who know the unit:
# 不了解 is no judgement either way.
SATISFIED = ("satisfied", "basic")
NOT_JUDGED = ("unknown",)

# Who makes, closes and reads surveys: the organisation and discipline departments, and the
# administrators of a subtree.
CREATORS = frozenset({"supervisor", "admin"})
READERS = CREATORS

TITLE_MAX = 100
COMMENT_MAX = 500
# A survey runs at most about a year; a longer one is a mistake in a date.
PERIOD_MAX_DAYS = 366

# Answers from one client address: enough for a village meeting where the whole room scans
# the poster through one carrier's shared address, too few to stuff a unit's result (the
# phone and the device are limited to one answer each besides).
ANSWERS_PER_ADDRESS_HOUR = 60
ANSWERS_PER_ADDRESS_DAY = 200
# The device cookie a survey's form sets, sent back only to survey pages: one answer per
# device. It lives two years, longer than any survey.
DEVICE_COOKIE = "qz_survey_device"
DEVICE_COOKIE_DAYS = 730
# A mainland mobile number as residents type it (spaces, dashes, +86 taken away first).
PHONE_DIGITS = 11


def state(survey, today):
    """Where a survey (a row with starts_on, ends_on, closed_at) stands on a day (China's):
    "upcoming", "open", "closed" (early, by its maker) or "ended"."""
    if survey["closed_at"]:
        return "closed"
    day = today.isoformat() if isinstance(today, dt.date) else today
    if day < survey["starts_on"]:
        return "upcoming"
    return "open" if day <= survey["ends_on"] else "ended"


@shared.served("surveys")
def served():
    """The questions, choices and limits the phone draws surveys by."""
    return {
        "questions": list(QUESTIONS), "choices": list(CHOICES), "satisfied": list(SATISFIED),
        "not_judged": list(NOT_JUDGED), "creators": sorted(CREATORS),
        "readers": sorted(READERS), "title_max": TITLE_MAX, "comment_max": COMMENT_MAX,
        "period_max_days": PERIOD_MAX_DAYS,
    }
