"""The phone applies the leaders' rules as the server does: pwa/js/leaders/rules.js, given the
rules the server serves in /js/rules.js, agrees with qzapp/leaders/rules.py on one table of
cases — the origins of a visit's entourage over the rule of the leader's level (over_limit,
which the visit form applies as it is typed), and the pace against a yearly target of days
(pace, which the phone recomputes when it counts days written offline), rounding included."""
import datetime as dt
import random

import pytest
from playwright.sync_api import expect

from qzapp.leaders import rules

pytestmark = pytest.mark.browser

ENTOURAGES = [
    {"provincial": 3, "city": 3, "county": 1},      # the seed's limits exactly
    {"provincial": 4},
    {"city": 4},
    {"county": 2},
    {"provincial": 4, "city": 9, "county": 2},
    {"provincial": 0, "city": 0, "county": 0},
    {},
    {"provincial": None, "city": 3},
    {"provincial": 999, "county": 1},
]
LEVELS = [*rules.LEVELS, None, "village"]
OVER_CASES = [(level, heads) for level in LEVELS for heads in ENTOURAGES]

# (count, target, day): the year's edges, a leap year, targets none, small and large, and
# days left that make the weekly pace an exact tie at one decimal (0.25, 0.75 a week).
DAYS = ["2025-01-01", "2025-02-14", "2025-06-30", "2025-12-04", "2025-12-31", "2024-02-29",
        "2024-12-31", "2028-07-01"]
PACE_CASES = [
    *((count, target, day) for day in DAYS for target in (None, 0, 1, 90, 120, 366)
      for count in (0, 1, 45, 89, 90, 200)),
    (89, 90, "2025-12-04"), (87, 90, "2025-12-04"), (85, 90, "2025-12-04"),
    *((rng.randint(0, 120), rng.choice((60, 90, 100, 150)),
       (dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(365))).isoformat())
      for rng in [random.Random(2013)] for _ in range(400)),
]
ROUNDED = [k / 4 for k in range(80)] + [k / 20 for k in range(200)] + [
    remaining * 7 / left for remaining in range(0, 95, 3) for left in range(1, 367, 7)]

COMPUTE = """async ({ over, paces, rounded }) => {
  const { overLimit, pace, roundTenth } = await import("/js/leaders/rules.js");
  return {
    over: over.map(([level, heads]) => overLimit(level, heads)),
    pace: paces.map(([count, target, day]) => pace(count, target, day)),
    rounded: rounded.map(roundTenth),
  };
}"""


@pytest.fixture
def phone(page, server_url):
    """What the phone's module answers for the whole table."""
    page.goto(server_url + "/")
    expect(page.get_by_role("button", name="登录")).to_be_visible()
    return page.evaluate(COMPUTE, {"over": OVER_CASES, "paces": PACE_CASES,
                                   "rounded": ROUNDED})


def test_the_phone_flags_an_entourage_over_the_rule_as_the_server_does(phone):
    expected = [rules.over_limit(level, heads) for level, heads in OVER_CASES]
    assert phone["over"] == expected
    assert ["provincial"] in expected and ["provincial", "city", "county"] in expected


def test_the_phone_paces_a_year_as_the_server_does(phone):
    expected = [rules.pace(count, target, dt.date.fromisoformat(day))
                for count, target, day in PACE_CASES]
    for case, mine, theirs in zip(PACE_CASES, phone["pace"], expected):
        assert mine == theirs, case
    # The ties are in the table: 1 and 3 days left to do in the last 28 days of 2025.
    assert {theirs["per_week"] for case, theirs in zip(PACE_CASES, expected)
            if case[2] == "2025-12-04" and case[1] == 90} >= {0.2, 0.8}


def test_the_phone_rounds_a_pace_as_python_does(phone):
    assert phone["rounded"] == [round(value, 1) for value in ROUNDED]
