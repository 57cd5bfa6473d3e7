"""The working-day calendar of appeal deadlines (限时办结), against the State Council's notices
on holidays and make-up working days (调休)."""
import datetime as dt
import json
import random
import re
from pathlib import Path

import chinese_calendar
import pytest

from qzapp.clock import today
from qzapp.ledger.workdays import (
    add_workdays,
    is_known,
    is_workday,
    known_years,
    served,
    workdays_between,
)

FIRST_YEAR, LAST_YEAR = known_years()
WORKDAYS_JS = Path(__file__).resolve().parents[1] / "pwa" / "js" / "ledger" / "workdays.js"


def d(text):
    return dt.date.fromisoformat(text)


def days(first, last):
    """Every day from first through last."""
    day = first
    while day <= last:
        yield day
        day += dt.timedelta(days=1)


def walk(start, n):
    """add_workdays, one day at a time."""
    if n == 0 and is_workday(start):
        return start
    day, seen = start, 0
    while seen < max(n, 1):
        day += dt.timedelta(days=1)
        seen += is_workday(day)
    return day


def weekdays_after(start, n):
    """The n-th Monday-to-Friday day after start: the calendar of unknown years."""
    day = start
    while n:
        day += dt.timedelta(days=1)
        n -= day.weekday() < 5
    return day


# (first day off, last day off, make-up working days). 2025 as the State Council's notice of
# 2024-11-12 has them. 2026 as its notice of 2025-11-04 (published by Xinhua) has them:
#   元旦 1月1日(周四)至3日(周六) off, 1月4日(周日)上班;
#   春节 2月15日(周日)至23日(周一) off, 共9天, 2月14日(周六)、2月28日(周六)上班;
#   中秋节 9月25日(周五)至27日(周日) off, no make-up day;
#   国庆节 10月1日(周四)至7日(周三) off, 共7天, 9月20日(周日)、10月10日(周六)上班.
# The package has exactly these days.
HOLIDAYS = [
    ("2025-01-28", "2025-02-04", ["2025-01-26", "2025-02-08"]),   # 春节
    ("2025-10-01", "2025-10-08", ["2025-09-28", "2025-10-11"]),   # 国庆节、中秋节
    ("2026-01-01", "2026-01-03", ["2026-01-04"]),                 # 元旦
    ("2026-02-15", "2026-02-23", ["2026-02-14", "2026-02-28"]),   # 春节
    ("2026-09-25", "2026-09-27", []),                             # 中秋节
    ("2026-10-01", "2026-10-07", ["2026-09-20", "2026-10-10"]),   # 国庆节
]


@pytest.mark.parametrize(("first", "last", "make_up"), HOLIDAYS)
def test_official_holidays_and_make_up_days(first, last, make_up):
    assert not any(is_workday(day) for day in days(d(first), d(last)))
    assert is_workday(d(first) - dt.timedelta(days=1)) or d(first).weekday() >= 5
    assert all(is_workday(d(day)) and d(day).weekday() >= 5 for day in make_up)


def test_the_make_up_days_are_the_only_weekend_workdays_of_2025_and_2026():
    weekend_work = {day.isoformat() for day in days(d("2025-01-01"), d("2026-12-31"))
                    if day.weekday() >= 5 and is_workday(day)}
    assert weekend_work == {"2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28",
                            "2025-10-11", "2026-01-04", "2026-02-14", "2026-02-28",
                            "2026-05-09", "2026-09-20", "2026-10-10"}


def test_known_years_agree_with_the_package_day_for_day():
    assert FIRST_YEAR <= 2004 and LAST_YEAR >= 2026
    for day in days(dt.date(FIRST_YEAR, 1, 1), dt.date(LAST_YEAR, 12, 31)):
        assert is_known(day)
        assert is_workday(day) == chinese_calendar.is_workday(day), day


@pytest.mark.parametrize(("start", "n", "due"), [
    ("2025-01-24", 0, "2025-01-24"),   # a Friday before the Spring Festival
    ("2025-01-24", 1, "2025-01-26"),   # the Sunday make-up day
    ("2025-01-24", 2, "2025-01-27"),   # the last day before the holiday
    ("2025-01-24", 3, "2025-02-05"),   # the first day after it
    ("2025-01-27", 1, "2025-02-05"),   # received the day before the holiday
    ("2025-02-04", 0, "2025-02-05"),   # received on the last day of the holiday
    ("2025-02-04", 1, "2025-02-05"),
    ("2025-02-04", 4, "2025-02-08"),   # the Saturday make-up day
    ("2025-01-30", 0, "2025-02-05"),   # n = 0 on a holiday
    ("2025-09-27", 0, "2025-09-28"),   # n = 0 on a Saturday before a Sunday make-up day
    ("2025-09-28", 0, "2025-09-28"),   # n = 0 on a make-up day
    ("2025-09-30", 1, "2025-10-09"),   # the day before National Day
    ("2025-09-30", 3, "2025-10-11"),
    ("2025-10-08", 1, "2025-10-09"),   # the last holiday day
    ("2026-02-13", 1, "2026-02-14"),   # the Saturday make-up day before the Spring Festival
    ("2026-02-13", 2, "2026-02-24"),
    ("2026-02-23", 0, "2026-02-24"),   # the last holiday day, a Monday
    ("2026-09-24", 1, "2026-09-28"),   # Mid-Autumn: Friday to Sunday off
    ("2026-09-30", 1, "2026-10-08"),   # the day before National Day
    ("2026-09-30", 3, "2026-10-10"),   # the Saturday make-up day
    ("2026-09-30", 4, "2026-10-12"),
    ("2026-10-07", 0, "2026-10-08"),
    ("2025-01-24", 30, "2025-03-13"),  # a 30-working-day deadline across the Spring Festival
])
def test_add_workdays(start, n, due):
    assert add_workdays(d(start), n) == d(due)


