"""The phone counts working days as the server does: pwa/js/ledger/workdays.js, given the
server's served() calendar, agrees with qzapp/ledger/workdays.py day for day, in Beijing and
in a time zone behind UTC (where a day taken in local time would slip)."""
import datetime as dt
import random

import pytest
from playwright.sync_api import expect

from qzapp.ledger.workdays import (
    add_workdays,
    is_known,
    is_workday,
    served,
    workdays_between,
)

pytestmark = pytest.mark.browser

SINCE_YEAR = 2024
FIRST, LAST = dt.date(2024, 12, 1), dt.date(2027, 1, 31)
COUNTS = list(range(21))

COMPUTE = """async ({ served, days, counts, pairs }) => {
  const { makeCalendar } = await import("/js/ledger/workdays.js");
  const calendar = makeCalendar(served);
  return {
    known: days.map((day) => calendar.isKnown(day)),
    workday: days.map((day) => calendar.isWorkday(day)),
    added: days.map((day) => counts.map((n) => calendar.addWorkdays(day, n))),
    between: pairs.map(([a, b]) => calendar.workdaysBetween(a, b)),
  };
}"""

OUTSIDE = """async (served) => {
  const { makeCalendar } = await import("/js/ledger/workdays.js");
  const calendar = makeCalendar(served);
  const thrown = (call) => { try { call(); return null; } catch (error) { return error.name; } };
  return {
    known: calendar.isKnown("2024-10-01"),
    workday: ["2024-10-01", "2024-10-12", "2024-10-13"].map((day) => calendar.isWorkday(day)),
    added: calendar.addWorkdays("2024-09-30", 1),
    negative: thrown(() => calendar.addWorkdays("2025-01-24", -1)),
    invalid: thrown(() => calendar.isWorkday("2025-02-30")),
  };
}"""


def every_day():
    """The days compared: December 2024 through January 2027."""
    return [(FIRST + dt.timedelta(days=k)).isoformat() for k in range((LAST - FIRST).days + 1)]


def pairs(days):
    """A few hundred (a, b) pairs, either way round, with holidays' edges among them."""
    rng = random.Random(2026)
    edges = [("2025-01-27", "2025-02-05"), ("2025-10-09", "2025-09-30"),
             ("2026-10-10", "2026-09-18"), ("2026-12-31", "2027-01-29"),
             ("2025-10-03", "2025-10-03")]
    return [*(tuple(rng.sample(days, 2)) for _ in range(300)), *edges]


def open_page(page, server_url):
    page.goto(server_url + "/")
    expect(page.get_by_role("button", name="登录")).to_be_visible()


@pytest.mark.parametrize("zone", [
    "Asia/Shanghai",
    pytest.param("America/Los_Angeles",
                 marks=pytest.mark.browser_context_args(timezone_id="America/Los_Angeles")),
])
def test_the_phone_and_the_server_count_alike(page, server_url, page_errors, zone):
    days = every_day()
    pairs_ = pairs(days)
    open_page(page, server_url)
    phone = page.evaluate(COMPUTE, {"served": served(since_year=SINCE_YEAR), "days": days,
                                    "counts": COUNTS, "pairs": pairs_})
    dates = [dt.date.fromisoformat(day) for day in days]
    assert phone["known"] == [is_known(day) for day in dates]
    assert phone["workday"] == [is_workday(day) for day in dates]
    assert phone["added"] == [[add_workdays(day, n).isoformat() for n in COUNTS]
                              for day in dates]
    assert phone["between"] == [workdays_between(dt.date.fromisoformat(a),
                                                 dt.date.fromisoformat(b)) for a, b in pairs_]


def test_days_before_the_served_years_count_weekdays(page, server_url, page_errors):
    """The phone is served only recent years: earlier days count Monday to Friday, like days
    past the known years (the server's calendar has 2024's National Day)."""
    open_page(page, server_url)
    phone = page.evaluate(OUTSIDE, served(since_year=2025))
    assert not is_workday(dt.date(2024, 10, 1)) and is_workday(dt.date(2024, 10, 12))
    assert phone == {"known": False, "workday": [True, False, False], "added": "2024-10-01",
                     "negative": "RangeError", "invalid": "RangeError"}