def test_add_workdays_refuses_a_negative_count():
    with pytest.raises(ValueError):
        add_workdays(d("2025-01-24"), -1)


@pytest.mark.parametrize(("a", "b", "count"), [
    ("2025-01-27", "2025-02-05", 1),   # across the whole Spring Festival
    ("2025-01-24", "2025-02-08", 6),   # with both make-up days
    ("2025-02-05", "2025-01-27", -1),
    ("2025-02-08", "2025-01-24", -6),
    ("2025-10-03", "2025-10-03", 0),
    ("2025-10-01", "2025-10-08", 0),   # inside a holiday
    ("2025-09-26", "2025-10-09", 4),   # days left: the Sunday make-up day, Mon, Tue, Thu
    ("2025-10-09", "2025-09-30", -1),  # overdue by one working day
    ("2026-02-13", "2026-02-28", 6),   # Sat 14th, Tue 24th – Fri 27th, Sat 28th
    ("2026-10-10", "2026-09-18", -11),
])
def test_workdays_between(a, b, count):
    assert workdays_between(d(a), d(b)) == count


def test_counting_agrees_with_walking_the_calendar():
    """add_workdays and workdays_between, by jumps and bisects, as a day-by-day walk has them,
    around both ends of the known years too."""
    rng = random.Random(20250128)
    span = (dt.date(FIRST_YEAR - 1, 10, 1), dt.date(LAST_YEAR + 1, 3, 31))
    width = (span[1] - span[0]).days
    for _ in range(400):
        start = span[0] + dt.timedelta(days=rng.randrange(width))
        n = rng.randrange(45)
        assert add_workdays(start, n) == walk(start, n), (start, n)
        other = span[0] + dt.timedelta(days=rng.randrange(width))
        low, high = sorted((start, other))
        count = sum(map(is_workday, days(low + dt.timedelta(days=1), high)))
        assert workdays_between(start, other) == (count if other >= start else -count)


def test_beyond_the_known_years_only_weekends_are_off():
    for year in (FIRST_YEAR - 1, LAST_YEAR + 1, LAST_YEAR + 5):
        for day in days(dt.date(year, 1, 1), dt.date(year, 12, 31)):
            assert not is_known(day)
            assert is_workday(day) == (day.weekday() < 5)


@pytest.mark.parametrize("n", range(1, 12))
def test_a_deadline_past_the_known_years_counts_weekdays(n):
    """A case received on the last working day of the last known year: its deadline falls in
    a year whose holidays are not out yet (found by date, as the package learns new years)."""
    year_end = dt.date(LAST_YEAR, 12, 31)
    received = next(day for day in (year_end - dt.timedelta(days=k) for k in range(30))
                    if is_workday(day))
    due = weekdays_after(year_end, n)
    assert add_workdays(received, n) == due and not is_known(due)
    assert workdays_between(received, due) == n and workdays_between(due, received) == -n


def test_served_round_trips_to_the_same_calendar():
    calendar = served(since_year=FIRST_YEAR)
    assert (calendar["first_year"], calendar["last_year"]) == (FIRST_YEAR, LAST_YEAR)
    off, on = set(calendar["off"]), set(calendar["on"])
    for day in days(dt.date(FIRST_YEAR, 1, 1), dt.date(LAST_YEAR, 12, 31)):
        iso = day.isoformat()
        assert is_workday(day) == (iso in on or (day.weekday() < 5 and iso not in off)), iso


def test_served_lists_only_exceptions_sorted_from_since_year():
    calendar = served(since_year=2025)
    assert calendar["first_year"] == 2025
    assert calendar["off"] == sorted(calendar["off"]) and calendar["on"] == sorted(calendar["on"])
    assert all(d(day).weekday() < 5 and day >= "2025" for day in calendar["off"])
    assert all(d(day).weekday() >= 5 and day >= "2025" for day in calendar["on"])
    assert "2025-01-28" in calendar["off"] and "2025-02-01" not in calendar["off"]  # a Saturday
    assert "2025-01-26" in calendar["on"] and "2024-10-12" not in calendar["on"]


def test_served_by_default_is_small_and_starts_two_years_back():
    calendar = served()
    assert calendar["first_year"] == max(today().year - 2, FIRST_YEAR)
    assert len(json.dumps(calendar)) < 2000  # bytes, on every phone
    assert served(since_year=LAST_YEAR + 1)["off"] == []


def test_the_phone_has_no_holiday_of_its_own():
    """The phone only interprets the served calendar: no year is written in its module."""
    assert re.search(r"20\d\d", WORKDAYS_JS.read_text()) is None
